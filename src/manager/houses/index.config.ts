export default definePageConfig({
  navigationBarTitleText: '房屋列表',
  // weapp: the page-meta of components/Page (WeChat's font setting, 长辈模式 zoom)
  enablePageMeta: true
})

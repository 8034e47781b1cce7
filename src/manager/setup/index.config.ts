export default definePageConfig({
  navigationBarTitleText: '小区设置',
  // weapp: the page-meta of components/Page (WeChat's font setting, 长辈模式 zoom)
  enablePageMeta: true
})

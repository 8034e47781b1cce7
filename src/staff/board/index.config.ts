export default definePageConfig({
  navigationBarTitleText: '今日看板',
  // weapp: the page-meta of components/Page (WeChat's font setting, 长辈模式 zoom)
  enablePageMeta: true
})

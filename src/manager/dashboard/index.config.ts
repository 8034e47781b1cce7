export default definePageConfig({
  navigationBarTitleText: '数据看板',
  // weapp: the page-meta of components/Page (WeChat's font setting, 长辈模式 zoom)
  enablePageMeta: true,
  enablePullDownRefresh: true
})

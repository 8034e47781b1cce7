export default definePageConfig({
  navigationBarTitleText: '提交入伙资料',
  // weapp: the page-meta of components/Page (WeChat's font setting, 长辈模式 zoom)
  enablePageMeta: true
})

export default definePageConfig({
  navigationBarTitleText: '阅读并签署协议',
  // weapp: the page-meta of components/Page (WeChat's font setting, 长辈模式 zoom)
  enablePageMeta: true
})

export default definePageConfig({
  navigationBarTitleText: '协议签署副本',
  // weapp: the page-meta of components/Page (WeChat's font setting, 长辈模式 zoom)
  enablePageMeta: true
})

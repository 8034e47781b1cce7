export default definePageConfig({
  navigationBarTitleText: '业主手册',
  // weapp: the page-meta of components/Page (WeChat's font setting, 长辈模式 zoom)
  enablePageMeta: true
})

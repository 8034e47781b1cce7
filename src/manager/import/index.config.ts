export default definePageConfig({
  navigationBarTitleText: '导入业主名单',
  // weapp: the page-meta of components/Page (WeChat's font setting, 长辈模式 zoom)
  enablePageMeta: true
})

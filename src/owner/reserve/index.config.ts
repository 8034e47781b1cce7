export default definePageConfig({
  navigationBarTitleText: '预约到场时间',
  // weapp: the page-meta of components/Page (WeChat's font setting, 长辈模式 zoom)
  enablePageMeta: true
})

export default definePageConfig({
  navigationBarTitleText: '工作人员登录',
  // weapp: the page-meta of components/Page (WeChat's font setting, 长辈模式 zoom)
  enablePageMeta: true
})

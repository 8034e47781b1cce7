export default definePageConfig({
  navigationBarTitleText: '身份证照片使用授权',
  // weapp: the page-meta of components/Page (WeChat's font setting, 长辈模式 zoom)
  enablePageMeta: true
})

export default definePageConfig({
  navigationBarTitleText: '阅读并签署协议'
})

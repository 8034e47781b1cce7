export default definePageConfig({
  navigationBarTitleText: '身份证照片使用授权'
})

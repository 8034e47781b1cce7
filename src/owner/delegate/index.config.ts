export default definePageConfig({
  navigationBarTitleText: '上传委托书'
})

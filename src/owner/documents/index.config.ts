export default definePageConfig({
  navigationBarTitleText: '提交入伙资料'
})

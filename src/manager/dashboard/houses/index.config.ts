export default definePageConfig({
  navigationBarTitleText: '房屋明细'
})

export default definePageConfig({
  navigationBarTitleText: '房屋档案'
})

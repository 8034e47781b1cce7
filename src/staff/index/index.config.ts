export default definePageConfig({
  navigationBarTitleText: '物业工作台'
})

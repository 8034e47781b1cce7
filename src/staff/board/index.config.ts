export default definePageConfig({
  navigationBarTitleText: '今日看板'
})

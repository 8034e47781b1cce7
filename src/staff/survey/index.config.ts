export default definePageConfig({
  navigationBarTitleText: '满意度结果',
  enablePullDownRefresh: true
})

export default definePageConfig({
  navigationBarTitleText: '我的入伙',
  enablePullDownRefresh: true,
  backgroundTextStyle: 'dark'
})

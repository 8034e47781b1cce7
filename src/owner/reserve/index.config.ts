export default definePageConfig({
  navigationBarTitleText: '预约到场时间'
})

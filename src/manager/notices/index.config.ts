export default definePageConfig({
  navigationBarTitleText: '打印入伙通知书'
})

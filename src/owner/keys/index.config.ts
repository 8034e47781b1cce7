export default definePageConfig({
  navigationBarTitleText: '交钥匙'
})

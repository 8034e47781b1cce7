export default definePageConfig({
  navigationBarTitleText: '安家入伙'
})

export default definePageConfig({
  navigationBarTitleText: '业主手册'
})

export default definePageConfig({
  navigationBarTitleText: '叫号大屏',
  pageOrientation: 'landscape',
  enablePageMeta: true
})

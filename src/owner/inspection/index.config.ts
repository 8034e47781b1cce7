export default definePageConfig({ navigationBarTitleText: '验房与交接' })

export default defineAppConfig({
  // main package: the QR landing and the owner home only (keep it small)
  pages: ['pages/entry/index', 'pages/home/index'],
  subPackages: [
    { root: 'owner', name: 'owner', pages: ['delegate/index'] },
    { root: 'staff', name: 'staff', pages: ['login/index', 'index/index'] }
  ],
  preloadRule: {
    'pages/home/index': { network: 'all', packages: ['owner'] }
  },
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#1a7f5a',
    navigationBarTitleText: '安家入伙',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6f5'
  },
  // since 2023-09 privacy APIs (chooseMedia, chooseMessageFile) need the user's consent
  __usePrivacyCheck__: true
})

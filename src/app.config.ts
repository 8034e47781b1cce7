export default defineAppConfig({
  // main package: the QR landing and the owner home only (keep it small)
  pages: ['pages/entry/index', 'pages/home/index'],
  subPackages: [
    { root: 'owner', name: 'owner', pages: ['delegate/index', 'documents/index', 'consent/index', 'messages/index', 'survey/index', 'faq/index', 'reserve/index', 'agreements/index', 'agreements/read/index', 'agreements/signed/index', 'inspection/index', 'checkin/index', 'keys/index', 'handbook/index', 'fees/index', 'cashier/index', 'receipt/index'] },
    { root: 'staff', name: 'staff', pages: ['login/index', 'index/index', 'review/index', 'survey/index', 'inspect/index', 'repairs/index', 'board/index', 'keys/index', 'tasks/index', 'cashier/index', 'password/index', 'house/index', 'alerts/index', 'hall/index'] },
    // the property manager: going live (set-up, accounts, import, houses, notices)
    { root: 'manager', name: 'manager', pages: ['index/index', 'import/index', 'setup/index', 'accounts/index', 'houses/index', 'notices/index', 'dashboard/index', 'dashboard/houses/index', 'contractors/index'] }
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

import type { PropsWithChildren } from 'react'
import { registerAriaAttributes } from './utils/ariaAttrs'
import { initDayjs } from './utils/time'
import { registerPrivacyAuthorization } from './utils/privacy'
import { getCareMode } from './stores/careMode'
import { registerServiceWorker } from './utils/service-worker'
import './app.scss'

registerAriaAttributes()
initDayjs()
// weapp: our privacy dialog answers WeChat's consent request (no-op on H5)
registerPrivacyAuthorization()
// H5: the 长辈模式 class on <html> before the first paint
getCareMode()
// H5 production: the offline app shell (no-op on weapp)
registerServiceWorker()

function App({ children }: PropsWithChildren) {
  return children
}

export default App

import type { PropsWithChildren } from 'react'
import { registerAriaAttributes } from './utils/ariaAttrs'
import { initDayjs } from './utils/time'
import './app.scss'

registerAriaAttributes()
initDayjs()

function App({ children }: PropsWithChildren) {
  return children
}

export default App

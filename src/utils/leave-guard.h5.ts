import Taro from '@tarojs/taro'

/**
 * What a page asks before it is left (issue 10 item 3: pages added but not submitted). H5 has
 * no WeChat bar: the title bar's back arrow asks through `mayLeave`, and closing or reloading
 * the tab gets the browser's own question (beforeunload; browsers show their own text).
 */
export interface LeaveGuard {
  title: string
  message: string
  /** the button that stays (e.g. 去提交) */
  stayText: string
  /** called when the owner chooses to stay */
  onStay?: () => void
}

let current: LeaveGuard | null = null

function onBeforeUnload(e: BeforeUnloadEvent): void {
  e.preventDefault()
  // older Chromium and Safari need returnValue set to ask at all
  e.returnValue = ''
}

export function setLeaveGuard(guard: LeaveGuard | null): void {
  const had = current !== null
  current = guard
  if (typeof window === 'undefined') return
  if (guard && !had) window.addEventListener('beforeunload', onBeforeUnload)
  if (!guard && had) window.removeEventListener('beforeunload', onBeforeUnload)
}

/** Whether leaving the page now would ask first. */
export function leaveGuarded(): boolean {
  return current !== null
}

/** True when the page may be left now; otherwise the owner was asked and chose to stay. */
export async function mayLeave(): Promise<boolean> {
  const guard = current
  if (!guard) return true
  const r = await Taro.showModal({ title: guard.title, content: guard.message, confirmText: guard.stayText, cancelText: '仍要离开' })
  if (r.confirm) {
    guard.onStay?.()
    return false
  }
  setLeaveGuard(null)
  return true
}

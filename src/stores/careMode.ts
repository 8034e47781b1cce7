import Taro from '@tarojs/taro'

/**
 * 长辈模式 (care mode): larger text and targets for older owners and staff. A device
 * preference, not an account one: stored locally and shared by every page of the app
 * (the owner and the staff side alike).
 */
const KEY = 'anjia.careMode'

type Listener = (on: boolean) => void

let current: boolean | null = null
const listeners = new Set<Listener>()

function read(): boolean {
  try {
    return Taro.getStorageSync(KEY) === true || Taro.getStorageSync(KEY) === '1'
  } catch {
    return false
  }
}

/** H5: the class also goes on <html>, so dialogs and toasts mounted outside the page grow too. */
function applyToDocument(on: boolean): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return
  document.documentElement.classList.toggle('anjia-care', on)
}

export function getCareMode(): boolean {
  if (current === null) {
    current = read()
    applyToDocument(current)
  }
  return current
}

export function setCareMode(on: boolean): void {
  current = on
  try {
    Taro.setStorageSync(KEY, on)
  } catch {
    // storage unavailable: the switch still applies for this visit
  }
  applyToDocument(on)
  for (const l of Array.from(listeners)) l(on)
}

export function subscribeCareMode(listener: Listener): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/** For tests: forget the cached value so the next read comes from storage. */
export function resetCareModeCache(): void {
  current = null
}

import { useSyncExternalStore } from 'react'
import { getCareMode, setCareMode, subscribeCareMode } from '../stores/careMode'

/** The device's 长辈模式 setting, re-rendering every page that uses it when it changes. */
export function useCareMode(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribeCareMode, getCareMode, getCareMode)
  return [on, setCareMode]
}

import { useEffect, useRef } from 'react'
import { setLeaveGuard, type LeaveGuard } from '../utils/leave-guard'

/**
 * Asks before the page is left while `guard` is set (the back arrow on H5, WeChat's back on
 * weapp, closing the tab); cleared when it becomes null and when the page unmounts. Only the
 * texts decide a change: an inline `onStay` does not re-register the guard on each render.
 */
export function useLeaveGuard(guard: LeaveGuard | null): void {
  const latest = useRef(guard)
  latest.current = guard
  const key = guard ? `${guard.title}\n${guard.message}\n${guard.stayText}` : ''
  useEffect(() => {
    if (!key || !latest.current) {
      setLeaveGuard(null)
      return
    }
    setLeaveGuard({ ...latest.current, onStay: () => latest.current?.onStay?.() })
    return () => setLeaveGuard(null)
  }, [key])
}

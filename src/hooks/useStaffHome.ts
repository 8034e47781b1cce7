import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import type { HouseLookupItem, StaffHomeCounts, StaffUser } from '../../types'
import { fetchStaffHomeCounts, fetchStaffMe, logoutStaff, lookupHouses } from '../api/staff'
import { PAGES } from '../routes'
import { clearSession, getStaffSession, redirectToLogin } from '../stores/session'

export type LookupState =
  | { phase: 'idle' }
  | { phase: 'searching' }
  | { phase: 'done'; q: string; items: HouseLookupItem[] }
  | { phase: 'error'; message: string }

/** Staff home: who is signed in, the house lookup, logout. */
export function useStaffHome() {
  const [user, setUser] = useState<StaffUser | null>(() => getStaffSession()?.user ?? null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [lookup, setLookup] = useState<LookupState>({ phase: 'idle' })
  const [counts, setCounts] = useState<StaffHomeCounts | null>(null)
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    []
  )

  useEffect(() => {
    const session = getStaffSession()
    if (!session) return redirectToLogin('staff')
    if (session.mustChangePassword) {
      void Taro.reLaunch({ url: PAGES.staffPassword })
      return
    }
    void fetchStaffMe().then((res) => {
      if (!alive.current) return
      if (res.ok) setUser(res.data)
      else if (res.status === 401) redirectToLogin('staff')
      else setLoadError(res.message)
    })
    // the tiles' counts: without them the tiles still work, so a failure shows no number
    void fetchStaffHomeCounts().then((res) => {
      if (alive.current && res.ok) setCounts(res.data)
    })
  }, [])

  const search = useCallback(async (raw: string) => {
    const q = raw.trim()
    if (q === '') {
      setLookup({ phase: 'error', message: '请输入房号或业主姓名' })
      return
    }
    setLookup({ phase: 'searching' })
    const res = await lookupHouses(q.slice(0, 32))
    if (!alive.current) return
    if (res.ok) setLookup({ phase: 'done', q, items: res.data.items })
    else if (res.status === 401) redirectToLogin('staff')
    else setLookup({ phase: 'error', message: res.message })
  }, [])

  const logout = useCallback(async () => {
    await logoutStaff()
    clearSession('staff')
    void Taro.reLaunch({ url: PAGES.staffLogin })
  }, [])

  return { user, loadError, lookup, search, logout, counts }
}

import { useCallback, useEffect, useRef, useState } from 'react'
import type { SurveySummary } from '../../types'
import { fetchSurveySummary } from '../api/survey'
import { getStaffSession, redirectToLogin } from '../stores/session'

export type SurveySummaryState = { phase: 'loading' } | { phase: 'error'; message: string } | { phase: 'ready'; summary: SurveySummary }

/** The manager's survey results. */
export function useSurveySummary() {
  const [state, setState] = useState<SurveySummaryState>({ phase: 'loading' })
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    []
  )
  const load = useCallback(async () => {
    if (!getStaffSession()) return redirectToLogin('staff')
    setState({ phase: 'loading' })
    const r = await fetchSurveySummary()
    if (!alive.current) return
    if (!r.ok && r.status === 401) return redirectToLogin('staff')
    setState(r.ok ? { phase: 'ready', summary: r.data } : { phase: 'error', message: r.message })
  }, [])
  useEffect(() => {
    void load()
  }, [load])
  return { state, reload: load }
}

import { useCallback, useState } from 'react'
import type { CheckinCode } from '../../types'
import { checkIn, fetchCheckin, fetchCheckinCode } from '../api/checkin'
import { useRemote } from './useRemote'

/** Owner check-in: refreshes the queue every 20 s; the tap and the staff code. */
export function useCheckin() {
  const remote = useRemote(fetchCheckin, 'owner', 20_000)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [code, setCode] = useState<CheckinCode | null>(null)

  const tap = useCallback(async () => {
    setBusy(true)
    setError(null)
    const res = await checkIn()
    setBusy(false)
    if (res.ok) remote.set(res.data)
    else setError(res.message)
  }, [remote])

  const showCode = useCallback(async () => {
    setError(null)
    const res = await fetchCheckinCode()
    if (res.ok) setCode(res.data)
    else setError(res.message)
  }, [])

  return { state: remote.state, reload: remote.reload, tap, busy, error, code, showCode }
}

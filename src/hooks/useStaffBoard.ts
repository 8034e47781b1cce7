import { useCallback, useState } from 'react'
import { callNext, fetchBoard, finishCheckin, staffCheckIn } from '../api/checkin'
import { useRemote } from './useRemote'

/** Staff day board: refreshes every 30 s; call next, finish, check in by code. */
export function useStaffBoard() {
  const remote = useRemote(() => fetchBoard(), 'staff', 30_000)
  const [notice, setNotice] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const run = useCallback(
    async (fn: () => Promise<string | null>) => {
      setBusy(true)
      setError(null)
      setNotice(null)
      try {
        const msg = await fn()
        setNotice(msg)
        await remote.reload()
      } finally {
        setBusy(false)
      }
    },
    [remote]
  )

  const next = () =>
    run(async () => {
      const res = await callNext()
      if (!res.ok) return setError(res.message), null
      return res.data.called ? `请 ${res.data.called.queueNo} 号（${res.data.called.houseLabel}）到窗口办理` : '当前没有等候的业主'
    })
  const finish = (id: number, no: number) =>
    run(async () => {
      const res = await finishCheckin(id)
      if (!res.ok) return setError(res.message), null
      return `${no} 号已办理完成`
    })
  const byCode = (code: string) =>
    run(async () => {
      const res = await staffCheckIn(code.trim())
      if (!res.ok) return setError(res.message), null
      return `${res.data.houseLabel} 已签到，排队号 ${res.data.queueNo}${res.data.created ? '' : '（此前已签到）'}`
    })
  return { state: remote.state, reload: remote.reload, next, finish, byCode, notice, error, busy }
}

import { useCallback, useState } from 'react'
import type { StaffCheckinResponse } from '../../types'
import { callNext, fetchBoard, finishCheckin, staffCheckIn, staffCheckInByHouse } from '../api/checkin'
import type { ApiResult } from '../api/client'
import { getStaffSession } from '../stores/session'
import type { QueueEntry, SendOutcome } from '../utils/offline-queue'
import { useOfflineQueue } from './useOfflineQueue'
import { useRemote } from './useRemote'

/** A check-in reception typed or scanned, kept on the phone until the server has it. */
export type CheckinEntry = { via: 'code'; code: string } | { via: 'house'; house: string; idLast4: string }

/** One queue per staff account on this phone: another account never sends its entries. */
export const checkinQueueKey = (staffUserId: number) => `anjia.checkin.queue.${staffUserId}`

/** Who a queued check-in is for: 签到码 123456 / 1栋1单元101 / 扫码签到（编号 12）. */
export function checkinEntrySubject(p: CheckinEntry): string {
  if (p.via === 'house') return p.house
  const qr = /^(\d{1,10})-\d{8}-/.exec(p.code)
  return qr ? `扫码签到（编号 ${qr[1]}）` : `签到码 ${p.code}`
}

/** How a queued check-in names itself in the lists: 签到码 123456 / 1栋1单元101 签到. */
export function checkinEntryLabel(p: CheckinEntry): string {
  return p.via === 'house' ? `${p.house} 签到` : checkinEntrySubject(p)
}

/**
 * What a failed send means for a check-in: network down, 5xx, a timeout or a dead session
 * (reception logs in again) wait and retry; anything else the server said about the entry
 * itself (unknown code 404, wrong ID tail, too many guesses 429, expired code) is final and
 * shown with the entry, because retrying would only get the same answer.
 */
export function checkinOutcome(res: Extract<ApiResult<unknown>, { ok: false }>): SendOutcome<never> {
  const sessionDead = res.status === 401 && res.code !== 'CHECKIN_ID_MISMATCH'
  const retry = res.status === 0 || res.status >= 500 || res.status === 408 || sessionDead
  return { ok: false, retry, message: res.message } as SendOutcome<never>
}

/**
 * Staff day board: refreshes every 30 s; call next, finish, check in by code or house.
 * A check-in goes through the offline queue (utils/offline-queue.ts): it is kept on the phone
 * with its idempotency key and sent now, or when the network is back; the server answers a
 * retried key with the check-in it created, so a lost answer never makes a second one.
 */
export function useStaffBoard() {
  const remote = useRemote(() => fetchBoard(), 'staff', 30_000)
  const [notice, setNotice] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  /** owners checked in from this phone, newest first: the registered names to compare with the ID cards */
  const [checked, setChecked] = useState<StaffCheckinResponse[]>([])
  const staffId = getStaffSession()?.user.id

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

  const send = async (entry: QueueEntry<CheckinEntry>): Promise<SendOutcome<CheckinEntry>> => {
    const p = entry.payload
    const res = p.via === 'code' ? await staffCheckIn(p.code, entry.key) : await staffCheckInByHouse(p.house, p.idLast4, entry.key)
    if (!res.ok) return checkinOutcome(res)
    const c = res.data
    setChecked((prev) => [c, ...prev.filter((x) => x.checkinId !== c.checkinId)].slice(0, 3))
    setNotice(`${c.houseLabel} 已签到，排队号 ${c.queueNo}${c.created ? '' : '（此前已签到）'}`)
    void remote.reload()
    return { ok: true }
  }
  const queue = useOfflineQueue<CheckinEntry>(staffId ? checkinQueueKey(staffId) : null, send)

  const next = (window = 1) =>
    run(async () => {
      const res = await callNext(window)
      if (!res.ok) return setError(res.message), null
      const c = res.data.called
      return c ? `请 ${c.queueNo} 号（${c.houseLabel}）到 ${c.windowNo ?? window} 号窗口办理` : '当前没有等候的业主'
    })
  const finish = (id: number, no: number) =>
    run(async () => {
      const res = await finishCheckin(id)
      if (!res.ok) return setError(res.message), null
      return `${no} 号已办理完成`
    })
  const enqueue = (p: CheckinEntry) => {
    setError(null)
    setNotice(null)
    // the same owner typed twice while offline is one entry (the server would answer the second
    // with the same number anyway)
    if (queue.pending.some((e) => JSON.stringify(e.payload) === JSON.stringify(p))) {
      return setNotice(`${checkinEntryLabel(p)} 已在待同步列表中`)
    }
    queue.enqueue(p.via, p)
  }
  /** the scanned QR text or the typed short code */
  const byCode = (code: string) => enqueue({ via: 'code', code: code.trim() })
  const byHouse = (house: string, idLast4: string) => enqueue({ via: 'house', house: house.trim(), idLast4: idLast4.trim() })
  return { state: remote.state, reload: remote.reload, next, finish, byCode, byHouse, checked, notice, error, busy, queue }
}

import { useCallback, useEffect, useRef, useState } from 'react'
import type { Reservation, Slot, SlotList } from '../../types'
import { cancelReservation, fetchReservation, fetchSlots, rescheduleSlot, reserveSlot } from '../api/reservations'
import type { ApiResult } from '../api/client'
import { redirectToLogin } from '../stores/session'
import { newIdempotencyKey } from '../utils/idempotency'

export type ReserveState =
  | { phase: 'loading' }
  | { phase: 'error'; message: string }
  | { phase: 'ready'; slots: SlotList; reservation: Reservation | null }

/**
 * The owner's reservation page: the batch's slots, the active reservation, and the three
 * actions. A network failure keeps the intent's idempotency key, so tapping again retries the
 * same request and can never take a second seat.
 */
export function useReserve() {
  const [state, setState] = useState<ReserveState>({ phase: 'loading' })
  const [selectedDate, setSelectedDate] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [actionError, setActionError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const pending = useRef<{ intent: string; key: string } | null>(null)
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    []
  )

  const load = useCallback(async (quiet = false) => {
    if (!quiet) setState({ phase: 'loading' })
    const [slots, current] = await Promise.all([fetchSlots(), fetchReservation()])
    if (!alive.current) return
    if ((!slots.ok && slots.status === 401) || (!current.ok && current.status === 401)) return redirectToLogin('owner')
    if (!slots.ok) return setState({ phase: 'error', message: slots.message })
    if (!current.ok) return setState({ phase: 'error', message: current.message })
    setState({ phase: 'ready', slots: slots.data, reservation: current.data.reservation })
    setSelectedDate((d) => {
      const days = slots.data.days
      if (d && days.some((x) => x.date === d)) return d
      const mine = current.data.reservation?.slot.date
      if (mine && days.some((x) => x.date === mine)) return mine
      return (days.find((x) => x.slots.some((s) => s.status === 'open')) ?? days[0])?.date ?? null
    })
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  /** Runs one action; keeps its key only when the answer never arrived. */
  const run = useCallback(
    async (intent: string, call: (key: string) => Promise<ApiResult<{ reservation: Reservation | null }>>, success: string) => {
      setActionError(null)
      setNotice(null)
      const key = pending.current?.intent === intent ? pending.current.key : newIdempotencyKey()
      pending.current = { intent, key }
      setBusy(true)
      const res = await call(key)
      if (!alive.current) return false
      setBusy(false)
      if (!res.ok && res.code === 'NETWORK') {
        setActionError(`${res.message}（再次点击将重试同一操作，不会重复预约）`)
        return false
      }
      pending.current = null
      if (!res.ok) {
        if (res.status === 401) {
          redirectToLogin('owner')
          return false
        }
        setActionError(res.message)
        // a full or closed slot: show the current seats
        await load(true)
        return false
      }
      setNotice(success)
      await load(true)
      return true
    },
    [load]
  )

  const book = useCallback(
    (slot: Slot, rescheduling: boolean) =>
      rescheduling
        ? run(`put:${slot.id}`, (key) => rescheduleSlot(slot.id, key), '改约成功，已为您更新到场时间')
        : run(`post:${slot.id}`, (key) => reserveSlot(slot.id, key), '预约成功，请按时到场办理'),
    [run]
  )

  const cancel = useCallback(() => run('delete', () => cancelReservation(), '已取消预约，可重新选择时间'), [run])

  return { state, selectedDate, setSelectedDate, busy, actionError, notice, book, cancel, reload: load }
}

import { useCallback, useEffect, useRef, useState } from 'react'
import type { PaymentOrder } from '../../../types'
import { fetchPayment } from '../../api/payments'

const POLL_MS = 2000
const MAX_POLLS = 60

/**
 * Polls the server's view of one order until it is paid or failed. The server queries WeChat
 * itself when a notification is late; the phone never decides.
 */
export function usePaymentStatus(orderId: number | null) {
  const [order, setOrder] = useState<PaymentOrder | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [gaveUp, setGaveUp] = useState(false)
  const polls = useRef(0)

  const load = useCallback(async () => {
    if (orderId === null) return null
    const res = await fetchPayment(orderId)
    if (res.ok) {
      setOrder(res.data)
      setError(null)
      return res.data
    }
    setError(res.message)
    return null
  }, [orderId])

  useEffect(() => {
    if (orderId === null) return
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | null = null
    polls.current = 0
    setGaveUp(false)
    const tick = async () => {
      const o = await load()
      if (stopped) return
      if (o && o.status !== 'pending') return
      polls.current += 1
      if (polls.current >= MAX_POLLS) {
        setGaveUp(true)
        return
      }
      timer = setTimeout(() => void tick(), POLL_MS)
    }
    void tick()
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
    }
  }, [orderId, load])

  return { order, error, gaveUp, setOrder, reload: load }
}

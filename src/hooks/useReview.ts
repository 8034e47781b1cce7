import { useCallback, useEffect, useRef, useState } from 'react'
import type { ReviewCase, ReviewQueue } from '../../types'
import { decideItem, fetchReviewCase, fetchReviewQueue, fetchReviewReasons } from '../api/documents'
import { getStaffSession, redirectToLogin } from '../stores/session'

/** Staff document review: the queue, one case's items, approve / reject. */
export function useReview() {
  const [queue, setQueue] = useState<ReviewQueue | null>(null)
  const [reasons, setReasons] = useState<string[]>([])
  const [detail, setDetail] = useState<ReviewCase | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    []
  )

  const loadQueue = useCallback(async () => {
    if (!getStaffSession()) return redirectToLogin('staff')
    const [q, r] = await Promise.all([fetchReviewQueue(), fetchReviewReasons()])
    if (!alive.current) return
    if ((!q.ok && q.status === 401) || (!r.ok && r.status === 401)) return redirectToLogin('staff')
    if (!q.ok) return setError(q.message)
    setError(null)
    setQueue(q.data)
    if (r.ok) setReasons(r.data.reasons)
  }, [])

  useEffect(() => {
    void loadQueue()
  }, [loadQueue])

  const openCase = useCallback(async (caseId: number) => {
    setError(null)
    const res = await fetchReviewCase(caseId)
    if (!alive.current) return
    if (!res.ok) return setError(res.message)
    setDetail(res.data)
  }, [])

  const closeCase = useCallback(() => {
    setDetail(null)
    void loadQueue()
  }, [loadQueue])

  const decide = useCallback(
    async (itemCode: string, decision: 'approve' | 'reject', reason?: string): Promise<boolean> => {
      if (!detail) return false
      setBusy(itemCode)
      setError(null)
      const res = await decideItem(detail.caseId, itemCode, decision === 'reject' ? { decision, reason: reason ?? '' } : { decision })
      if (!alive.current) return false
      setBusy(null)
      if (!res.ok) {
        setError(res.message)
        return false
      }
      await openCase(detail.caseId)
      return true
    },
    [detail, openCase]
  )

  return { queue, reasons, detail, error, busy, loadQueue, openCase, closeCase, decide }
}

import { useCallback, useEffect, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import type { OwnerInspection } from '../../types'
import { confirmDefectFix, fetchOwnerInspection, signHandoverForm } from '../api/inspections'
import { redirectToLogin } from '../stores/session'

/** The owner's inspection: results, defects with photos, confirming fixes, signing the handover form. */
export function useOwnerInspection() {
  const [data, setData] = useState<OwnerInspection | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [actionError, setActionError] = useState<string | null>(null)
  const [busy, setBusy] = useState<number | 'sign' | null>(null)
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    []
  )

  const load = useCallback(async () => {
    const res = await fetchOwnerInspection()
    if (!alive.current) return
    if (res.ok) {
      setData(res.data)
      setError(null)
    } else if (res.status === 401) redirectToLogin('owner')
    else setError(res.message)
  }, [])

  useDidShow(() => void load())

  const confirm = useCallback(
    async (defectId: number) => {
      setActionError(null)
      setBusy(defectId)
      const res = await confirmDefectFix(defectId)
      if (!alive.current) return
      setBusy(null)
      if (!res.ok) return setActionError(res.message)
      await load()
    },
    [load]
  )

  /** Resolves true when signed (the pad keeps the drawing otherwise). */
  const sign = useCallback(
    async (png: string) => {
      setActionError(null)
      setBusy('sign')
      const res = await signHandoverForm(png)
      if (!alive.current) return false
      setBusy(null)
      if (!res.ok) {
        setActionError(res.message)
        return false
      }
      await load()
      return true
    },
    [load]
  )

  return { data, error, actionError, busy, load, confirm, sign }
}

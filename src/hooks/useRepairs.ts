import { useCallback, useEffect, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import type { RepairOrder } from '../../types'
import { fetchRepairs, markRepairFixed, uploadInspectionPhoto } from '../api/inspections'
import type { PickedFile } from '../utils/files'
import { redirectToLogin } from '../stores/session'

/** Repair orders of the community; marking one fixed uploads the after photo first. */
export function useRepairs() {
  const [status, setStatus] = useState<'open' | 'fixed'>('open')
  const [items, setItems] = useState<RepairOrder[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<number | null>(null)
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    []
  )

  const load = useCallback(async (s: 'open' | 'fixed') => {
    const res = await fetchRepairs(s)
    if (!alive.current) return
    if (res.ok) {
      setItems(res.data.items)
      setError(null)
    } else if (res.status === 401) redirectToLogin('staff')
    else setError(res.message)
  }, [])

  useDidShow(() => void load(status))

  const show = useCallback(
    (s: 'open' | 'fixed') => {
      setStatus(s)
      setItems(null)
      void load(s)
    },
    [load]
  )

  /** Returns an error message, or null when done. */
  const markFixed = useCallback(
    async (r: RepairOrder, photo: PickedFile, note: string): Promise<string | null> => {
      setBusy(r.id)
      const up = await uploadInspectionPhoto(r.defect.inspectionId, photo)
      if (!up.ok) {
        setBusy(null)
        return up.message
      }
      const res = await markRepairFixed(r.id, { afterPhotoUploadId: up.data.id, ...(note.trim() ? { note: note.trim() } : {}) })
      if (!alive.current) return null
      setBusy(null)
      if (!res.ok) return res.message
      setItems((list) => (list ?? []).filter((x) => x.id !== r.id))
      return null
    },
    []
  )

  return { status, items, error, busy, show, markFixed }
}

import { useCallback, useEffect, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import type { RepairOrder } from '../../types'
import { fetchRepairs, markRepairFixed, uploadInspectionPhoto } from '../api/inspections'
import { assignDefect, fetchContractors, verifyRepair } from '../api/contractors'
import type { PickedFile } from '../utils/files'
import { redirectToLogin } from '../stores/session'

/** Repair orders of the community; marking one fixed uploads the after photo first. */
export function useRepairs() {
  const [status, setStatus] = useState<'open' | 'fixed'>('open')
  const [items, setItems] = useState<RepairOrder[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<number | null>(null)
  /** active contractors (施工单位) to assign to */
  const [contractors, setContractors] = useState<{ id: number; name: string; trades: string[] }[]>([])
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

  const loadContractors = useCallback(async () => {
    const res = await fetchContractors()
    if (alive.current && res.ok) setContractors(res.data.items.filter((c) => c.active).map((c) => ({ id: c.id, name: c.name, trades: c.trades })))
  }, [])

  useDidShow(() => {
    void load(status)
    void loadContractors()
  })

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

  const replace = (next: RepairOrder) => setItems((list) => (list ?? []).map((x) => (x.id === next.id ? next : x)))

  /** Assigns the order's defect to a contractor; returns an error message, or null. */
  const assign = useCallback(
    async (r: RepairOrder, contractorId: number): Promise<string | null> => {
      setBusy(r.id)
      const res = await assignDefect(r.defect.id, { contractorId })
      if (!alive.current) return null
      setBusy(null)
      if (!res.ok) return res.message
      replace({ ...r, contractor: res.data.contractor, dueDate: res.data.dueDate })
      return null
    },
    []
  )

  /** Accepts or rejects a contractor's reported fix; the order leaves this list either way. */
  const verify = useCallback(async (r: RepairOrder, accept: boolean, reason: string): Promise<string | null> => {
    setBusy(r.id)
    const res = await verifyRepair(r.id, accept ? { accept } : { accept, reason })
    if (!alive.current) return null
    setBusy(null)
    if (!res.ok) return res.message
    replace(res.data)
    return null
  }, [])

  return { status, items, error, busy, show, markFixed, contractors, assign, verify }
}

import { useCallback, useEffect, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import type { RepairOrder } from '../../types'
import { fetchRepairs, markRepairFixed, uploadInspectionPhoto } from '../api/inspections'
import { assignDefect, fetchContractors, verifyRepair } from '../api/contractors'
import type { PickedFile } from '../utils/files'
import { outcomeOf, type QueueEntry, type SendOutcome } from '../utils/offline-queue'
import { dropPhoto, keepPhoto, loadPhoto } from '../utils/photo-store'
import { redirectToLogin } from '../stores/session'
import { useOfflineQueue } from './useOfflineQueue'

/** A repair marked fixed on site: kept (with its after photo) until the server has it. */
export interface RepairFixEntry {
  repairId: number
  inspectionId: number
  /** "1栋… 卫生间·淋浴区", to name it while waiting or when it fails */
  where: string
  contractor: boolean
  note: string
  photo: { localId: string; uploadId?: number; name: string; size: number }
}

export const REPAIRS_QUEUE_KEY = 'anjia.repairs.queue'

/**
 * Uploads the kept after photo (once: its upload id stays in the entry), then marks the order
 * fixed. A retry after a lost answer finds the order already fixed (409): the server has it.
 */
export async function sendRepairFix(e: QueueEntry<RepairFixEntry>): Promise<SendOutcome<RepairFixEntry>> {
  const p = e.payload
  let photo = p.photo
  if (!photo.uploadId) {
    let file: PickedFile | null
    try {
      file = await loadPhoto(photo.localId)
    } catch {
      return { ok: false, retry: true, message: '暂时读不到本机保存的照片，稍后自动重试' }
    }
    if (!file) return { ok: false, retry: false, message: '照片已不在本机，请重新拍照' }
    const up = await uploadInspectionPhoto(p.inspectionId, file)
    if (!up.ok) return outcomeOf(up)
    photo = { ...photo, uploadId: up.data.id }
  }
  const res = await markRepairFixed(p.repairId, { afterPhotoUploadId: photo.uploadId!, ...(p.note ? { note: p.note } : {}) })
  const o: SendOutcome<RepairFixEntry> = !res.ok && res.status === 409 ? { ok: true } : outcomeOf(res)
  if (o.ok) void dropPhoto(photo.localId)
  return !o.ok && o.retry ? { ...o, payload: { ...p, photo } } : o
}

/** Repair orders of the community; marking one fixed keeps the after photo, then uploads it (offline: when back). */
export function useRepairs() {
  const [status, setStatus] = useState<'open' | 'fixed'>('open')
  const [items, setItems] = useState<RepairOrder[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<number | null>(null)
  /** the last thing done, said once on the page (the card itself leaves the 待整改 list) */
  const [notice, setNotice] = useState<string | null>(null)
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

  const fixes = useOfflineQueue<RepairFixEntry>(REPAIRS_QUEUE_KEY, sendRepairFix)

  // a fix went through: the lists change (open → fixed)
  const prevPending = useRef(fixes.pending.length)
  useEffect(() => {
    if (fixes.pending.length < prevPending.current) void load(status)
    prevPending.current = fixes.pending.length
  }, [fixes.pending.length, load, status])

  /** Keeps the fix on the phone and sends it; returns an error message, or null when kept. */
  const markFixed = useCallback(
    async (r: RepairOrder, photo: PickedFile, note: string): Promise<string | null> => {
      setBusy(r.id)
      let localId: string
      try {
        localId = await keepPhoto(photo)
      } catch {
        setBusy(null)
        return '手机存储空间不足，照片未能保存，请清理后重试'
      }
      const where = `${r.houseLabel} ${r.defect.room}${r.defect.location ? `·${r.defect.location}` : ''}`
      fixes.enqueue('repair-fixed', {
        repairId: r.id,
        inspectionId: r.defect.inspectionId,
        where,
        contractor: r.contractor !== null,
        note: note.trim(),
        photo: { localId, name: photo.name, size: photo.size }
      })
      if (!alive.current) return null
      setBusy(null)
      setItems((list) => (list ?? []).filter((x) => x.id !== r.id))
      setNotice(r.contractor ? `已提交整改：${where}，待验房员验收` : `已提交整改：${where}，待业主确认`)
      return null
    },
    [fixes]
  )

  const discardFix = useCallback(
    (key: string) => {
      const e = fixes.rejected.find((x) => x.key === key)
      if (e) void dropPhoto(e.payload.photo.localId)
      fixes.discard(key)
    },
    [fixes]
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

  return { status, items, error, busy, notice, fixes, discardFix, show, markFixed, contractors, assign, verify }
}

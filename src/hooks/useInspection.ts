import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import type { DefectCategory, DefectSeverity, InspectionDetail, InspectionItemResult, InspectionMeterKind } from '../../types'
import { METER_LABELS } from '../components/Inspection/constants'
import { completeInspection, fetchInspection, postDefect, postMeter, putItemResult, uploadInspectionPhoto } from '../api/inspections'
import type { PickedFile } from '../utils/files'
import { outcomeOf, type QueueEntry, type SendOutcome } from '../utils/offline-queue'
import { dropPhoto, keepPhoto, loadPhoto } from '../utils/photo-store'
import { redirectToLogin } from '../stores/session'
import { useOfflineQueue } from './useOfflineQueue'

/**
 * A photo taken on site: kept on the phone (localId, see utils/photo-store) until uploaded
 * (uploadId). Both stay in the entry after the upload, so the local copy can be dropped once
 * the server has the whole entry.
 */
export interface QueuedPhoto {
  uploadId?: number
  localId?: string
  /** weapp entries queued before photos were kept: the camera's temp path */
  path?: string
  name: string
  size: number
}

export type EntryPayload =
  | { kind: 'item'; inspectionId: number; room: string; item: string; result: InspectionItemResult; note?: string }
  | {
      kind: 'defect'
      inspectionId: number
      room: string
      location: string
      category: DefectCategory
      severity: DefectSeverity
      description: string
      photos: QueuedPhoto[]
    }
  | { kind: 'meter'; inspectionId: number; meter: InspectionMeterKind; value: number; photos: QueuedPhoto[] }

/** What the inspector recorded, in words: names a failed or waiting entry ("电表读数 345.6"). */
export function describeEntry(p: EntryPayload): string {
  if (p.kind === 'item') return `${p.room}·${p.item}（${p.result === 'pass' ? '合格' : '不合格'}）`
  if (p.kind === 'meter') return `${METER_LABELS[p.meter]}读数 ${p.value}`
  const what = p.description.length > 12 ? `${p.description.slice(0, 12)}…` : p.description
  return `问题「${p.room}${p.location ? `·${p.location}` : ''}：${what}」`
}

/** Keeps the picked photos on the phone before their entry is queued. */
async function keepPhotos(files: PickedFile[]): Promise<QueuedPhoto[]> {
  const out: QueuedPhoto[] = []
  for (const f of files) out.push({ localId: await keepPhoto(f), name: f.name, size: f.size })
  return out
}

async function dropPhotos(photos: QueuedPhoto[]): Promise<void> {
  for (const p of photos) if (p.localId) await dropPhoto(p.localId)
}

async function uploadPending(inspectionId: number, photos: QueuedPhoto[]): Promise<{ photos: QueuedPhoto[]; failure?: SendOutcome<EntryPayload> }> {
  const out = [...photos]
  for (let i = 0; i < out.length; i++) {
    const p = out[i]
    if (p.uploadId) continue
    let file: PickedFile | null
    try {
      file = p.localId ? await loadPhoto(p.localId) : p.path ? { name: p.name, size: p.size, path: p.path } : null
    } catch {
      return { photos: out, failure: { ok: false, retry: true, message: '暂时读不到本机保存的照片，稍后自动重试' } }
    }
    if (!file) return { photos: out, failure: { ok: false, retry: false, message: '照片已不在本机，请重新拍照登记' } }
    const res = await uploadInspectionPhoto(inspectionId, file)
    if (!res.ok) return { photos: out, failure: outcomeOf(res) }
    out[i] = { ...p, uploadId: res.data.id }
  }
  return { photos: out }
}

/** Sends one queued entry; photos first, keeping uploaded ids in the entry if the entry itself fails. */
export async function sendEntry(entry: QueueEntry<EntryPayload>): Promise<SendOutcome<EntryPayload>> {
  const p = entry.payload
  if (p.kind === 'item') {
    return outcomeOf(await putItemResult(p.inspectionId, { idempotencyKey: entry.key, room: p.room, item: p.item, result: p.result, ...(p.note ? { note: p.note } : {}) }))
  }
  const up = await uploadPending(p.inspectionId, p.photos)
  const payload = { ...p, photos: up.photos } as EntryPayload
  const keep = (o: SendOutcome<EntryPayload>): SendOutcome<EntryPayload> => {
    // the server has the entry: its photos need not stay on the phone
    if (o.ok) void dropPhotos(up.photos)
    return !o.ok && o.retry ? { ...o, payload } : o
  }
  if (up.failure) return keep(up.failure)
  const ids = up.photos.map((x) => x.uploadId as number)
  if (p.kind === 'defect') {
    return keep(
      outcomeOf(
        await postDefect(p.inspectionId, {
          idempotencyKey: entry.key,
          room: p.room,
          location: p.location,
          category: p.category,
          severity: p.severity,
          description: p.description,
          photoUploadIds: ids
        })
      )
    )
  }
  return keep(outcomeOf(await postMeter(p.inspectionId, { idempotencyKey: entry.key, kind: p.meter, value: p.value, ...(ids[0] ? { photoUploadId: ids[0] } : {}) })))
}

export const queueKey = (inspectionId: number) => `anjia.inspect.queue.${inspectionId}`
/** The last answer for the round, so a reload or restart without network still shows the sheet. */
export const detailKey = (inspectionId: number) => `anjia.inspect.detail.${inspectionId}`

function cachedDetail(id: number): InspectionDetail | null {
  try {
    const v = Taro.getStorageSync(detailKey(id)) as InspectionDetail | ''
    return v && typeof v === 'object' && v.id === id ? v : null
  } catch {
    return null
  }
}

/** The inspection sheet: server state + the offline queue of entries not yet confirmed. */
export function useInspection(id: number) {
  const [detail, setDetail] = useState<InspectionDetail | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [completing, setCompleting] = useState(false)
  const [completeError, setCompleteError] = useState<string | null>(null)
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    []
  )

  const reload = useCallback(async () => {
    const res = await fetchInspection(id)
    if (!alive.current) return
    if (res.ok) {
      setDetail(res.data)
      setLoadError(null)
      try {
        Taro.setStorageSync(detailKey(id), res.data)
      } catch {
        /* storage full: the sheet still works online */
      }
    } else if (res.status === 401) redirectToLogin('staff')
    else if (res.status === 0 && cachedDetail(id)) {
      // offline: keep recording against the last sheet seen; the queue syncs when back
      setDetail((d) => d ?? cachedDetail(id))
      setLoadError(null)
    } else setLoadError(res.message)
  }, [id])

  useEffect(() => {
    void reload()
  }, [reload])

  const queue = useOfflineQueue<EntryPayload>(queueKey(id), sendEntry)

  // entries went through: show the server's view (defect ids, photos, meters)
  const prevPending = useRef(queue.pending.length)
  useEffect(() => {
    if (queue.pending.length < prevPending.current) void reload()
    prevPending.current = queue.pending.length
  }, [queue.pending.length, reload])

  /** Latest local (unsynced) result of an item, over the server's. */
  const resultOf = useCallback(
    (room: string, item: string): InspectionItemResult | null => {
      for (let i = queue.pending.length - 1; i >= 0; i--) {
        const p = queue.pending[i].payload
        if (p.kind === 'item' && p.room === room && p.item === item) return p.result
      }
      const r = detail?.rooms.find((x) => x.room === room)?.items.find((x) => x.item === item)
      return r?.result ?? null
    },
    [queue.pending, detail]
  )

  const setItem = useCallback(
    (room: string, item: string, result: InspectionItemResult) => {
      queue.enqueue('item', { kind: 'item', inspectionId: id, room, item, result })
    },
    [queue, id]
  )

  /** Keeps the photos on the phone, then queues the defect; resolves an error message, or null when queued. */
  const addDefect = useCallback(
    async (d: Omit<Extract<EntryPayload, { kind: 'defect' }>, 'kind' | 'inspectionId' | 'photos'>, photos: PickedFile[]): Promise<string | null> => {
      let kept: QueuedPhoto[]
      try {
        kept = await keepPhotos(photos)
      } catch {
        return '手机存储空间不足，照片未能保存，请清理后重试'
      }
      queue.enqueue('defect', { kind: 'defect', inspectionId: id, ...d, photos: kept })
      return null
    },
    [queue, id]
  )

  const addMeter = useCallback(
    async (meter: InspectionMeterKind, value: number, photo: PickedFile | null): Promise<string | null> => {
      let kept: QueuedPhoto[]
      try {
        kept = await keepPhotos(photo ? [photo] : [])
      } catch {
        return '手机存储空间不足，照片未能保存，请清理后重试'
      }
      queue.enqueue('meter', { kind: 'meter', inspectionId: id, meter, value, photos: kept })
      return null
    },
    [queue, id]
  )

  /** Forgets a rejected entry and its kept photos. */
  const discard = useCallback(
    (key: string) => {
      const e = queue.rejected.find((x) => x.key === key)
      if (e && e.payload.kind !== 'item') void dropPhotos(e.payload.photos)
      queue.discard(key)
    },
    [queue]
  )

  const complete = useCallback(async () => {
    setCompleteError(null)
    if (queue.pending.length > 0) {
      await queue.retry()
      setCompleteError('还有记录未同步，请联网同步后再完成验房')
      return null
    }
    setCompleting(true)
    const res = await completeInspection(id)
    if (!alive.current) return null
    setCompleting(false)
    if (!res.ok) {
      setCompleteError(res.message)
      return null
    }
    setDetail(res.data.inspection)
    return res.data
  }, [id, queue])

  return { detail, loadError, reload, queue, resultOf, setItem, addDefect, addMeter, discard, complete, completing, completeError }
}

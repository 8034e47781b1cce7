import { useCallback, useEffect, useRef, useState } from 'react'
import type { DefectCategory, DefectSeverity, InspectionDetail, InspectionItemResult, InspectionMeterKind } from '../../types'
import { completeInspection, fetchInspection, postDefect, postMeter, putItemResult, uploadInspectionPhoto } from '../api/inspections'
import type { PickedFile } from '../utils/files'
import { outcomeOf, type QueueEntry, type SendOutcome } from '../utils/offline-queue'
import { redirectToLogin } from '../stores/session'
import { useOfflineQueue } from './useOfflineQueue'

/** A photo taken on site: uploaded (uploadId) or still local (weapp temp path / H5 blob id). */
export interface QueuedPhoto {
  uploadId?: number
  path?: string
  /** H5 only: key into the in-memory blob map (a File cannot be stored) */
  blobId?: string
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

const blobs = new Map<string, Blob>()
let blobSeq = 0

/** Keeps what a later upload needs from a picked file. */
export function toQueuedPhoto(f: PickedFile): QueuedPhoto {
  if (f.path) return { path: f.path, name: f.name, size: f.size }
  const blobId = `b${Date.now()}-${blobSeq++}`
  if (f.file) blobs.set(blobId, f.file)
  return { blobId, name: f.name, size: f.size }
}

async function uploadPending(inspectionId: number, photos: QueuedPhoto[]): Promise<{ photos: QueuedPhoto[]; failure?: SendOutcome<EntryPayload> }> {
  const out = [...photos]
  for (let i = 0; i < out.length; i++) {
    const p = out[i]
    if (p.uploadId) continue
    const file: PickedFile = { name: p.name, size: p.size, path: p.path, file: p.blobId ? blobs.get(p.blobId) : undefined }
    if (!file.path && !file.file) return { photos: out, failure: { ok: false, retry: false, message: '离线照片已丢失（页面曾关闭），请重新拍照登记' } }
    const res = await uploadInspectionPhoto(inspectionId, file)
    if (!res.ok) return { photos: out, failure: outcomeOf(res) }
    out[i] = { uploadId: res.data.id, name: p.name, size: p.size }
    if (p.blobId) blobs.delete(p.blobId)
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
  const keep = (o: SendOutcome<EntryPayload>): SendOutcome<EntryPayload> => (!o.ok && o.retry ? { ...o, payload } : o)
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
    } else if (res.status === 401) redirectToLogin('staff')
    else setLoadError(res.message)
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

  const addDefect = useCallback(
    (d: Omit<Extract<EntryPayload, { kind: 'defect' }>, 'kind' | 'inspectionId' | 'photos'>, photos: PickedFile[]) => {
      queue.enqueue('defect', { kind: 'defect', inspectionId: id, ...d, photos: photos.map(toQueuedPhoto) })
    },
    [queue, id]
  )

  const addMeter = useCallback(
    (meter: InspectionMeterKind, value: number, photo: PickedFile | null) => {
      queue.enqueue('meter', { kind: 'meter', inspectionId: id, meter, value, photos: photo ? [toQueuedPhoto(photo)] : [] })
    },
    [queue, id]
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

  return { detail, loadError, reload, queue, resultOf, setItem, addDefect, addMeter, complete, completing, completeError }
}

import type { PickedFile } from './files'
import { newIdempotencyKey } from './offline-queue'

/*
 * Photos of entries waiting to sync, kept in IndexedDB (H5): the queue itself is in Taro
 * storage (localStorage, strings only), so the image bytes live here under a local id that
 * the queued entry carries. They survive a reload or a closed tab and are dropped once the
 * server has the entry (or the inspector discards a rejected one).
 */

const DB_NAME = 'anjia-offline'
const STORE = 'photos'

interface StoredPhoto {
  blob: Blob
  name: string
  size: number
}

let opening: Promise<IDBDatabase> | null = null

function openDb(): Promise<IDBDatabase> {
  if (opening) return opening
  opening = new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('IndexedDB unavailable'))
    const req = indexedDB.open(DB_NAME, 1)
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE)
    }
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error ?? new Error('IndexedDB open failed'))
    req.onblocked = () => reject(new Error('IndexedDB blocked'))
  }).catch((e) => {
    // a later call may succeed (e.g. another tab released an upgrade)
    opening = null
    throw e
  })
  return opening
}

function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return openDb().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode)
        const req = op(tx.objectStore(STORE))
        // resolve on commit, not on the request: a write is kept only once the transaction is durable
        tx.oncomplete = () => resolve(req.result)
        tx.onerror = () => reject(tx.error ?? req.error ?? new Error('IndexedDB write failed'))
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
      })
  )
}

/** Keeps the picked photo on the phone; resolves its local id, rejects when it cannot be stored (quota, private mode). */
export async function keepPhoto(f: PickedFile): Promise<string> {
  if (!f.file) throw new Error('no image data')
  const id = `photo-${newIdempotencyKey()}`
  const value: StoredPhoto = { blob: f.file, name: f.name, size: f.size }
  await run('readwrite', (s) => s.put(value, id))
  return id
}

/**
 * The kept photo as a file to upload, or null when it is no longer on the phone. Rejects when
 * the store cannot be read right now (the entry then waits and is retried, never dropped).
 */
export async function loadPhoto(localId: string): Promise<PickedFile | null> {
  const v = (await run<StoredPhoto | undefined>('readonly', (s) => s.get(localId) as IDBRequest<StoredPhoto | undefined>)) ?? null
  return v && v.blob ? { name: v.name, size: v.size, file: v.blob } : null
}

/** Forgets a kept photo (the server has it, or its entry was discarded). */
export async function dropPhoto(localId: string): Promise<void> {
  try {
    await run('readwrite', (s) => s.delete(localId))
  } catch {
    /* nothing to drop */
  }
}

/** Local ids of every kept photo (to clear ones no queued entry refers to any more). */
export async function keptPhotoIds(): Promise<string[]> {
  try {
    return (await run<IDBValidKey[]>('readonly', (s) => s.getAllKeys())).map(String)
  } catch {
    return []
  }
}

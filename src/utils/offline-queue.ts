import Taro from '@tarojs/taro'
import { newIdempotencyKey } from './idempotency'

// the queue's entries are keyed by it; photo stores and tests import it from here too
export { newIdempotencyKey }

/*
 * The inspector's offline queue: entries recorded on site (item results, defects, meter
 * readings) are persisted with Taro storage together with their idempotency key, and sent
 * in order when the network is back. The key is made once, when the entry is queued, and
 * never changes: a retry after a lost answer is recognised by the server (same row, 200).
 *
 * What is kept, and where (everything survives a reload, a closed tab or a restarted app):
 *  - the entries (this queue): Taro storage, written before enqueue returns;
 *  - their photos: utils/photo-store (H5: IndexedDB; weapp: a copy under USER_DATA_PATH,
 *    never the camera's temp path). An entry refers to a photo by its local id; a photo is
 *    stored before its entry is queued, and dropped only after the server accepted the
 *    entry (or the inspector discarded a rejected one). A photo already uploaded keeps its
 *    upload id in the entry (the `payload` outcome below), so a retry re-sends the entry,
 *    not the photo.
 *
 * When it is retried: on page show, when the network comes back, after each enqueue, and by
 * itself with the backoff below. Why a retry never duplicates: the entry's idempotency key
 * goes with every send, the server answers a known key with the original row, and one flush
 * runs at a time per queue (a second caller shares it).
 *
 * Outcomes of one send:
 *  - ok: the entry is removed;
 *  - retry (network down, 5xx, 401 while re-logging in): the entry stays, the flush stops
 *    (order matters: a defect's photos before the defect), the next try waits longer;
 *  - reject (any other 4xx): the server will never accept it; the entry moves to `rejected`
 *    with the server's Chinese message so the inspector can see and discard it.
 */

export interface QueueEntry<P = unknown> {
  /** idempotency key (UUID), stable across retries */
  key: string
  kind: string
  payload: P
  /** ms since epoch, when queued */
  queuedAt: number
  attempts: number
  lastError?: string
}

export interface RejectedEntry<P = unknown> extends QueueEntry<P> {
  message: string
}

export type SendOutcome<P = unknown> =
  | { ok: true }
  | { ok: false; retry: true; message: string }
  | { ok: false; retry: false; message: string }
  /** the entry changed while sending (e.g. a photo got its upload id) and stays queued */
  | { ok: false; retry: true; message: string; payload: P }

export interface QueueState<P = unknown> {
  pending: QueueEntry<P>[]
  rejected: RejectedEntry<P>[]
}

export interface FlushResult {
  sent: number
  rejected: number
  /** entries still waiting (a retryable failure stopped the flush) */
  remaining: number
  /** the message of the failure that stopped the flush */
  error?: string
}

export const BACKOFF_BASE_MS = 2000
export const BACKOFF_MAX_MS = 60000

/** Delay before the next automatic retry after `attempts` failures: 2 s, 4 s, 8 s … 60 s. */
export function backoffDelay(attempts: number): number {
  if (attempts <= 0) return 0
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempts - 1, 10))
}

function isEntry(v: unknown): v is QueueEntry {
  if (!v || typeof v !== 'object') return false
  const e = v as Record<string, unknown>
  return typeof e.key === 'string' && typeof e.kind === 'string' && typeof e.queuedAt === 'number' && typeof e.attempts === 'number'
}

export interface OfflineQueue<P> {
  state(): QueueState<P>
  pendingCount(): number
  /** queues an entry (its key is made here unless given) and persists it; returns the entry */
  enqueue(kind: string, payload: P, key?: string): QueueEntry<P>
  /** sends pending entries in order until one must be retried */
  flush(send: (entry: QueueEntry<P>) => Promise<SendOutcome<P>>): Promise<FlushResult>
  /** forget a rejected entry (the inspector read the message) */
  discard(key: string): void
  /** attempts of the first pending entry (for the backoff) */
  attempts(): number
}

/** A queue persisted under `storageKey` (one per inspection round). */
export function createOfflineQueue<P>(storageKey: string, now: () => number = () => Date.now()): OfflineQueue<P> {
  const load = (): QueueState<P> => {
    let raw: unknown
    try {
      raw = Taro.getStorageSync(storageKey)
    } catch {
      raw = null
    }
    const s = (raw && typeof raw === 'object' ? raw : {}) as { pending?: unknown; rejected?: unknown }
    return {
      pending: Array.isArray(s.pending) ? (s.pending.filter(isEntry) as QueueEntry<P>[]) : [],
      rejected: Array.isArray(s.rejected) ? (s.rejected.filter(isEntry) as RejectedEntry<P>[]) : []
    }
  }
  const save = (s: QueueState<P>) => {
    if (s.pending.length === 0 && s.rejected.length === 0) Taro.removeStorageSync(storageKey)
    else Taro.setStorageSync(storageKey, s)
  }
  let flushing: Promise<FlushResult> | null = null

  return {
    state: load,
    pendingCount: () => load().pending.length,
    attempts: () => load().pending[0]?.attempts ?? 0,

    enqueue(kind, payload, key) {
      const s = load()
      const entry: QueueEntry<P> = { key: key ?? newIdempotencyKey(), kind, payload, queuedAt: now(), attempts: 0 }
      // the same key twice is the same entry
      if (!s.pending.some((e) => e.key === entry.key)) s.pending.push(entry)
      save(s)
      return entry
    },

    discard(key) {
      const s = load()
      s.rejected = s.rejected.filter((e) => e.key !== key)
      save(s)
    },

    flush(send) {
      // one flush at a time: a second caller shares the running one
      if (flushing) return flushing
      flushing = (async () => {
        let sent = 0
        let rejected = 0
        for (;;) {
          const head = load().pending[0]
          if (!head) return { sent, rejected, remaining: 0 }
          let outcome: SendOutcome<P>
          try {
            outcome = await send(head)
          } catch {
            outcome = { ok: false, retry: true, message: '网络连接失败，稍后自动重试' }
          }
          const s = load()
          const i = s.pending.findIndex((e) => e.key === head.key)
          if (outcome.ok) {
            if (i >= 0) s.pending.splice(i, 1)
            save(s)
            sent++
            continue
          }
          if (!outcome.retry) {
            if (i >= 0) s.rejected.push({ ...s.pending.splice(i, 1)[0], message: outcome.message })
            save(s)
            rejected++
            continue
          }
          if (i >= 0) {
            const updated = { ...s.pending[i], attempts: s.pending[i].attempts + 1, lastError: outcome.message }
            if ('payload' in outcome) updated.payload = outcome.payload
            s.pending[i] = updated
          }
          save(s)
          return { sent, rejected, remaining: s.pending.length, error: outcome.message }
        }
      })()
      return flushing.finally(() => {
        flushing = null
      })
    }
  }
}

/** Maps an API failure to a queue outcome: network/5xx/401/429 retry, other 4xx are final. */
export function outcomeOf(res: { ok: true } | { ok: false; status: number; message: string }): SendOutcome<never> {
  if (res.ok) return { ok: true }
  const retry = res.status === 0 || res.status >= 500 || res.status === 401 || res.status === 408 || res.status === 429
  return { ok: false, retry, message: res.message } as SendOutcome<never>
}

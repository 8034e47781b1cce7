import { getStorageSync, resetTaroDouble, setStorageSync } from './taro-double'
import { backoffDelay, createOfflineQueue, newIdempotencyKey, outcomeOf, type QueueEntry } from '../../src/utils/offline-queue'

const STORE = 'anjia.inspect.queue.7'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

beforeEach(() => resetTaroDouble())

describe('offline queue of the inspector', () => {
  test('queued entries are persisted in Taro storage with a UUID idempotency key', () => {
    const q = createOfflineQueue<{ room: string }>(STORE, () => 1000)
    const e = q.enqueue('item', { room: '客厅' })
    expect(e.key).toMatch(UUID)
    const stored = getStorageSync(STORE) as { pending: QueueEntry[] }
    expect(stored.pending).toEqual([{ key: e.key, kind: 'item', payload: { room: '客厅' }, queuedAt: 1000, attempts: 0 }])
    // a new queue object (the page reopened) reads the same entries
    expect(createOfflineQueue(STORE).pendingCount()).toBe(1)
  })

  test('a network failure keeps the entry, counts the attempt and stops the flush; the key never changes', async () => {
    const q = createOfflineQueue<number>(STORE)
    const a = q.enqueue('item', 1)
    const b = q.enqueue('item', 2)
    const seen: string[] = []
    const fail = jest.fn(async (e: QueueEntry<number>) => {
      seen.push(e.key)
      return outcomeOf({ ok: false, status: 0, message: '网络连接失败，请稍后重试' })
    })
    const r1 = await q.flush(fail)
    const r2 = await q.flush(fail)
    expect(r1).toEqual({ sent: 0, rejected: 0, remaining: 2, error: '网络连接失败，请稍后重试' })
    expect(r2.remaining).toBe(2)
    // only the head was tried, both times with the same key
    expect(seen).toEqual([a.key, a.key])
    expect(q.state().pending.map((e) => [e.key, e.attempts])).toEqual([
      [a.key, 2],
      [b.key, 0]
    ])
    expect(q.attempts()).toBe(2)
  })

  test('a thrown sender counts as a retryable failure', async () => {
    const q = createOfflineQueue<number>(STORE)
    q.enqueue('meter', 1)
    const r = await q.flush(async () => {
      throw new Error('offline')
    })
    expect(r.remaining).toBe(1)
    expect(q.pendingCount()).toBe(1)
  })

  test('success removes entries in order and clears the storage when empty', async () => {
    const q = createOfflineQueue<number>(STORE)
    const keys = [q.enqueue('item', 1).key, q.enqueue('defect', 2).key, q.enqueue('meter', 3).key]
    const sent: string[] = []
    const r = await q.flush(async (e) => {
      sent.push(e.key)
      return { ok: true }
    })
    expect(r).toEqual({ sent: 3, rejected: 0, remaining: 0 })
    expect(sent).toEqual(keys)
    expect(q.pendingCount()).toBe(0)
    expect(getStorageSync(STORE)).toBe('')
  })

  test('after the network returns, the retry sends the same key and succeeds', async () => {
    const q = createOfflineQueue<number>(STORE)
    const e = q.enqueue('item', 1)
    let online = false
    const keys: string[] = []
    const send = async (x: QueueEntry<number>) => {
      keys.push(x.key)
      return online ? { ok: true as const } : outcomeOf({ ok: false, status: 503, message: '服务暂时不可用' })
    }
    await q.flush(send)
    online = true
    expect((await q.flush(send)).sent).toBe(1)
    expect(keys).toEqual([e.key, e.key])
    expect(q.pendingCount()).toBe(0)
  })

  test('a final 4xx moves the entry to rejected with the server message and the flush goes on', async () => {
    const q = createOfflineQueue<number>(STORE)
    const bad = q.enqueue('item', 1)
    q.enqueue('item', 2)
    const r = await q.flush(async (e) =>
      e.payload === 1 ? outcomeOf({ ok: false, status: 409, message: '第 1 轮验房已完成，不能再修改' }) : { ok: true }
    )
    expect(r).toEqual({ sent: 1, rejected: 1, remaining: 0 })
    expect(q.state().rejected).toEqual([expect.objectContaining({ key: bad.key, message: '第 1 轮验房已完成，不能再修改' })])
    q.discard(bad.key)
    expect(q.state().rejected).toEqual([])
  })

  test('a payload updated during a failed send (photo uploaded, entry not) is kept for the retry', async () => {
    const q = createOfflineQueue<{ photoId: number | null }>(STORE)
    q.enqueue('defect', { photoId: null })
    await q.flush(async (e) => ({ ok: false, retry: true, message: '网络连接失败', payload: { ...e.payload, photoId: 42 } }))
    expect(q.state().pending[0].payload).toEqual({ photoId: 42 })
  })

  test('two flushes at once send each entry once', async () => {
    const q = createOfflineQueue<number>(STORE)
    q.enqueue('item', 1)
    const send = jest.fn(async () => ({ ok: true as const }))
    await Promise.all([q.flush(send), q.flush(send)])
    expect(send).toHaveBeenCalledTimes(1)
  })

  test('corrupt storage reads as an empty queue', () => {
    setStorageSync(STORE, { pending: [{ nope: true }, 'x'], rejected: 5 })
    expect(createOfflineQueue(STORE).state()).toEqual({ pending: [], rejected: [] })
  })

  test('backoff doubles from 2 s up to 60 s; keys are distinct v4 UUIDs', () => {
    expect([0, 1, 2, 3, 6, 20].map(backoffDelay)).toEqual([0, 2000, 4000, 8000, 60000, 60000])
    const keys = new Set(Array.from({ length: 50 }, newIdempotencyKey))
    expect(keys.size).toBe(50)
    for (const k of keys) expect(k).toMatch(UUID)
  })

  test('outcomeOf: network, 5xx, 401 and 429 retry; 400/403/404/409 are final', () => {
    const retry = (status: number) => (outcomeOf({ ok: false, status, message: 'x' }) as { retry: boolean }).retry
    expect([0, 500, 503, 401, 429].map(retry)).toEqual([true, true, true, true, true])
    expect([400, 403, 404, 409].map(retry)).toEqual([false, false, false, false])
  })
})

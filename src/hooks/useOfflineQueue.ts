import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { isOnline, watchNetwork } from '../utils/network'
import { backoffDelay, createOfflineQueue, type QueueEntry, type RejectedEntry, type SendOutcome } from '../utils/offline-queue'

export interface OfflineQueueView<P> {
  /** entries waiting to be sent ("待同步 N 条") */
  pending: QueueEntry<P>[]
  rejected: RejectedEntry<P>[]
  syncing: boolean
  /** the phone's last known connectivity (the sync bar says 离线 when false) */
  online: boolean
  /** why the last flush stopped (Chinese), null when all went through */
  error: string | null
  enqueue: (kind: string, payload: P) => QueueEntry<P>
  /** sends now (the retry button); automatic retries use backoff */
  retry: () => Promise<void>
  discard: (key: string) => void
}

/**
 * A persisted offline queue bound to a page: flushed on page show, when the network comes
 * back (utils/network: the browser's online event on H5, onNetworkStatusChange on weapp),
 * after each enqueue, and with backoff after a failure.
 * `storageKey` null = nothing to sync yet.
 */
export function useOfflineQueue<P>(storageKey: string | null, send: (entry: QueueEntry<P>) => Promise<SendOutcome<P>>): OfflineQueueView<P> {
  const queue = useMemo(() => (storageKey ? createOfflineQueue<P>(storageKey) : null), [storageKey])
  const [view, setView] = useState(() => queue?.state() ?? { pending: [], rejected: [] })
  const [syncing, setSyncing] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [online, setOnline] = useState(isOnline)
  const sendRef = useRef(send)
  sendRef.current = send
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const alive = useRef(true)

  const refresh = useCallback(() => {
    if (alive.current && queue) setView(queue.state())
  }, [queue])

  const flush = useCallback(async () => {
    if (!queue) return
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    if (queue.pendingCount() === 0) return refresh()
    setSyncing(true)
    const r = await queue.flush((e) => sendRef.current(e))
    if (!alive.current) return
    setSyncing(false)
    setOnline(isOnline())
    setError(r.error ?? null)
    refresh()
    if (r.remaining > 0) timer.current = setTimeout(() => void flush(), backoffDelay(queue.attempts()))
  }, [queue, refresh])

  useEffect(() => {
    alive.current = true
    refresh()
    void flush()
    const unwatch = watchNetwork((up) => {
      if (!alive.current) return
      setOnline(up)
      if (up) void flush()
    })
    return () => {
      alive.current = false
      if (timer.current) clearTimeout(timer.current)
      unwatch()
    }
  }, [flush, refresh])

  useDidShow(() => void flush())

  const enqueue = useCallback(
    (kind: string, payload: P) => {
      if (!queue) throw new Error('queue not ready')
      const entry = queue.enqueue(kind, payload)
      refresh()
      void flush()
      return entry
    },
    [queue, refresh, flush]
  )

  const discard = useCallback(
    (key: string) => {
      queue?.discard(key)
      refresh()
    },
    [queue, refresh]
  )

  return { pending: view.pending, rejected: view.rejected, syncing, online, error, enqueue, retry: flush, discard }
}

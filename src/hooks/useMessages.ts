import { useCallback, useEffect, useRef, useState } from 'react'
import type { Notification } from '../../types'
import { fetchNotifications, markAllNotificationsRead, markNotificationRead } from '../api/notifications'
import { getOwnerSession, redirectToLogin } from '../stores/session'

const PAGE_SIZE = 20

export type MessagesState =
  | { phase: 'loading' }
  | { phase: 'error'; message: string }
  | { phase: 'ready'; items: Notification[]; total: number; unread: number; page: number }

/** The owner's message centre: newest first, load more, mark read. */
export function useMessages() {
  const [state, setState] = useState<MessagesState>({ phase: 'loading' })
  const [error, setError] = useState<string | null>(null)
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    []
  )

  const load = useCallback(async () => {
    if (!getOwnerSession()) return redirectToLogin('owner')
    const res = await fetchNotifications(1, PAGE_SIZE)
    if (!alive.current) return
    if (!res.ok && res.status === 401) return redirectToLogin('owner')
    setState(res.ok ? { phase: 'ready', items: res.data.items, total: res.data.total, unread: res.data.unread, page: 1 } : { phase: 'error', message: res.message })
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  const loadMore = useCallback(async () => {
    if (state.phase !== 'ready' || state.items.length >= state.total) return
    const res = await fetchNotifications(state.page + 1, PAGE_SIZE)
    if (!alive.current) return
    if (!res.ok) return setError(res.message)
    const seen = new Set(state.items.map((n) => n.id))
    setState({ ...state, items: [...state.items, ...res.data.items.filter((n) => !seen.has(n.id))], total: res.data.total, unread: res.data.unread, page: state.page + 1 })
  }, [state])

  const markRead = useCallback(
    async (id: number) => {
      if (state.phase !== 'ready') return
      const n = state.items.find((x) => x.id === id)
      if (!n || n.readAt) return
      const res = await markNotificationRead(id)
      if (!alive.current) return
      if (!res.ok) return setError(res.message)
      const now = new Date().toISOString()
      setState({ ...state, unread: Math.max(0, state.unread - 1), items: state.items.map((x) => (x.id === id ? { ...x, readAt: now } : x)) })
    },
    [state]
  )

  const markAll = useCallback(async () => {
    setError(null)
    const res = await markAllNotificationsRead()
    if (!alive.current) return
    if (!res.ok) return setError(res.message)
    await load()
  }, [load])

  return { state, error, reload: load, loadMore, markRead, markAll }
}

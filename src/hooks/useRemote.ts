import { useCallback, useEffect, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import type { ApiResult } from '../api/client'
import { redirectToLogin, type SessionKind } from '../stores/session'

export type RemoteState<T> = { phase: 'loading' } | { phase: 'error'; message: string } | { phase: 'ready'; data: T }

/**
 * Loads one resource, optionally refreshing every `refreshMs` (the on-site pages); a 401
 * sends the user back to sign in. `set` lets an action put the server's answer in place.
 * A refreshing page shown again (back from another page, or from the background, where WeChat
 * pauses the mini-program's timers) loads at once instead of at its next tick.
 */
export function useRemote<T>(load: () => Promise<ApiResult<T>>, who: SessionKind, refreshMs = 0) {
  const [state, setState] = useState<RemoteState<T>>({ phase: 'loading' })
  const alive = useRef(true)
  const loader = useRef(load)
  loader.current = load
  const reload = useCallback(async () => {
    const res = await loader.current()
    if (!alive.current) return
    if (res.ok) setState({ phase: 'ready', data: res.data })
    else if (res.status === 401) redirectToLogin(who)
    else setState((s) => (s.phase === 'ready' ? s : { phase: 'error', message: res.message }))
  }, [who])
  useEffect(() => {
    alive.current = true
    void reload()
    const timer = refreshMs > 0 ? setInterval(() => void reload(), refreshMs) : null
    return () => {
      alive.current = false
      if (timer) clearInterval(timer)
    }
  }, [reload, refreshMs])
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current && refreshMs > 0) void reload()
    shown.current = true
  })
  const set = useCallback((data: T) => setState({ phase: 'ready', data }), [])
  return { state, reload, set }
}

import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import type { OwnerMe, Progress } from '../../types'
import { fetchOwnerMe, fetchProgress, logoutOwner } from '../api/owner'
import { PAGES } from '../routes'
import { clearSession, getOwnerSession, redirectToLogin } from '../stores/session'

export type OwnerHomeState =
  | { phase: 'loading' }
  | { phase: 'error'; message: string }
  | { phase: 'ready'; me: OwnerMe; progress: Progress }

/** Owner home data: who I am + the progress of every stage; 401 sends back to entry. */
export function useOwnerHome() {
  const [state, setState] = useState<OwnerHomeState>({ phase: 'loading' })
  const [refreshing, setRefreshing] = useState(false)
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    []
  )

  const load = useCallback(async (quiet = false) => {
    if (!getOwnerSession()) {
      redirectToLogin('owner')
      return
    }
    if (!quiet) setState({ phase: 'loading' })
    setRefreshing(true)
    const [me, progress] = await Promise.all([fetchOwnerMe(), fetchProgress()])
    if (!alive.current) return
    setRefreshing(false)
    if ((!me.ok && me.status === 401) || (!progress.ok && progress.status === 401)) {
      redirectToLogin('owner')
      return
    }
    if (!me.ok) setState({ phase: 'error', message: me.message })
    else if (!progress.ok) setState({ phase: 'error', message: progress.message })
    else setState({ phase: 'ready', me: me.data, progress: progress.data })
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  // back on the home page (navigateBack from a stage page): the progress may have moved on
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void load(true)
    shown.current = true
  })

  const logout = useCallback(async () => {
    // the server forgets the token; locally we forget it whatever the answer
    await logoutOwner()
    clearSession('owner')
    void Taro.reLaunch({ url: PAGES.entry })
  }, [])

  return { state, refreshing, reload: load, logout }
}

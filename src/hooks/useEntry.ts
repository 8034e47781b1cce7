import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import type { EntryInfo } from '../../types'
import { fetchEntry, verifyOwner } from '../api/entry'
import type { VerifyFormValues } from '../components/VerifyForm/validate'
import { toVerifyRequest } from '../components/VerifyForm/validate'
import { PAGES } from '../routes'
import { getOwnerSession, setOwnerSession } from '../stores/session'
import { decodeScene } from '../utils/scene'
import { getWxCode, tryWxAutoLogin } from './wxAuth'

export type EntryState =
  | { phase: 'loading' }
  | { phase: 'no-scene' }
  | { phase: 'not-found'; message: string }
  | { phase: 'error'; message: string }
  | { phase: 'ready'; token: string; info: EntryInfo }

/** QR landing logic: scene -> token -> entry info -> verify -> session -> home. */
export function useEntry(rawScene: string | undefined) {
  const [state, setState] = useState<EntryState>({ phase: 'loading' })
  const [submitting, setSubmitting] = useState(false)
  const [verifyError, setVerifyError] = useState<string | null>(null)
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    []
  )

  const load = useCallback(async () => {
    const token = decodeScene(rawScene)
    if (!token) {
      // opened from the menu / a share without a code: a signed-in owner goes home
      if (getOwnerSession()) {
        void Taro.reLaunch({ url: PAGES.home })
        return
      }
      if (await tryWxAutoLogin()) {
        void Taro.reLaunch({ url: PAGES.home })
        return
      }
      if (alive.current) setState({ phase: 'no-scene' })
      return
    }
    setState({ phase: 'loading' })
    const [linked, res] = await Promise.all([tryWxAutoLogin(), fetchEntry(token)])
    if (linked) {
      void Taro.reLaunch({ url: PAGES.home })
      return
    }
    if (!alive.current) return
    if (res.ok) setState({ phase: 'ready', token, info: res.data })
    else if (res.code === 'INVITE_NOT_FOUND' || res.status === 404 || res.code === 'VALIDATION_FAILED')
      setState({ phase: 'not-found', message: res.message })
    else setState({ phase: 'error', message: res.message })
  }, [rawScene])

  useEffect(() => {
    void load()
  }, [load])

  const verify = useCallback(
    async (values: VerifyFormValues) => {
      if (state.phase !== 'ready') return
      setSubmitting(true)
      setVerifyError(null)
      const wxCode = await getWxCode()
      const res = await verifyOwner(toVerifyRequest(state.token, values, wxCode))
      if (!alive.current) return
      setSubmitting(false)
      if (!res.ok) {
        setVerifyError(res.message)
        return
      }
      setOwnerSession(res.data)
      // a delegate's first task is the power of attorney: home prompts for it
      void Taro.reLaunch({ url: res.data.role === 'delegate' ? `${PAGES.home}?prompt=delegate` : PAGES.home })
    },
    [state]
  )

  return { state, reload: load, verify, submitting, verifyError }
}

import { useCallback, useEffect, useRef, useState } from 'react'
import type { AgreementDetail, AgreementList, SignedAgreement } from '../../types'
import { fetchAgreement, fetchAgreements, fetchSignatureImage, fetchSignedAgreement, signAgreement } from '../api/agreements'
import type { ApiResult } from '../api/client'
import { redirectToLogin } from '../stores/session'

export type Loadable<T> = { phase: 'loading' } | { phase: 'error'; message: string } | { phase: 'ready'; data: T }

/** Loads `fetcher` once (and on reload); a dead session goes back to the entry page. */
function useLoadable<T>(fetcher: () => Promise<ApiResult<T>>, deps: unknown[]) {
  const [state, setState] = useState<Loadable<T>>({ phase: 'loading' })
  const seq = useRef(0)
  const load = useCallback(async () => {
    const mine = ++seq.current
    const r = await fetcher()
    if (mine !== seq.current) return
    if (!r.ok && r.status === 401) return redirectToLogin('owner')
    setState(r.ok ? { phase: 'ready', data: r.data } : { phase: 'error', message: r.message })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)
  useEffect(() => {
    void load()
    return () => {
      seq.current++
    }
  }, [load])
  return { state, reload: load }
}

export function useAgreementList() {
  return useLoadable<AgreementList>(fetchAgreements, [])
}

export function useAgreementDetail(id: number) {
  return useLoadable<AgreementDetail>(
    () => (id > 0 ? fetchAgreement(id) : Promise.resolve({ ok: false as const, status: 404, code: 'NOT_FOUND' as const, message: '协议不存在' })),
    [id]
  )
}

export type SignOutcome = { ok: true; copy: SignedAgreement } | { ok: false; code: string; message: string }

/** Sends the signature; the page decides what a stale version or a second signature means. */
export async function submitSignature(detail: AgreementDetail, signaturePng: string): Promise<SignOutcome> {
  const r = await signAgreement(detail.id, { signaturePng, readToEnd: true, version: detail.version })
  if (r.ok) return { ok: true, copy: r.data }
  if (r.status === 401) redirectToLogin('owner')
  return { ok: false, code: r.code, message: r.message }
}

/** The signed copy plus its signature image (fetched with the owner's token). */
export function useSignedAgreement(id: number) {
  const copy = useLoadable<SignedAgreement>(
    () => (id > 0 ? fetchSignedAgreement(id) : Promise.resolve({ ok: false as const, status: 404, code: 'NOT_FOUND' as const, message: '尚未签署该协议' })),
    [id]
  )
  const [image, setImage] = useState<string | null>(null)
  const [imageError, setImageError] = useState<string | null>(null)
  const url = copy.state.phase === 'ready' ? copy.state.data.signatureUrl : null
  useEffect(() => {
    if (!url) return
    let alive = true
    void fetchSignatureImage(url).then((r) => {
      if (!alive) return
      if (r.ok) setImage(r.data)
      else setImageError(r.message)
    })
    return () => {
      alive = false
    }
  }, [url])
  return { ...copy, image, imageError }
}

import { useCallback, useEffect, useRef, useState } from 'react'
import type { OwnerMe } from '../../types'
import { uploadDocument } from '../api/documents'
import { fetchOwnerMe } from '../api/owner'
import { redirectToLogin } from '../stores/session'
import type { PickedFile } from '../utils/files'
import { pickFile, type PickSource } from '../utils/pickFile'

export type DelegateState =
  | { phase: 'loading' }
  | { phase: 'error'; message: string }
  | { phase: 'ready'; me: OwnerMe }

/** The delegate's power-of-attorney upload: current review state, pick, send, re-read. */
export function useDelegateUpload() {
  const [state, setState] = useState<DelegateState>({ phase: 'loading' })
  const [uploading, setUploading] = useState(false)
  const [uploadError, setUploadError] = useState<string | null>(null)
  const [lastFile, setLastFile] = useState<PickedFile | null>(null)
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    []
  )

  const load = useCallback(async () => {
    const res = await fetchOwnerMe()
    if (!alive.current) return
    if (!res.ok && res.status === 401) return redirectToLogin('owner')
    setState(res.ok ? { phase: 'ready', me: res.data } : { phase: 'error', message: res.message })
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  const pickAndUpload = useCallback(
    async (source: PickSource) => {
      setUploadError(null)
      const picked = await pickFile(source)
      if (!picked) return
      if (!picked.ok) return setUploadError(picked.message)
      setUploading(true)
      const res = await uploadDocument('power_of_attorney', picked.file)
      if (!alive.current) return
      setUploading(false)
      if (!res.ok) {
        if (res.status === 401) return redirectToLogin('owner')
        return setUploadError(res.message)
      }
      setLastFile(picked.file)
      await load()
    },
    [load]
  )

  return { state, uploading, uploadError, lastFile, pickAndUpload, reload: load }
}

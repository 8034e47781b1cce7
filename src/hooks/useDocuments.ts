import { useCallback, useEffect, useRef, useState } from 'react'
import type { ChecklistResponse } from '../../types'
import { deletePage, fetchChecklist, submitItem, uploadDocument } from '../api/documents'
import { getOwnerSession, redirectToLogin } from '../stores/session'
import { pickFiles, type PickSource } from '../utils/pickFiles'

export type DocumentsState =
  | { phase: 'loading' }
  | { phase: 'error'; message: string }
  | { phase: 'ready'; data: ChecklistResponse }

export interface UploadProgress {
  itemCode: string
  done: number
  total: number
}

/** The owner's checklist: load, add pages (several at once, with progress), delete, submit. */
export function useDocuments() {
  const [state, setState] = useState<DocumentsState>({ phase: 'loading' })
  const [progress, setProgress] = useState<UploadProgress | null>(null)
  const [busyItem, setBusyItem] = useState<string | null>(null)
  const [itemErrors, setItemErrors] = useState<Record<string, string | null>>({})
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    []
  )

  const setItemError = (code: string, message: string | null) => setItemErrors((e) => ({ ...e, [code]: message }))

  const load = useCallback(async () => {
    if (!getOwnerSession()) return redirectToLogin('owner')
    const res = await fetchChecklist()
    if (!alive.current) return
    if (!res.ok && res.status === 401) return redirectToLogin('owner')
    setState(res.ok ? { phase: 'ready', data: res.data } : { phase: 'error', message: res.message })
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  /** Picks one or more files and uploads them one by one; stops at the first refusal. */
  const addPages = useCallback(
    async (itemCode: string, source: PickSource) => {
      setItemError(itemCode, null)
      const picked = await pickFiles(source)
      if (!picked) return
      if (!picked.ok) return setItemError(itemCode, picked.message)
      const files = picked.files
      setProgress({ itemCode, done: 0, total: files.length })
      for (const [i, f] of files.entries()) {
        const res = await uploadDocument(itemCode, f)
        if (!alive.current) return
        if (!res.ok) {
          if (res.status === 401) return redirectToLogin('owner')
          setItemError(itemCode, files.length > 1 ? `第 ${i + 1} 个文件：${res.message}` : res.message)
          break
        }
        setProgress({ itemCode, done: i + 1, total: files.length })
      }
      setProgress(null)
      await load()
    },
    [load]
  )

  const removePage = useCallback(
    async (itemCode: string, uploadId: number) => {
      setBusyItem(itemCode)
      const res = await deletePage(itemCode, uploadId)
      if (!alive.current) return
      setBusyItem(null)
      if (!res.ok) return setItemError(itemCode, res.message)
      await load()
    },
    [load]
  )

  const submit = useCallback(
    async (itemCode: string): Promise<boolean> => {
      setItemError(itemCode, null)
      setBusyItem(itemCode)
      const res = await submitItem(itemCode)
      if (!alive.current) return false
      setBusyItem(null)
      if (!res.ok) {
        setItemError(itemCode, res.message)
        return false
      }
      await load()
      return true
    },
    [load]
  )

  return { state, progress, busyItem, itemErrors, addPages, removePage, submit, reload: load }
}

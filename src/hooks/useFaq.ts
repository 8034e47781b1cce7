import { useCallback, useEffect, useRef, useState } from 'react'
import type { FaqList } from '../../types'
import { fetchFaq } from '../api/faq'

export type FaqState = { phase: 'loading' } | { phase: 'error'; message: string } | { phase: 'ready'; list: FaqList }

export interface FaqFilter {
  category?: string
  q?: string
}

/**
 * The FAQ with its filter. A deep link's category that no longer exists falls back to all
 * categories (with the search kept) rather than an error page.
 */
export function useFaq(initial: FaqFilter, token?: string) {
  const [filter, setFilter] = useState<FaqFilter>(initial)
  const [state, setState] = useState<FaqState>({ phase: 'loading' })
  const seq = useRef(0)

  const load = useCallback(
    async (f: FaqFilter) => {
      const mine = ++seq.current
      setState((s) => (s.phase === 'ready' ? s : { phase: 'loading' }))
      let r = await fetchFaq({ ...f, token })
      if (!r.ok && r.code === 'NOT_FOUND' && f.category) {
        r = await fetchFaq({ q: f.q, token })
        if (mine === seq.current) setFilter({ q: f.q })
      }
      if (mine !== seq.current) return // a newer filter won
      setState(r.ok ? { phase: 'ready', list: r.data } : { phase: 'error', message: r.message })
    },
    [token]
  )

  useEffect(() => {
    void load(filter)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filter.category, filter.q, load])

  const setCategory = useCallback((category?: string) => setFilter((f) => ({ ...f, category })), [])
  const search = useCallback((q: string) => setFilter((f) => ({ ...f, q: q.trim() || undefined })), [])
  return { state, filter, setCategory, search, reload: () => load(filter) }
}

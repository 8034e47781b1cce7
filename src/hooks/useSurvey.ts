import { useCallback, useEffect, useRef, useState } from 'react'
import type { OwnerSurvey, SurveySubmit } from '../../types'
import { fetchOwnerSurvey, submitSurvey } from '../api/survey'
import { getOwnerSession, redirectToLogin } from '../stores/session'

export type SurveyState =
  | { phase: 'loading' }
  | { phase: 'error'; message: string }
  | { phase: 'ready'; survey: OwnerSurvey; justSubmitted: boolean }

/** The owner's survey: load, submit once; 409 (already answered) shows the stored answer. */
export function useSurvey() {
  const [state, setState] = useState<SurveyState>({ phase: 'loading' })
  const [submitting, setSubmitting] = useState(false)
  const [submitError, setSubmitError] = useState<string | null>(null)
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    []
  )

  const load = useCallback(async () => {
    if (!getOwnerSession()) {
      // the on-site QR opens this page: without a session on this phone, verify first
      redirectToLogin('owner')
      return
    }
    setState({ phase: 'loading' })
    const r = await fetchOwnerSurvey()
    if (!alive.current) return
    if (!r.ok && r.status === 401) return redirectToLogin('owner')
    setState(r.ok ? { phase: 'ready', survey: r.data, justSubmitted: false } : { phase: 'error', message: r.message })
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  const submit = useCallback(async (body: SurveySubmit) => {
    setSubmitting(true)
    setSubmitError(null)
    const r = await submitSurvey(body)
    if (!alive.current) return
    setSubmitting(false)
    if (r.ok) {
      setState({ phase: 'ready', survey: r.data, justSubmitted: true })
      return
    }
    if (r.status === 401) return redirectToLogin('owner')
    if (r.code === 'SURVEY_ALREADY_SUBMITTED') {
      // answered from another device or a double tap: show what the server holds
      const again = await fetchOwnerSurvey()
      if (!alive.current) return
      if (again.ok) setState({ phase: 'ready', survey: again.data, justSubmitted: false })
    }
    setSubmitError(r.message)
  }, [])

  return { state, reload: load, submit, submitting, submitError }
}

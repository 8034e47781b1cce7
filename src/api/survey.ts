import type { OwnerSurvey, SurveySubmit, SurveySummary } from '../../types'
import { request } from './client'

/** GET /api/owner/survey — the items, whether it is open, and this house's answer. */
export function fetchOwnerSurvey() {
  return request<OwnerSurvey>('/api/owner/survey', { auth: 'owner' })
}

/** POST /api/owner/survey — once per house; a second answer is 409 SURVEY_ALREADY_SUBMITTED. */
export function submitSurvey(body: SurveySubmit) {
  return request<OwnerSurvey>('/api/owner/survey', { method: 'POST', body, auth: 'owner' })
}

/** GET /api/staff/survey/summary (manager) */
export function fetchSurveySummary() {
  return request<SurveySummary>('/api/staff/survey/summary', { auth: 'staff' })
}

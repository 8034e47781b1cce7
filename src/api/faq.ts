import type { FaqList } from '../../types'
import { request } from './client'
import { getOwnerSession, getStaffSession } from '../stores/session'

export interface FaqParams {
  q?: string
  /** category code or title */
  category?: string
  /** the landing page has no session yet: its invitation token names the community */
  token?: string
}

/**
 * GET /api/faq — public; a live session (owner first) picks the community, else the
 * invitation token, sent as the X-Anjia-Invite header (never in the URL: URLs are logged).
 */
export function fetchFaq(params: FaqParams = {}) {
  const auth = getOwnerSession() ? 'owner' : getStaffSession() ? 'staff' : 'none'
  return request<FaqList>('/api/faq', {
    auth,
    query: { q: params.q || undefined, category: params.category || undefined },
    ...(params.token ? { headers: { 'X-Anjia-Invite': params.token } } : {})
  })
}

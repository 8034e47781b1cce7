import type { EntryInfo, OwnerSession, VerifyRequest, WxLoginResponse } from '../../types'
import { request } from './client'

/** POST /api/entry — community and house behind a QR invitation (the token in the body, never in a URL). */
export function fetchEntry(token: string) {
  return request<EntryInfo>('/api/entry', { method: 'POST', body: { token }, auth: 'none' })
}

/** POST /api/owner/verify — owner (or delegate) proves who they are. */
export function verifyOwner(body: VerifyRequest) {
  return request<OwnerSession>('/api/owner/verify', { method: 'POST', body, auth: 'none' })
}

/** POST /api/owner/wx-login — a returning weapp owner whose openid is linked. */
export function wxLogin(code: string) {
  return request<WxLoginResponse>('/api/owner/wx-login', { method: 'POST', body: { code }, auth: 'none' })
}

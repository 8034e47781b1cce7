import type { KeyHandoverRequest, KeyHandoverResponse, OwnerKeys, StaffKeysView } from '../../types'
import { request } from './client'

/** GET /api/owner/keys — what the policy requires before keys; the record after */
export function fetchOwnerKeys() {
  return request<OwnerKeys>('/api/owner/keys', { auth: 'owner' })
}

/** GET /api/staff/keys/:caseId — masked identity, key types, meters, guard (audited) */
export function fetchStaffKeys(caseId: number) {
  return request<StaffKeysView>(`/api/staff/keys/${caseId}`, { auth: 'staff' })
}

/** POST /api/staff/keys/:caseId — reception only */
export function handOverKeys(caseId: number, body: KeyHandoverRequest) {
  return request<KeyHandoverResponse>(`/api/staff/keys/${caseId}`, { method: 'POST', body, auth: 'staff', timeout: 30000 })
}

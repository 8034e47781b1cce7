import type {
  ChangePasswordRequest,
  CreateStaffAccountRequest,
  Ok,
  OneTimePasswordResponse,
  StaffAccount,
  StaffAccountList,
  UpdateStaffAccountRequest
} from '../../types'
import { request } from './client'

/** GET /api/staff/accounts — the manager's community */
export function fetchAccounts() {
  return request<StaffAccountList>('/api/staff/accounts', { auth: 'staff' })
}

/** POST /api/staff/accounts — the answer carries the one-time password, shown once */
export function createAccount(body: CreateStaffAccountRequest) {
  return request<OneTimePasswordResponse>('/api/staff/accounts', { method: 'POST', body, auth: 'staff' })
}

export function updateAccount(id: number, body: UpdateStaffAccountRequest) {
  return request<StaffAccount>(`/api/staff/accounts/${id}`, { method: 'PATCH', body, auth: 'staff' })
}

export function resetAccountPassword(id: number) {
  return request<OneTimePasswordResponse>(`/api/staff/accounts/${id}/reset-password`, { method: 'POST', auth: 'staff' })
}

/** POST /api/staff/password — the signed-in staff member's own password */
export function changePassword(body: ChangePasswordRequest) {
  return request<Ok>('/api/staff/password', { method: 'POST', body, auth: 'staff' })
}

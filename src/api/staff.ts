import type { HouseLookupResponse, Ok, StaffHomeCounts, StaffLoginRequest, StaffSession, StaffUser } from '../../types'
import { request } from './client'

export function loginStaff(body: StaffLoginRequest) {
  return request<StaffSession>('/api/staff/login', { method: 'POST', body, auth: 'none' })
}

export function fetchStaffMe() {
  return request<StaffUser>('/api/staff/me', { auth: 'staff' })
}

/** GET /api/staff/home-counts — what waits for the member's role (null: not the role's). */
export function fetchStaffHomeCounts() {
  return request<StaffHomeCounts>('/api/staff/home-counts', { auth: 'staff' })
}

export function logoutStaff() {
  return request<Ok>('/api/staff/logout', { method: 'POST', auth: 'staff' })
}

/** GET /api/staff/houses?q= — lookup by house label or owner name; IDs come back masked. */
export function lookupHouses(q: string) {
  return request<HouseLookupResponse>('/api/staff/houses', { query: { q }, auth: 'staff' })
}

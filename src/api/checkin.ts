import type { Board, BoardCheckin, CheckinCode, FinishResponse, OwnerCheckin, StaffCheckinResponse } from '../../types'
import { request } from './client'

/** GET /api/owner/checkin — my number today, people ahead, estimated wait */
export function fetchCheckin() {
  return request<OwnerCheckin>('/api/owner/checkin', { auth: 'owner' })
}

/** POST /api/owner/checkin — take a number (a second tap returns the same number) */
export function checkIn() {
  return request<OwnerCheckin>('/api/owner/checkin', { method: 'POST', auth: 'owner' })
}

/** GET /api/owner/checkin-code — the code reception scans, valid today */
export function fetchCheckinCode() {
  return request<CheckinCode>('/api/owner/checkin-code', { auth: 'owner' })
}

/** POST /api/staff/checkins — reception checks an owner in by the code */
export function staffCheckIn(code: string) {
  return request<StaffCheckinResponse>('/api/staff/checkins', { method: 'POST', body: { code }, auth: 'staff' })
}

export function fetchBoard(date?: string) {
  return request<Board>('/api/staff/board', { auth: 'staff', query: { date } })
}

export function callNext() {
  return request<{ called: BoardCheckin | null }>('/api/staff/board/call-next', { method: 'POST', auth: 'staff' })
}

export function finishCheckin(id: number) {
  return request<FinishResponse>(`/api/staff/board/${id}/finish`, { method: 'POST', auth: 'staff' })
}

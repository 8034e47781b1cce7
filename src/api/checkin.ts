import type { Board, BoardCheckin, CheckinCode, FinishResponse, Hall, OwnerCheckin, StaffCheckinResponse } from '../../types'
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

/**
 * POST /api/staff/checkins — reception checks an owner in by the scanned code or the short code.
 * `idempotencyKey`: made once when the check-in is queued; a retry sends the same one.
 */
export function staffCheckIn(code: string, idempotencyKey?: string) {
  return request<StaffCheckinResponse>('/api/staff/checkins', { method: 'POST', body: { code, ...(idempotencyKey ? { idempotencyKey } : {}) }, auth: 'staff' })
}

/** POST /api/staff/checkins/by-house — the house label and the last 4 ID characters */
export function staffCheckInByHouse(house: string, idLast4: string, idempotencyKey?: string) {
  return request<StaffCheckinResponse>('/api/staff/checkins/by-house', {
    method: 'POST',
    body: { house, idLast4, ...(idempotencyKey ? { idempotencyKey } : {}) },
    auth: 'staff'
  })
}

export function fetchBoard(date?: string) {
  return request<Board>('/api/staff/board', { auth: 'staff', query: { date } })
}

export function callNext(window = 1) {
  return request<{ called: BoardCheckin | null }>('/api/staff/board/call-next', { method: 'POST', body: { window }, auth: 'staff' })
}

export function finishCheckin(id: number) {
  return request<FinishResponse>(`/api/staff/board/${id}/finish`, { method: 'POST', auth: 'staff' })
}

/** GET /api/staff/hall — the hall TV: called numbers and windows, the next five, today's progress */
export function fetchHall() {
  return request<Hall>('/api/staff/hall', { auth: 'staff' })
}

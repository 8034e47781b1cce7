import type { ReservationState, SlotList } from '../../types'
import { request } from './client'

export function fetchSlots(range: { from?: string; to?: string } = {}) {
  return request<SlotList>('/api/owner/slots', { auth: 'owner', query: range })
}

export function fetchReservation() {
  return request<ReservationState>('/api/owner/reservation', { auth: 'owner' })
}

/** `idempotencyKey`: one per user intent; a retry of the same tap sends the same key. */
export function reserveSlot(slotId: number, idempotencyKey: string) {
  return request<ReservationState>('/api/owner/reservation', { method: 'POST', auth: 'owner', body: { slotId, idempotencyKey } })
}

export function rescheduleSlot(slotId: number, idempotencyKey: string) {
  return request<ReservationState>('/api/owner/reservation', { method: 'PUT', auth: 'owner', body: { slotId, idempotencyKey } })
}

export function cancelReservation() {
  return request<ReservationState>('/api/owner/reservation', { method: 'DELETE', auth: 'owner' })
}

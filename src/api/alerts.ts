import type { Alert, AlertList, AlertQuery } from '../../types'
import { request } from './client'

/** The staff member's alerts (风险预警): their role in their community; a manager sees all. */
export function fetchAlerts(status: NonNullable<AlertQuery['status']> = 'open') {
  return request<AlertList>('/api/staff/alerts', { query: { status }, auth: 'staff' })
}

export function ackAlert(id: number) {
  return request<Alert>(`/api/staff/alerts/${id}/ack`, { method: 'POST', auth: 'staff' })
}

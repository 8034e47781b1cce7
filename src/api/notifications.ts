import type { NotificationList, ReadAllResult, SubscriptionResult, SubscriptionTemplates } from '../../types'
import { request } from './client'

export function fetchNotifications(page = 1, pageSize = 20) {
  return request<NotificationList>('/api/owner/notifications', { query: { page, pageSize }, auth: 'owner' })
}

export function markNotificationRead(id: number) {
  return request<null>(`/api/owner/notifications/${id}/read`, { method: 'POST', auth: 'owner' })
}

export function markAllNotificationsRead() {
  return request<ReadAllResult>('/api/owner/notifications/read-all', { method: 'POST', auth: 'owner' })
}

export function fetchSubscriptionTemplates() {
  return request<SubscriptionTemplates>('/api/owner/subscriptions', { auth: 'owner' })
}

export function recordSubscriptions(accepted: string[]) {
  return request<SubscriptionResult>('/api/owner/subscriptions', { method: 'POST', body: { accepted }, auth: 'owner' })
}

import type { Ok, OwnerMe, Progress } from '../../types'
import { request } from './client'

export function fetchOwnerMe() {
  return request<OwnerMe>('/api/owner/me', { auth: 'owner' })
}

export function fetchProgress() {
  return request<Progress>('/api/owner/progress', { auth: 'owner' })
}

export function logoutOwner() {
  return request<Ok>('/api/owner/logout', { method: 'POST', auth: 'owner' })
}

import type { FollowupTask, Handbook, TaskList, TaskStatus } from '../../types'
import { request } from './client'

export function fetchHandbook() {
  return request<Handbook>('/api/owner/handbook', { auth: 'owner' })
}

export function fetchTasks(status: TaskStatus = 'open') {
  return request<TaskList>('/api/staff/tasks', { auth: 'staff', query: { status } })
}

export function completeTask(id: number, note: string) {
  return request<FollowupTask>(`/api/staff/tasks/${id}/done`, { method: 'POST', body: { note }, auth: 'staff' })
}

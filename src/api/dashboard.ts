import type { Dashboard, DashboardHouses, DashboardHousesQuery, DashboardQuery } from '../../types'
import { request } from './client'

export const DASHBOARD_EXPORT_PATH = '/api/staff/dashboard/export.xlsx'

/** GET /api/staff/dashboard?batch=&building= (manager) */
export function fetchDashboard(query: DashboardQuery) {
  return request<Dashboard>('/api/staff/dashboard', { query: { batch: query.batch, building: query.building }, auth: 'staff' })
}

/** GET /api/staff/dashboard/houses?metric=: exactly the houses behind one number. */
export function fetchDashboardHouses(query: DashboardHousesQuery) {
  return request<DashboardHouses>('/api/staff/dashboard/houses', {
    query: { metric: query.metric, batch: query.batch, building: query.building },
    auth: 'staff'
  })
}

import type { HouseHistory } from '../../types'
import { request } from './client'

/** GET /api/staff/houses/:houseId/history — 房屋档案 (masked identity; every look is audited). */
export function fetchHouseHistory(houseId: number) {
  return request<HouseHistory>(`/api/staff/houses/${houseId}/history`, { auth: 'staff' })
}

/** The page of one house's history, for links from the staff home, the house list and the dashboard. */
export function houseHistoryUrl(houseId: number): string {
  return `/staff/house/index?houseId=${houseId}`
}

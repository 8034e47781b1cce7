import type { HouseLookupQuery, HouseLookupResponse, InvitationResponse, NoticeQuery, WxacodeGenerateResponse } from '../../types'
import { request } from './client'

/** GET /api/staff/houses with the manager's filters (building / batch / stage, paged). */
export function listHouses(query: HouseLookupQuery) {
  return request<HouseLookupResponse>('/api/staff/houses', { query: { ...query }, auth: 'staff' })
}

/** POST /api/staff/houses/:id/invitation — a lost notice: new QR, the old one stops working. */
export function reissueInvitation(houseId: number) {
  return request<InvitationResponse>(`/api/staff/houses/${houseId}/invitation`, { method: 'POST', auth: 'staff' })
}

/** POST /api/staff/notices/wxacodes — mini-program codes ahead of printing (only with WeChat configured). */
export function generateWxacodes(body: NoticeQuery) {
  return request<WxacodeGenerateResponse>('/api/staff/notices/wxacodes', { method: 'POST', body, auth: 'staff' })
}

export const NOTICES_PDF = '/api/staff/notices.pdf'
export const STICKERS_PDF = '/api/staff/notices/stickers.pdf'

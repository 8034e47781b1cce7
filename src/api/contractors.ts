import type {
  Contractor,
  ContractorBatchAssignRequest,
  ContractorBatchAssignResponse,
  ContractorCreateRequest,
  ContractorListResponse,
  ContractorUpdateRequest,
  DefectAssignRequest,
  DefectAssignResponse,
  RepairOrder,
  RepairVerifyRequest
} from '../../types'
import { request } from './client'

/** GET /api/staff/contractors — the community's contractors (施工单位) with their repair counts. */
export function fetchContractors() {
  return request<ContractorListResponse>('/api/staff/contractors', { auth: 'staff' })
}

/** POST /api/staff/contractors (manager). */
export function createContractor(body: ContractorCreateRequest) {
  return request<Contractor>('/api/staff/contractors', { method: 'POST', body, auth: 'staff' })
}

/** PATCH /api/staff/contractors/:id (manager). */
export function updateContractor(id: number, body: ContractorUpdateRequest) {
  return request<Contractor>(`/api/staff/contractors/${id}`, { method: 'PATCH', body, auth: 'staff' })
}

/** POST /api/staff/contractors/:id/assign — a batch by category / building, or listed defects. */
export function assignBatch(id: number, body: ContractorBatchAssignRequest) {
  return request<ContractorBatchAssignResponse>(`/api/staff/contractors/${id}/assign`, { method: 'POST', body, auth: 'staff' })
}

/** POST /api/staff/defects/:id/assign — one defect's repair order. */
export function assignDefect(defectId: number, body: DefectAssignRequest) {
  return request<DefectAssignResponse>(`/api/staff/defects/${defectId}/assign`, { method: 'POST', body, auth: 'staff' })
}

/** POST /api/staff/repairs/:id/verify — the inspector accepts or rejects a contractor's fix. */
export function verifyRepair(id: number, body: RepairVerifyRequest) {
  return request<RepairOrder>(`/api/staff/repairs/${id}/verify`, { method: 'POST', body, auth: 'staff' })
}

export const contractorNoticePdf = (id: number) => `/api/staff/contractors/${id}/notice.pdf`

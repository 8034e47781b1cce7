import type {
  ChecklistResponse,
  Consent,
  DocumentStatus,
  ReviewCase,
  ReviewDecision,
  ReviewQueue,
  ReviewReasons,
  ReviewResult,
  UploadResult
} from '../../types'
import type { PickedFile } from '../utils/files'
import { request, type ApiResult } from './client'
import { uploadFile } from './upload'

/** Checklist item codes (owner_id_card, purchase_contract, power_of_attorney, …). */
export type DocumentItemCode = 'power_of_attorney' | (string & {})

const item = (code: string) => encodeURIComponent(code)

/** POST /api/owner/documents/:itemCode/files: one page (multipart field `file`). */
export function uploadDocument(itemCode: DocumentItemCode, file: PickedFile): Promise<ApiResult<UploadResult>> {
  return uploadFile<UploadResult>(`/api/owner/documents/${item(itemCode)}/files`, file)
}

export function fetchChecklist() {
  return request<ChecklistResponse>('/api/owner/documents', { auth: 'owner' })
}

export function deletePage(itemCode: string, uploadId: number) {
  return request<null>(`/api/owner/documents/${item(itemCode)}/files/${uploadId}`, { method: 'DELETE', auth: 'owner' })
}

export function submitItem(itemCode: string) {
  return request<{ itemCode: string; status: DocumentStatus }>(`/api/owner/documents/${item(itemCode)}/submit`, { method: 'POST', auth: 'owner' })
}

export function giveIdPhotoConsent() {
  return request<Consent>('/api/owner/consents', { method: 'POST', body: { kind: 'id_photo' }, auth: 'owner' })
}

// ---- staff review ----
export function fetchReviewQueue() {
  return request<ReviewQueue>('/api/staff/reviews', { auth: 'staff' })
}

export function fetchReviewCase(caseId: number) {
  return request<ReviewCase>(`/api/staff/reviews/${caseId}`, { auth: 'staff' })
}

export function fetchReviewReasons() {
  return request<ReviewReasons>('/api/staff/review-reasons', { auth: 'staff' })
}

export function decideItem(caseId: number, itemCode: string, body: ReviewDecision) {
  return request<ReviewResult>(`/api/staff/reviews/${caseId}/items/${item(itemCode)}`, { method: 'POST', body, auth: 'staff' })
}

import type {
  CompleteInspectionResponse,
  Defect,
  DefectConfirmResponse,
  HandoverSignResponse,
  InspectionDefectEntryRequest,
  InspectionDetail,
  InspectionItemEntryRequest,
  InspectionItemRow,
  InspectionMeter,
  InspectionMeterEntryRequest,
  InspectionPhotoUpload,
  InspectionQueueResponse,
  OwnerInspection,
  RepairListResponse,
  RepairOrder
} from '../../types'
import Taro from '@tarojs/taro'
import type { PickedFile } from '../utils/files'
import { apiUrl, authHeader, networkFailure, request, toResult, type ApiResult } from './client'
// Taro.arrayBufferToBase64 returns '' on H5 (see bytesToBase64)
import { bytesToBase64 } from './agreements'
import { uploadFile } from './upload'

// ---- staff (inspector; manager may view and close repair orders)

export function fetchInspectionQueue() {
  return request<InspectionQueueResponse>('/api/staff/inspections/queue', { auth: 'staff' })
}

/** Starts the next round, or answers the open one (200). */
export function startInspection(caseId: number) {
  return request<InspectionDetail>('/api/staff/inspections', { method: 'POST', body: { caseId }, auth: 'staff' })
}

export function fetchInspection(id: number) {
  return request<InspectionDetail>(`/api/staff/inspections/${id}`, { auth: 'staff' })
}

export function putItemResult(inspectionId: number, body: InspectionItemEntryRequest) {
  return request<InspectionItemRow>(`/api/staff/inspections/${inspectionId}/items`, { method: 'PUT', body, auth: 'staff' })
}

export function postDefect(inspectionId: number, body: InspectionDefectEntryRequest) {
  return request<Defect>(`/api/staff/inspections/${inspectionId}/defects`, { method: 'POST', body, auth: 'staff' })
}

export function postMeter(inspectionId: number, body: InspectionMeterEntryRequest) {
  return request<InspectionMeter>(`/api/staff/inspections/${inspectionId}/meters`, { method: 'POST', body, auth: 'staff' })
}

export function uploadInspectionPhoto(inspectionId: number, file: PickedFile) {
  return uploadFile<InspectionPhotoUpload>(`/api/staff/inspections/${inspectionId}/photos`, file, 'staff')
}

export function completeInspection(id: number) {
  return request<CompleteInspectionResponse>(`/api/staff/inspections/${id}/complete`, { method: 'POST', auth: 'staff' })
}

export function fetchRepairs(status: 'open' | 'fixed' | 'all' = 'open') {
  return request<RepairListResponse>('/api/staff/repairs', { query: { status }, auth: 'staff' })
}

export function markRepairFixed(id: number, body: { afterPhotoUploadId: number; note?: string }) {
  return request<RepairOrder>(`/api/staff/repairs/${id}/fixed`, { method: 'POST', body, auth: 'staff' })
}

// ---- owner

export function fetchOwnerInspection() {
  return request<OwnerInspection>('/api/owner/inspection', { auth: 'owner' })
}

export function confirmDefectFix(defectId: number) {
  return request<DefectConfirmResponse>(`/api/owner/inspection/defects/${defectId}/confirm`, { method: 'POST', auth: 'owner' })
}

export function signHandoverForm(signaturePng: string) {
  return request<HandoverSignResponse>('/api/owner/inspection/sign', { method: 'POST', body: { signaturePng }, auth: 'owner', timeout: 30000 })
}

/** A protected photo (staff or owner route) as a data URL an <Image> can show. */
export async function fetchPhotoDataUrl(path: string, auth: 'staff' | 'owner'): Promise<ApiResult<string>> {
  try {
    const res = await Taro.request({
      url: apiUrl(path),
      method: 'GET',
      header: authHeader(auth),
      responseType: 'arraybuffer',
      dataType: '其他',
      timeout: 20000
    })
    if (!res || typeof res.statusCode !== 'number') return networkFailure()
    if (res.statusCode !== 200) return toResult<string>(res.statusCode, null, auth)
    const headers = (res.header ?? {}) as Record<string, string>
    const mime = headers['content-type'] ?? headers['Content-Type'] ?? 'image/jpeg'
    const b64 = bytesToBase64(res.data as ArrayBuffer)
    if (b64 === '') return { ok: false, status: 200, code: 'BAD_RESPONSE', message: '照片为空，请稍后重试' }
    return { ok: true, data: `data:${mime.split(';')[0]};base64,${b64}` }
  } catch {
    return networkFailure()
  }
}

import type { PickedFile } from '../utils/files'
import type { ApiResult } from './client'
import { uploadFile } from './upload'

/** Checklist items the owner can upload to (types/ will list them all). */
export type DocumentItemCode = 'power_of_attorney' | (string & {})

/**
 * POST /api/owner/documents/:itemCode/files. The response shape is not in types/ yet, so
 * callers only rely on success and re-read the state (GET /api/owner/me) afterwards.
 */
export function uploadDocument(itemCode: DocumentItemCode, file: PickedFile): Promise<ApiResult<unknown>> {
  return uploadFile<unknown>(`/api/owner/documents/${encodeURIComponent(itemCode)}/files`, file)
}

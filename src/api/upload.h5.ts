import type { PickedFile } from '../utils/files'
import type { SessionKind } from '../stores/session'
import { apiUrl, authHeader, networkFailure, toResult, type ApiResult } from './client'
import { jsonOrNull } from './download'

/** Multipart upload (field `file`) with fetch + FormData; same result shape as request(). */
export async function uploadFile<T>(path: string, picked: PickedFile, auth: SessionKind = 'owner'): Promise<ApiResult<T>> {
  if (!picked.file) return networkFailure()
  const form = new FormData()
  form.append('file', picked.file, picked.name)
  try {
    const res = await fetch(apiUrl(path), { method: 'POST', body: form, headers: authHeader(auth) })
    return toResult<T>(res.status, await jsonOrNull(res), auth)
  } catch {
    return networkFailure()
  }
}

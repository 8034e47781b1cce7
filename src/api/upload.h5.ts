import type { PickedFile } from '../utils/files'
import { apiUrl, authHeader, networkFailure, toResult, type ApiResult } from './client'

/** Multipart upload (field `file`) with fetch + FormData; same result shape as request(). */
export async function uploadFile<T>(path: string, picked: PickedFile): Promise<ApiResult<T>> {
  if (!picked.file) return networkFailure()
  const form = new FormData()
  form.append('file', picked.file, picked.name)
  try {
    const res = await fetch(apiUrl(path), { method: 'POST', body: form, headers: authHeader('owner') })
    let data: unknown = null
    try {
      data = await res.json()
    } catch {
      data = null
    }
    return toResult<T>(res.status, data, 'owner')
  } catch {
    return networkFailure()
  }
}

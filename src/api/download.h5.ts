import { apiUrl, authHeader, networkFailure, toResult, type ApiResult, type RequestOptions } from './client'

/**
 * H5: fetch a generated file (PDF, workbook) with the bearer token, which a plain link cannot
 * carry. A refusal comes back as the server's code and Chinese message, as request() gives it.
 */
export async function fetchFile(path: string, query: RequestOptions['query'], auth: RequestOptions['auth']): Promise<ApiResult<Blob>> {
  let res: Response
  try {
    res = await fetch(apiUrl(path, query), { headers: authHeader(auth) })
  } catch {
    return networkFailure()
  }
  if (!res.ok) return toResult<Blob>(res.status, await jsonOrNull(res), auth)
  try {
    return { ok: true, data: await res.blob() }
  } catch {
    return networkFailure()
  }
}

/** A fetch answer's JSON body, or null when it has none (toResult then uses the status's message). */
export async function jsonOrNull(res: Response): Promise<unknown> {
  try {
    return await res.json()
  } catch {
    return null
  }
}

/** Saves a blob: URL as a download under its (Chinese) file name. */
export function downloadUrl(url: string, fileName: string): void {
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
}

/** Saves a fetched file as a download and frees its blob: URL once the browser has taken it. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  downloadUrl(url, fileName)
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

import { apiUrl, authHeader, networkFailure, toResult, type ApiResult } from './client'

export interface OpenedPdf {
  /** a blob: URL the page can offer as a link when the browser blocked the new tab */
  url: string
  bytes: number
}

/**
 * H5: fetch the PDF with the staff bearer token (a plain link cannot carry it), then open the
 * Blob in a new tab; when the browser blocks that (the tap was too long ago), download it.
 */
export async function openPdf(path: string, query: Record<string, string | undefined>, fileName: string): Promise<ApiResult<OpenedPdf>> {
  let res: Response
  try {
    res = await fetch(apiUrl(path, query), { headers: authHeader('staff') })
  } catch {
    return networkFailure()
  }
  if (!res.ok) {
    let data: unknown = null
    try {
      data = await res.json()
    } catch {
      data = null
    }
    return toResult<OpenedPdf>(res.status, data, 'staff')
  }
  const blob = await res.blob()
  const url = URL.createObjectURL(blob)
  const tab = window.open(url, '_blank')
  if (!tab) {
    const a = document.createElement('a')
    a.href = url
    a.download = fileName
    document.body.appendChild(a)
    a.click()
    a.remove()
  }
  return { ok: true, data: { url, bytes: blob.size } }
}

/** Opens an already fetched PDF again (the link shown when the new tab was blocked). */
export function reopenPdf(url: string): void {
  window.open(url, '_blank')
}

/**
 * H5: a paper the owner keeps (receipt, signed agreement, 房屋交接单, key record): fetched with the
 * owner's bearer token and saved as a download under its Chinese file name.
 */
export async function savePdf(path: string, fileName: string): Promise<ApiResult<{ bytes: number }>> {
  let res: Response
  try {
    res = await fetch(apiUrl(path, {}), { headers: authHeader('owner') })
  } catch {
    return networkFailure()
  }
  if (!res.ok) {
    let data: unknown = null
    try {
      data = await res.json()
    } catch {
      data = null
    }
    return toResult<{ bytes: number }>(res.status, data, 'owner')
  }
  const blob = await res.blob()
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
  return { ok: true, data: { bytes: blob.size } }
}

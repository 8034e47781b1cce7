import type { ApiResult } from './client'
import { downloadBlob, downloadUrl, fetchFile } from './download'

export interface OpenedPdf {
  /** a blob: URL the page can offer as a link when the browser blocked the new tab */
  url: string
  bytes: number
}

// The blob: URL of the last opened PDF stays alive for its "open again" link; the next
// openPdf frees it, so a manager printing batch after batch holds one PDF in memory, not all.
let lastOpened: string | null = null

/**
 * H5: fetch the PDF with the staff bearer token, then open the Blob in a new tab; when the
 * browser blocks that (the tap was too long ago), download it.
 */
export async function openPdf(path: string, query: Record<string, string | undefined>, fileName: string): Promise<ApiResult<OpenedPdf>> {
  const file = await fetchFile(path, query, 'staff')
  if (!file.ok) return file
  if (lastOpened) URL.revokeObjectURL(lastOpened)
  const url = URL.createObjectURL(file.data)
  lastOpened = url
  const tab = window.open(url, '_blank')
  if (!tab) downloadUrl(url, fileName)
  return { ok: true, data: { url, bytes: file.data.size } }
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
  const file = await fetchFile(path, {}, 'owner')
  if (!file.ok) return file
  downloadBlob(file.data, fileName)
  return { ok: true, data: { bytes: file.data.size } }
}

/**
 * Headers for a stored upload, however it is stored (disk or bucket: the bytes always pass
 * through the API, so they always get these). An upload is never a page of ours: the CSP
 * sandbox gives it an opaque origin with no scripts, forms or plugins even when a browser
 * is talked into rendering it; nosniff keeps the declared (sniffed-at-upload) type; PDFs are
 * attachments, so no browser PDF viewer runs them inside our origin.
 */
import type { FastifyReply } from 'fastify'

export const UPLOAD_CSP = "sandbox; default-src 'none'"

/** Inline for images (shown in <img>), attachment for anything else. */
export function uploadDisposition(mime: string, name = 'file'): string {
  const ext = mime === 'image/jpeg' ? 'jpg' : mime === 'image/png' ? 'png' : mime === 'image/webp' ? 'webp' : mime === 'application/pdf' ? 'pdf' : 'bin'
  const kind = mime.startsWith('image/') ? 'inline' : 'attachment'
  return `${kind}; filename="${name}.${ext}"`
}

export function setUploadHeaders(reply: FastifyReply, mime: string): FastifyReply {
  return reply
    .header('content-type', mime)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', UPLOAD_CSP)
    .header('cross-origin-resource-policy', 'same-origin')
    .header('content-disposition', uploadDisposition(mime))
}

/**
 * Reading the one file of an upload request. Every way a multipart body can be wrong (no
 * boundary, cut off mid-part, a second file, too many parts, a field that is not `file`)
 * answers 400 MULTIPART_INVALID; an oversized file 413 FILE_TOO_LARGE. The parser's own
 * errors are plain Errors without a status, which would otherwise surface as 500.
 * Nothing is stored here: the caller stores the buffer only after it was read whole.
 */
import type { FastifyRequest } from 'fastify'
import { ApiError } from '../../errors'

/** The field name every client sends the file in (H5 FormData, wx.uploadFile `name`). */
export const FILE_FIELD = 'file'

export interface ReadFileOptions {
  /** the 400 FILE_EMPTY message when the request carries no file */
  emptyMessage: string
  /** the 400 BAD_REQUEST message when the request is not multipart at all */
  notMultipartMessage?: string
}

const LIMIT_CODES = new Set(['FST_PARTS_LIMIT', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT'])

function invalid(message = '上传的内容不完整或格式不正确，请重新上传'): ApiError {
  return new ApiError(400, 'MULTIPART_INVALID', message)
}

/** Maps anything the multipart parser threw to our error shape. */
export function multipartError(err: unknown, uploadMaxBytes: number): ApiError {
  if (err instanceof ApiError) return err
  const code = (err as { code?: unknown } | null)?.code
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    const mb = Math.floor(uploadMaxBytes / 1024 / 1024)
    return new ApiError(413, 'FILE_TOO_LARGE', mb >= 1 ? `文件不能超过 ${mb} MB` : '文件过大，请压缩后重新上传')
  }
  if (typeof code === 'string' && LIMIT_CODES.has(code)) return invalid('一次只能上传一个文件')
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new ApiError(400, 'BAD_REQUEST', '请以文件形式上传')
  // busboy: "Multipart: Boundary not found", "Unexpected end of multipart data",
  // "Part terminated early…", malformed part headers; and the request stream's own errors
  return invalid()
}

/**
 * The single file of a multipart request, read whole (the size limit is the multipart
 * plugin's `fileSize`). Any other file part or an unexpected field is refused, so a request
 * never carries more than what is stored.
 */
export async function readSingleFile(req: FastifyRequest, opts: ReadFileOptions): Promise<Buffer> {
  if (!req.isMultipart()) throw new ApiError(400, 'BAD_REQUEST', opts.notMultipartMessage ?? '请以文件形式上传')
  let file: Buffer | null = null
  try {
    for await (const part of req.parts()) {
      if (part.type !== 'file') throw invalid('上传内容包含不支持的字段')
      if (part.fieldname !== FILE_FIELD || file !== null) {
        part.file.resume()
        throw invalid(file !== null ? '一次只能上传一个文件' : '上传内容包含不支持的字段')
      }
      file = await part.toBuffer()
    }
  } catch (err) {
    throw multipartError(err, req.server.config.uploadMaxBytes)
  }
  // an empty file part is returned: the service answers it after its own checks (404 first)
  if (!file) throw new ApiError(400, 'FILE_EMPTY', opts.emptyMessage)
  return file
}

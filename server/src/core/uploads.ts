// Upload serving: every feature that shows a stored file (documents, agreements, inspections,
// staff review) answers with the same headers, so the rules live here once.
import type { FastifyInstance, FastifyReply } from 'fastify'
import { ApiError } from '../errors'
import { setUploadHeaders } from './uploads-headers'

/**
 * Streams a stored file (from the disk or the bucket, never whole in memory when the store can
 * stream); `row` null (not found or not yours) and an object missing from the store answer 404.
 */
export async function sendUpload(app: FastifyInstance, reply: FastifyReply, row: { storageKey: string; mime: string } | null) {
  if (!row) throw new ApiError(404, 'NOT_FOUND', '文件不存在')
  const { storage } = app
  const found = storage.open ? await storage.open(row.storageKey) : await storage.get(row.storageKey).then((buf) => buf && { body: buf, size: buf.length })
  if (!found) throw new ApiError(404, 'NOT_FOUND', '文件不存在')
  setUploadHeaders(reply, row.mime)
  if (found.size !== undefined) reply.header('content-length', found.size)
  return reply.send(found.body)
}

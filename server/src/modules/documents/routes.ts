import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import {
  ChecklistResponseSchema,
  ConsentRequestSchema,
  ConsentSchema,
  DocumentStatusSchema,
  ItemCodeSchema,
  ItemPageParamsSchema,
  ItemParamsSchema,
  ReviewCaseParamsSchema,
  ReviewCaseSchema,
  ReviewDecisionSchema,
  ReviewParamsSchema,
  ReviewQueueSchema,
  ReviewReasonsSchema,
  ReviewResultSchema,
  UploadResultSchema
} from '../../../../types/documents'
import { ownerOf, staffOf } from '../../plugins/auth'
import { sendUpload } from '../../core/uploads'
import { readSingleFile } from '../uploads/multipart'
import * as service from './service'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema }

const documentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/owner/consents',
    {
      preHandler: app.requireOwner,
      schema: { tags: ['owner'], body: ConsentRequestSchema, response: { 200: ConsentSchema, ...errors } }
    },
    async (req) => service.recordConsent(app.db, app.config, ownerOf(req), req.body.kind)
  )

  app.post(
    '/api/owner/documents/:itemCode/files',
    {
      preHandler: app.requireOwner,
      schema: {
        tags: ['owner'],
        consumes: ['multipart/form-data'],
        params: Type.Object({ itemCode: ItemCodeSchema }, { additionalProperties: false }),
        response: { 200: UploadResultSchema, 409: ErrorBodySchema, 413: ErrorBodySchema, 415: ErrorBodySchema, ...errors }
      }
    },
    async (req) => {
      const auth = ownerOf(req)
      const buf = await readSingleFile(req, { emptyMessage: '请选择要上传的文件' })
      return service.uploadDocument({ db: app.db, config: app.config, storage: app.storage }, auth, req.params.itemCode, buf)
    }
  )

  app.get(
    '/api/owner/files/:uploadId',
    {
      preHandler: app.requireOwner,
      schema: {
        tags: ['owner'],
        params: Type.Object({ uploadId: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false }),
        response: errors
      }
    },
    async (req, reply) => sendUpload(app, reply, await service.findOwnUpload(app.db, ownerOf(req), req.params.uploadId))
  )

  app.get(
    '/api/owner/documents',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], response: { 200: ChecklistResponseSchema, ...errors } } },
    async (req) => service.getChecklist(app.db, app.config, ownerOf(req))
  )

  app.delete(
    '/api/owner/documents/:itemCode/files/:uploadId',
    {
      preHandler: app.requireOwner,
      schema: { tags: ['owner'], params: ItemPageParamsSchema, response: { 204: Type.Null(), 409: ErrorBodySchema, ...errors } }
    },
    async (req, reply) => {
      await service.deletePage(app.db, app.config, ownerOf(req), req.params.itemCode, req.params.uploadId)
      return reply.status(204).send(null)
    }
  )

  app.post(
    '/api/owner/documents/:itemCode/submit',
    {
      preHandler: app.requireOwner,
      schema: {
        tags: ['owner'],
        params: ItemParamsSchema,
        response: { 200: Type.Object({ itemCode: Type.String(), status: DocumentStatusSchema }), 409: ErrorBodySchema, ...errors }
      }
    },
    async (req) => service.submitItem(app.db, app.config, ownerOf(req), req.params.itemCode)
  )

  // ---- staff review (reviewer, manager) ----
  app.get(
    '/api/staff/review-reasons',
    { preHandler: app.requireStaff('reviewer', 'manager'), schema: { tags: ['staff'], response: { 200: ReviewReasonsSchema, ...errors } } },
    async () => ({ reasons: service.reviewReasons() })
  )

  app.get(
    '/api/staff/reviews',
    { preHandler: app.requireStaff('reviewer', 'manager'), schema: { tags: ['staff'], response: { 200: ReviewQueueSchema, ...errors } } },
    async (req) => service.reviewQueue(app.db, app.config, staffOf(req))
  )

  app.get(
    '/api/staff/reviews/:caseId',
    {
      preHandler: app.requireStaff('reviewer', 'manager'),
      schema: { tags: ['staff'], params: ReviewCaseParamsSchema, response: { 200: ReviewCaseSchema, ...errors } }
    },
    async (req) => service.reviewCase(app.db, app.config, staffOf(req), req.params.caseId)
  )

  app.post(
    '/api/staff/reviews/:caseId/items/:itemCode',
    {
      preHandler: app.requireStaff('reviewer', 'manager'),
      schema: { tags: ['staff'], params: ReviewParamsSchema, body: ReviewDecisionSchema, response: { 200: ReviewResultSchema, 409: ErrorBodySchema, ...errors } }
    },
    async (req) => service.decideItem(app.db, app.config, staffOf(req), req.params.caseId, req.params.itemCode, req.body.decision, req.body.reason)
  )
}

export default documentRoutes

import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { pdfDisposition } from '../../lib/pdf'
import { keyRecordPdf } from './record-pdf'
import { ErrorBodySchema } from '../../../../types/errors'
import { KeyHandoverRequestSchema, KeyHandoverResponseSchema, KeysCaseParamsSchema, OwnerKeysSchema, StaffKeysViewSchema } from '../../../../types/keys'
import { ownerOf, staffOf } from '../../plugins/auth'
import { SIGNATURE_BODY_LIMIT } from '../agreements/signature'
import * as service from './service'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema }

const keysRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/owner/keys',
    { preHandler: app.requireOwner, schema: { tags: ['keys'], response: { 200: OwnerKeysSchema, ...errors } } },
    async (req) => service.ownerView(app.db, ownerOf(req).caseId, app.config.now())
  )

  /** The owner's own key handover record as a PDF (only their own case: the session decides). */
  app.get(
    '/api/owner/keys/record.pdf',
    { preHandler: app.requireOwner, schema: { tags: ['keys'], response: errors } },
    async (req, reply) => {
      const { pdf, fileName } = await keyRecordPdf(app.db, app.storage, ownerOf(req).caseId, app.config.now())
      return (reply as FastifyReply).type('application/pdf').header('content-disposition', pdfDisposition(fileName, 'key-record.pdf')).header('cache-control', 'no-store').send(pdf)
    }
  )

  /** Reception (manager may view): masked identity to compare with the card; audited. */
  app.get(
    '/api/staff/keys/:caseId',
    {
      preHandler: app.requireStaff('reception', 'manager'),
      schema: { tags: ['keys'], params: KeysCaseParamsSchema, response: { 200: StaffKeysViewSchema, ...errors } }
    },
    async (req) => service.staffView(app.db, app.config, staffOf(req), req.params.caseId)
  )

  /** Only reception hands over keys. Two signatures in one body: twice the signature limit. */
  app.post(
    '/api/staff/keys/:caseId',
    {
      preHandler: app.requireStaff('reception'),
      bodyLimit: SIGNATURE_BODY_LIMIT * 2,
      schema: {
        tags: ['keys'],
        params: KeysCaseParamsSchema,
        body: KeyHandoverRequestSchema,
        response: { 200: KeyHandoverResponseSchema, 413: ErrorBodySchema, 415: ErrorBodySchema, ...errors }
      }
    },
    async (req) => service.handOver({ db: app.db, config: app.config, storage: app.storage }, staffOf(req), req.params.caseId, req.body)
  )
}

export default keysRoutes

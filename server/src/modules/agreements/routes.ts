import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { pdfDisposition } from '../../lib/pdf'
import { signedAgreementPdf } from './pdf'
import { ErrorBodySchema } from '../../../../types/errors'
import {
  AgreementDetailSchema,
  AgreementIdParamsSchema,
  AgreementListSchema,
  NewAgreementVersionSchema,
  SignAgreementRequestSchema,
  SignedAgreementSchema,
  StaffAgreementListSchema,
  StaffAgreementSchema
} from '../../../../types/agreements'
import { ownerOf, staffOf } from '../../plugins/auth'
import { sendUpload } from '../../core/uploads'
import * as service from './service'
import { SIGNATURE_BODY_LIMIT } from './signature'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema }

const agreementRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/owner/agreements',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], response: { 200: AgreementListSchema, ...errors } } },
    async (req) => service.listForOwner(app.db, ownerOf(req))
  )

  app.get(
    '/api/owner/agreements/:id',
    {
      preHandler: app.requireOwner,
      schema: { tags: ['owner'], params: AgreementIdParamsSchema, response: { 200: AgreementDetailSchema, ...errors } }
    },
    async (req) => service.getForOwner(app.db, ownerOf(req), req.params.id)
  )

  app.post(
    '/api/owner/agreements/:id/sign',
    {
      preHandler: app.requireOwner,
      bodyLimit: SIGNATURE_BODY_LIMIT,
      schema: {
        tags: ['owner'],
        params: AgreementIdParamsSchema,
        body: SignAgreementRequestSchema,
        response: { 200: SignedAgreementSchema, 409: ErrorBodySchema, 413: ErrorBodySchema, 415: ErrorBodySchema, ...errors }
      }
    },
    async (req) => service.sign({ db: app.db, config: app.config, storage: app.storage }, ownerOf(req), req.params.id, req.body)
  )

  app.get(
    '/api/owner/agreements/:id/signed',
    {
      preHandler: app.requireOwner,
      schema: { tags: ['owner'], params: AgreementIdParamsSchema, response: { 200: SignedAgreementSchema, ...errors } }
    },
    async (req) => service.signedCopy(app.db, ownerOf(req), req.params.id)
  )

  app.get(
    '/api/owner/agreements/:id/pdf',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], params: AgreementIdParamsSchema, response: errors } },
    async (req, reply) => {
      const { pdf, fileName } = await signedAgreementPdf(app.db, app.storage, ownerOf(req), req.params.id)
      return (reply as FastifyReply).type('application/pdf').header('content-disposition', pdfDisposition(fileName, `agreement-${req.params.id}.pdf`)).header('cache-control', 'no-store').send(pdf)
    }
  )

  app.get(
    '/api/owner/agreements/:id/signature',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], params: AgreementIdParamsSchema, response: errors } },
    async (req, reply) => sendUpload(app, reply, await service.ownSignatureImage(app.db, ownerOf(req), req.params.id))
  )

  app.get(
    '/api/staff/agreements',
    { preHandler: app.requireStaff('manager'), schema: { tags: ['staff'], response: { 200: StaffAgreementListSchema, ...errors } } },
    async (req) => service.listForStaff(app.db, staffOf(req))
  )

  app.post(
    '/api/staff/agreements',
    {
      preHandler: app.requireStaff('manager'),
      schema: { tags: ['staff'], body: NewAgreementVersionSchema, response: { 201: StaffAgreementSchema, 409: ErrorBodySchema, ...errors } }
    },
    async (req, reply) => reply.status(201).send(await service.publishVersion(app.db, app.config, staffOf(req), req.body))
  )
}

export default agreementRoutes

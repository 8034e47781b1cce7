import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { pdfDisposition } from '../../lib/pdf'
import { handoverPdf } from './handover-pdf'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import {
  CompleteInspectionResponseSchema,
  DefectConfirmResponseSchema,
  DefectSchema,
  HandoverSignRequestSchema,
  HandoverSignResponseSchema,
  InspectionDefectEntryRequestSchema,
  InspectionDetailSchema,
  InspectionItemEntryRequestSchema,
  InspectionItemRowSchema,
  InspectionMeterEntryRequestSchema,
  InspectionMeterSchema,
  InspectionPhotoUploadSchema,
  InspectionQueueResponseSchema,
  OwnerInspectionSchema,
  RepairFixedRequestSchema,
  RepairListQuerySchema,
  RepairListResponseSchema,
  RepairOrderSchema,
  StartInspectionRequestSchema
} from '../../../../types/inspections'
import { RepairVerifyRequestSchema } from '../../../../types/contractors'
import { ownerOf, staffOf } from '../../plugins/auth'
import { sendUpload } from '../../core/uploads'
import { SIGNATURE_BODY_LIMIT } from '../agreements/signature'
import { audit } from '../../core/audit'
import { readSingleFile } from '../uploads/multipart'
import * as service from './service'
import * as repo from './repository'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema }
const conflict = { 409: ErrorBodySchema }
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false })

/**
 * Inspectors record; managers may look (and close repair orders). Owners read their own
 * case only: the case comes from the session, never from the URL.
 */
const inspectionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = { db: app.db, config: app.config, storage: app.storage }
  const recorder = app.requireStaff('inspector')
  const viewer = app.requireStaff('inspector', 'manager')

  app.get(
    '/api/staff/inspections/queue',
    { preHandler: viewer, schema: { tags: ['inspections'], response: { 200: InspectionQueueResponseSchema, ...errors } } },
    async (req) => service.queue(app.db, staffOf(req))
  )

  app.post(
    '/api/staff/inspections',
    {
      preHandler: recorder,
      schema: {
        tags: ['inspections'],
        body: StartInspectionRequestSchema,
        response: { 200: InspectionDetailSchema, 201: InspectionDetailSchema, ...conflict, ...errors }
      }
    },
    async (req, reply) => {
      const r = await service.start(deps, staffOf(req), req.body.caseId)
      return reply.status(r.created ? 201 : 200).send(r.inspection)
    }
  )

  app.get(
    '/api/staff/inspections/:id',
    { preHandler: viewer, schema: { tags: ['inspections'], params: IdParams, response: { 200: InspectionDetailSchema, ...errors } } },
    async (req) => service.getDetail(app.db, staffOf(req), req.params.id)
  )

  app.put(
    '/api/staff/inspections/:id/items',
    {
      preHandler: recorder,
      schema: {
        tags: ['inspections'],
        params: IdParams,
        body: InspectionItemEntryRequestSchema,
        response: { 200: InspectionItemRowSchema, 201: InspectionItemRowSchema, ...conflict, ...errors }
      }
    },
    async (req, reply) => {
      const r = await service.recordItem(deps, staffOf(req), req.params.id, req.body)
      return reply.status(r.created ? 201 : 200).send(r.item)
    }
  )

  app.post(
    '/api/staff/inspections/:id/defects',
    {
      preHandler: recorder,
      schema: {
        tags: ['inspections'],
        params: IdParams,
        body: InspectionDefectEntryRequestSchema,
        response: { 200: DefectSchema, 201: DefectSchema, ...conflict, ...errors }
      }
    },
    async (req, reply) => {
      const r = await service.recordDefect(deps, staffOf(req), req.params.id, req.body)
      return reply.status(r.created ? 201 : 200).send(r.defect)
    }
  )

  app.post(
    '/api/staff/inspections/:id/meters',
    {
      preHandler: recorder,
      schema: {
        tags: ['inspections'],
        params: IdParams,
        body: InspectionMeterEntryRequestSchema,
        response: { 200: InspectionMeterSchema, 201: InspectionMeterSchema, ...conflict, ...errors }
      }
    },
    async (req, reply) => {
      const r = await service.recordMeter(deps, staffOf(req), req.params.id, req.body)
      return reply.status(r.created ? 201 : 200).send(r.meter)
    }
  )

  app.post(
    '/api/staff/inspections/:id/photos',
    {
      preHandler: viewer,
      schema: {
        tags: ['inspections'],
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 200: InspectionPhotoUploadSchema, 413: ErrorBodySchema, 415: ErrorBodySchema, ...errors }
      }
    },
    async (req) => {
      const buf = await readSingleFile(req, { emptyMessage: '请选择要上传的照片', notMultipartMessage: '请以文件形式上传照片' })
      return service.uploadPhoto(deps, staffOf(req), req.params.id, buf)
    }
  )

  app.get(
    '/api/staff/inspections/photos/:id',
    { preHandler: viewer, schema: { tags: ['inspections'], params: IdParams, response: errors } },
    async (req, reply) => {
      const staff = staffOf(req)
      const row = await repo.findStaffPhoto(app.db, req.params.id, staff.communityId)
      await audit(app.db, {
        actorType: 'staff',
        actorId: staff.userId,
        action: 'inspection_photo.view',
        target: `upload:${req.params.id}`,
        detail: row ? '' : 'not_found',
        at: app.config.now().toISOString()
      })
      return sendUpload(app, reply, row)
    }
  )

  app.post(
    '/api/staff/inspections/:id/complete',
    {
      preHandler: recorder,
      schema: { tags: ['inspections'], params: IdParams, response: { 200: CompleteInspectionResponseSchema, ...conflict, ...errors } }
    },
    async (req) => service.complete(deps, staffOf(req), req.params.id)
  )

  app.get(
    '/api/staff/repairs',
    {
      preHandler: viewer,
      schema: { tags: ['inspections'], querystring: RepairListQuerySchema, response: { 200: RepairListResponseSchema, ...errors } }
    },
    async (req) => service.listRepairs(deps, staffOf(req), req.query.status ?? 'open')
  )

  app.post(
    '/api/staff/repairs/:id/fixed',
    {
      preHandler: viewer,
      schema: {
        tags: ['inspections'],
        params: IdParams,
        body: RepairFixedRequestSchema,
        response: { 200: RepairOrderSchema, ...conflict, ...errors }
      }
    },
    async (req) => service.markFixed(deps, staffOf(req), req.params.id, req.body)
  )

  app.post(
    '/api/staff/repairs/:id/verify',
    {
      preHandler: viewer,
      schema: {
        tags: ['inspections'],
        params: IdParams,
        body: RepairVerifyRequestSchema,
        response: { 200: RepairOrderSchema, ...conflict, ...errors }
      }
    },
    async (req) => service.verifyRepair(deps, staffOf(req), req.params.id, req.body)
  )

  // ---- owner

  app.get(
    '/api/owner/inspection',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], response: { 200: OwnerInspectionSchema, ...errors } } },
    async (req) => service.ownerView(app.db, ownerOf(req))
  )

  app.post(
    '/api/owner/inspection/defects/:id/confirm',
    {
      preHandler: app.requireOwner,
      schema: { tags: ['owner'], params: IdParams, response: { 200: DefectConfirmResponseSchema, ...conflict, ...errors } }
    },
    async (req) => service.confirmFix(deps, ownerOf(req), req.params.id)
  )

  app.post(
    '/api/owner/inspection/sign',
    {
      preHandler: app.requireOwner,
      bodyLimit: SIGNATURE_BODY_LIMIT,
      schema: {
        tags: ['owner'],
        body: HandoverSignRequestSchema,
        response: { 200: HandoverSignResponseSchema, ...conflict, 413: ErrorBodySchema, 415: ErrorBodySchema, ...errors }
      }
    },
    async (req) => service.sign(deps, ownerOf(req), req.body.signaturePng)
  )

  // the owner's own signed 房屋交接单 (only their own case: the session decides)
  app.get(
    '/api/owner/inspection/handover.pdf',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], response: errors } },
    async (req, reply) => {
      const { pdf, fileName } = await handoverPdf(app.db, app.storage, ownerOf(req))
      return (reply as FastifyReply).type('application/pdf').header('content-disposition', pdfDisposition(fileName, 'handover.pdf')).header('cache-control', 'no-store').send(pdf)
    }
  )
}

export default inspectionRoutes

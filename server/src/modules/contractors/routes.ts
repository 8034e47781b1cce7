import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import {
  ContractorBatchAssignRequestSchema,
  ContractorBatchAssignResponseSchema,
  ContractorCreateRequestSchema,
  ContractorListResponseSchema,
  ContractorSchema,
  ContractorUpdateRequestSchema,
  DefectAssignRequestSchema,
  DefectAssignResponseSchema
} from '../../../../types/contractors'
import { staffOf } from '../../plugins/auth'
import * as service from './service'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema }
const conflict = { 409: ErrorBodySchema }
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false })

/**
 * The manager keeps the contractors; inspectors and the manager read them, assign defects
 * and print a contractor's 整改通知单.
 */
const contractorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = { db: app.db, config: app.config, storage: app.storage }
  const manager = app.requireStaff('manager')
  const repairs = app.requireStaff('inspector', 'manager')

  app.get(
    '/api/staff/contractors',
    { preHandler: repairs, schema: { tags: ['contractors'], response: { 200: ContractorListResponseSchema, ...errors } } },
    async (req) => service.list(deps, staffOf(req))
  )

  app.post(
    '/api/staff/contractors',
    {
      preHandler: manager,
      schema: { tags: ['contractors'], body: ContractorCreateRequestSchema, response: { 201: ContractorSchema, ...conflict, ...errors } }
    },
    async (req, reply) => reply.status(201).send(await service.create(deps, staffOf(req), req.body))
  )

  app.patch(
    '/api/staff/contractors/:id',
    {
      preHandler: manager,
      schema: { tags: ['contractors'], params: IdParams, body: ContractorUpdateRequestSchema, response: { 200: ContractorSchema, ...conflict, ...errors } }
    },
    async (req) => service.update(deps, staffOf(req), req.params.id, req.body)
  )

  app.post(
    '/api/staff/contractors/:id/assign',
    {
      preHandler: repairs,
      schema: {
        tags: ['contractors'],
        params: IdParams,
        body: ContractorBatchAssignRequestSchema,
        response: { 200: ContractorBatchAssignResponseSchema, ...conflict, ...errors }
      }
    },
    async (req) => service.assignBatch(deps, staffOf(req), req.params.id, req.body)
  )

  app.post(
    '/api/staff/defects/:id/assign',
    {
      preHandler: repairs,
      schema: { tags: ['contractors'], params: IdParams, body: DefectAssignRequestSchema, response: { 200: DefectAssignResponseSchema, ...conflict, ...errors } }
    },
    async (req) => service.assignDefect(deps, staffOf(req), req.params.id, req.body)
  )

  app.get(
    '/api/staff/contractors/:id/notice.pdf',
    { preHandler: repairs, schema: { tags: ['contractors'], params: IdParams, response: errors } },
    async (req, reply) => {
      const { pdf, filename } = await service.noticePdf(deps, staffOf(req), req.params.id)
      return (reply as FastifyReply)
        .type('application/pdf')
        .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .header('cache-control', 'no-store')
        .send(pdf)
    }
  )
}

export default contractorRoutes

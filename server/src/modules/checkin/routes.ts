import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import {
  BoardQuerySchema,
  BoardSchema,
  CallNextResponseSchema,
  CheckinCodeSchema,
  CheckinIdParamsSchema,
  FinishResponseSchema,
  OwnerCheckinSchema,
  StaffCheckinRequestSchema,
  StaffCheckinResponseSchema
} from '../../../../types/checkin'
import { ownerOf, staffOf } from '../../plugins/auth'
import * as service from './service'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema }
const BOARD_ROLES = ['reception', 'manager', 'inspector'] as const

const checkinRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/owner/checkin',
    { preHandler: app.requireOwner, schema: { tags: ['checkin'], response: { 200: OwnerCheckinSchema, ...errors } } },
    async (req) => service.ownerStatus(app.db, ownerOf(req).caseId, app.config.now())
  )

  /** Take a queue number on the reserved day; a second tap returns the same number. */
  app.post(
    '/api/owner/checkin',
    { preHandler: app.requireOwner, schema: { tags: ['checkin'], response: { 200: OwnerCheckinSchema, ...errors } } },
    async (req) => {
      const auth = ownerOf(req)
      const now = app.config.now()
      await service.checkIn(app.db, auth.caseId, service.ownerActor(auth), now)
      return service.ownerStatus(app.db, auth.caseId, now)
    }
  )

  app.get(
    '/api/owner/checkin-code',
    { preHandler: app.requireOwner, schema: { tags: ['checkin'], response: { 200: CheckinCodeSchema, ...errors } } },
    async (req) => service.checkinCode(app.db, app.config, ownerOf(req).caseId, app.config.now())
  )

  app.post(
    '/api/staff/checkins',
    {
      preHandler: app.requireStaff('reception', 'manager'),
      schema: { tags: ['checkin'], body: StaffCheckinRequestSchema, response: { 200: StaffCheckinResponseSchema, ...errors } }
    },
    async (req) => service.staffCheckIn(app.db, app.config, staffOf(req), req.body.code)
  )

  app.get(
    '/api/staff/board',
    {
      preHandler: app.requireStaff(...BOARD_ROLES),
      schema: { tags: ['checkin'], querystring: BoardQuerySchema, response: { 200: BoardSchema, ...errors } }
    },
    async (req) => service.board(app.db, staffOf(req), req.query.date, app.config.now())
  )

  app.post(
    '/api/staff/board/call-next',
    { preHandler: app.requireStaff(...BOARD_ROLES), schema: { tags: ['checkin'], response: { 200: CallNextResponseSchema, ...errors } } },
    async (req) => ({ called: await service.callNext(app.db, staffOf(req), app.config.now()) })
  )

  app.post(
    '/api/staff/board/:checkinId/finish',
    {
      preHandler: app.requireStaff(...BOARD_ROLES),
      schema: { tags: ['checkin'], params: CheckinIdParamsSchema, response: { 200: FinishResponseSchema, ...errors } }
    },
    async (req) => service.finish(app.db, staffOf(req), req.params.checkinId, app.config.now())
  )
}

export default checkinRoutes

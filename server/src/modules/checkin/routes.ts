import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError } from '../../errors'
import { ErrorBodySchema } from '../../../../types/errors'
import { STAFF_ROLES } from '../../../../types/staff'
import {
  BoardQuerySchema,
  BoardSchema,
  type CallNextRequest,
  CallNextResponseSchema,
  CheckinCodeSchema,
  CheckinIdParamsSchema,
  FinishResponseSchema,
  HallSchema,
  OwnerCheckinSchema,
  StaffCheckinByHouseRequestSchema,
  StaffCheckinRequestSchema,
  StaffCheckinResponseSchema
} from '../../../../types/checkin'
import { ownerOf, staffOf } from '../../plugins/auth'
import { clientKeyOf } from '../../core/attempts'
import * as service from './service'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema, 429: ErrorBodySchema }
const BOARD_ROLES = ['reception', 'manager', 'inspector'] as const
// any staff member may sign the hall TV in
const HALL_ROLES = STAFF_ROLES

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
    async (req) => service.staffCheckIn(app.db, app.config, staffOf(req), req.body.code, clientKeyOf(req.ip), req.body.idempotencyKey)
  )

  /** Check-in without the owner's phone: the house label and the last 4 ID characters. */
  app.post(
    '/api/staff/checkins/by-house',
    {
      preHandler: app.requireStaff('reception', 'manager'),
      schema: { tags: ['checkin'], body: StaffCheckinByHouseRequestSchema, response: { 200: StaffCheckinResponseSchema, ...errors } }
    },
    async (req) => service.staffCheckInByHouse(app.db, app.config, staffOf(req), req.body, clientKeyOf(req.ip))
  )

  app.get(
    '/api/staff/board',
    {
      preHandler: app.requireStaff(...BOARD_ROLES),
      schema: { tags: ['checkin'], querystring: BoardQuerySchema, response: { 200: BoardSchema, ...errors } }
    },
    async (req) => service.board(app.db, staffOf(req), req.query.date, app.config.now())
  )

  /** The hall TV, signed in once by any staff member: masked labels only, no names. */
  app.get(
    '/api/staff/hall',
    { preHandler: app.requireStaff(...HALL_ROLES), schema: { tags: ['checkin'], response: { 200: HallSchema, ...errors } } },
    async (req) => service.hall(app.db, staffOf(req), app.config.now())
  )

  app.post(
    '/api/staff/board/call-next',
    // the body is optional (older clients send none), so it is checked here, not by a body schema
    { preHandler: app.requireStaff(...BOARD_ROLES), schema: { tags: ['checkin'], response: { 200: CallNextResponseSchema, ...errors } } },
    async (req) => {
      const body = (req.body ?? {}) as CallNextRequest
      const w = body.window
      if (typeof body !== 'object' || (w !== undefined && !(Number.isInteger(w) && w >= 1 && w <= 50))) {
        throw new ApiError(400, 'VALIDATION_FAILED', '窗口号须为 1-50 的整数')
      }
      return { called: await service.callNext(app.db, staffOf(req), app.config.now(), w ?? 1) }
    }
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

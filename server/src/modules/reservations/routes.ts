import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import {
  ReservationStateSchema,
  ReserveRequestSchema,
  SlotListSchema,
  SlotsQuerySchema,
  StaffSlotListSchema,
  StaffSlotsQuerySchema
} from '../../../../types/reservations'
import { ownerOf, staffOf } from '../../plugins/auth'
import * as service from './service'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema }
const withConflict = { ...errors, 409: ErrorBodySchema }

const reservationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = { db: app.db, config: app.config }

  app.get(
    '/api/owner/slots',
    {
      preHandler: app.requireOwner,
      schema: { tags: ['owner'], querystring: SlotsQuerySchema, response: { 200: SlotListSchema, ...errors } }
    },
    async (req) => service.listOwnerSlots(deps, ownerOf(req), req.query)
  )

  app.get(
    '/api/owner/reservation',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], response: { 200: ReservationStateSchema, ...errors } } },
    async (req) => service.getReservation(app.db, ownerOf(req), app.config.now())
  )

  app.post(
    '/api/owner/reservation',
    {
      preHandler: app.requireOwner,
      schema: { tags: ['owner'], body: ReserveRequestSchema, response: { 200: ReservationStateSchema, ...withConflict } }
    },
    async (req) => service.reserve(deps, ownerOf(req), req.body.slotId, req.body.idempotencyKey)
  )

  app.put(
    '/api/owner/reservation',
    {
      preHandler: app.requireOwner,
      schema: { tags: ['owner'], body: ReserveRequestSchema, response: { 200: ReservationStateSchema, ...withConflict } }
    },
    async (req) => service.reschedule(deps, ownerOf(req), req.body.slotId, req.body.idempotencyKey)
  )

  app.delete(
    '/api/owner/reservation',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], response: { 200: ReservationStateSchema, ...withConflict } } },
    async (req) => service.cancel(deps, ownerOf(req))
  )

  app.get(
    '/api/staff/slots',
    {
      preHandler: app.requireStaff('reception', 'manager'),
      schema: { tags: ['staff'], querystring: StaffSlotsQuerySchema, response: { 200: StaffSlotListSchema, ...errors } }
    },
    async (req) => service.staffDay(deps, staffOf(req), req.query.date)
  )
}

export default reservationRoutes

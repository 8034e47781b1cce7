import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import { OkSchema } from '../../../../types/common'
import {
  ChangePasswordRequestSchema,
  CreateStaffAccountRequestSchema,
  OneTimePasswordResponseSchema,
  StaffAccountListSchema,
  StaffAccountSchema,
  UpdateStaffAccountRequestSchema
} from '../../../../types/accounts'
import { staffOf } from '../../plugins/auth'
import * as service from './service'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema, 429: ErrorBodySchema }
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false })

/** Staff accounts of the manager's own community, and every staff member's password change. */
const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const manager = app.requireStaff('manager')

  app.get(
    '/api/staff/accounts',
    { preHandler: manager, schema: { tags: ['staff'], response: { 200: StaffAccountListSchema, ...errors } } },
    async (req) => ({ items: await service.listAccounts(app.db, staffOf(req).communityId) })
  )

  app.post(
    '/api/staff/accounts',
    { preHandler: manager, schema: { tags: ['staff'], body: CreateStaffAccountRequestSchema, response: { 200: OneTimePasswordResponseSchema, ...errors } } },
    async (req) => {
      const staff = staffOf(req)
      const r = await service.createAccount(app.db, app.config.now(), { type: 'staff', id: staff.userId }, { communityId: staff.communityId, ...req.body })
      return { account: r.account, oneTimePassword: r.oneTimePassword! }
    }
  )

  app.patch(
    '/api/staff/accounts/:id',
    {
      preHandler: manager,
      schema: { tags: ['staff'], params: IdParams, body: UpdateStaffAccountRequestSchema, response: { 200: StaffAccountSchema, ...errors } }
    },
    async (req) => {
      const staff = staffOf(req)
      return service.updateAccount(app.db, app.config.now(), { type: 'staff', id: staff.userId }, staff.communityId, req.params.id, req.body)
    }
  )

  app.post(
    '/api/staff/accounts/:id/reset-password',
    { preHandler: manager, schema: { tags: ['staff'], params: IdParams, response: { 200: OneTimePasswordResponseSchema, ...errors } } },
    async (req) => {
      const staff = staffOf(req)
      return service.resetPassword(app.db, app.config.now(), { type: 'staff', id: staff.userId }, staff.communityId, req.params.id)
    }
  )

  app.post(
    '/api/staff/password',
    { preHandler: app.requireStaff(), schema: { tags: ['staff'], body: ChangePasswordRequestSchema, response: { 200: OkSchema, ...errors } } },
    async (req) => {
      await service.changePassword(app.db, app.config.now(), staffOf(req), req.body.currentPassword, req.body.newPassword)
      return { ok: true as const }
    }
  )
}

export default accountRoutes

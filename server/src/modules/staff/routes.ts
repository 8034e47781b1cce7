import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import { OkSchema } from '../../../../types/common'
import {
  DelegateListQuerySchema,
  DelegateListResponseSchema,
  DelegateReviewRequestSchema,
  DelegateReviewResponseSchema,
  HouseLookupQuerySchema,
  HouseLookupResponseSchema,
  StaffLoginRequestSchema,
  StaffHomeCountsSchema,
  StaffSessionSchema,
  StaffUserSchema
} from '../../../../types/staff'
import { homeCounts } from './home'
import { staffOf } from '../../plugins/auth'
import { sendUpload } from '../../core/uploads'
import * as service from './service'
import * as repo from './repository'
import { clientKeyOf } from '../../core/attempts'
import { audit } from '../../core/audit'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 429: ErrorBodySchema }
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false })

const staffRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/staff/login',
    { schema: { tags: ['staff'], body: StaffLoginRequestSchema, response: { 200: StaffSessionSchema, ...errors } } },
    async (req) => {
      // the connection address (TRUST_PROXY decides whether X-Forwarded-For is believed)
      return service.login(app.db, app.config, req.body.username, req.body.password, clientKeyOf(req.ip))
    }
  )

  app.get(
    '/api/staff/me',
    { preHandler: app.requireStaff(), schema: { tags: ['staff'], response: { 200: StaffUserSchema, ...errors } } },
    async (req) => service.me(app.db, staffOf(req))
  )

  app.get(
    '/api/staff/home-counts',
    { preHandler: app.requireStaff(), schema: { tags: ['staff'], response: { 200: StaffHomeCountsSchema, ...errors } } },
    async (req) => homeCounts(app.db, staffOf(req), app.config.now())
  )

  app.post(
    '/api/staff/logout',
    { preHandler: app.requireStaff(), schema: { tags: ['staff'], response: { 200: OkSchema, ...errors } } },
    async (req) => {
      await service.logout(app.db, staffOf(req))
      return { ok: true as const }
    }
  )

  app.get(
    '/api/staff/houses',
    {
      preHandler: app.requireStaff('reception', 'reviewer', 'manager'),
      schema: { tags: ['staff'], querystring: HouseLookupQuerySchema, response: { 200: HouseLookupResponseSchema, ...errors } }
    },
    async (req) => service.lookupHouses(app.db, app.config, staffOf(req), req.query)
  )

  app.get(
    '/api/staff/delegates',
    {
      preHandler: app.requireStaff('reviewer', 'manager'),
      schema: { tags: ['staff'], querystring: DelegateListQuerySchema, response: { 200: DelegateListResponseSchema, ...errors } }
    },
    async (req) => service.listDelegates(app.db, app.config, staffOf(req), req.query.status)
  )

  app.post(
    '/api/staff/delegates/:id/review',
    {
      preHandler: app.requireStaff('reviewer', 'manager'),
      schema: {
        tags: ['staff'],
        params: IdParams,
        body: DelegateReviewRequestSchema,
        response: { 200: DelegateReviewResponseSchema, 409: ErrorBodySchema, ...errors }
      }
    },
    async (req) => service.reviewDelegate(app.db, app.config, staffOf(req), req.params.id, req.body.decision, req.body.reason)
  )

  /** Reviewers open uploaded documents of their own community; each view is audited. */
  app.get(
    '/api/staff/files/:id',
    { preHandler: app.requireStaff('reviewer', 'manager'), schema: { tags: ['staff'], params: IdParams, response: errors } },
    async (req, reply) => {
      const staff = staffOf(req)
      const row = await repo.findUploadInCommunity(app.db, req.params.id, staff.communityId)
      await audit(app.db, {
        actorType: 'staff',
        actorId: staff.userId,
        action: 'upload.view',
        target: `upload:${req.params.id}`,
        detail: row ? '' : 'not_found',
        at: app.config.now().toISOString()
      })
      return sendUpload(app, reply, row)
    }
  )
}

export default staffRoutes

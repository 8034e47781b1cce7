import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import { AlertIdParamsSchema, AlertListSchema, AlertQuerySchema, AlertSchema } from '../../../../types/alerts'
import { ApiError } from '../../errors'
import { staffOf } from '../../plugins/auth'
import * as repo from './repository'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema }

/** The staff message centre for alerts: any staff member, scoped to their role and community. */
const alertRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/staff/alerts',
    { preHandler: app.requireStaff(), schema: { tags: ['staff'], querystring: AlertQuerySchema, response: { 200: AlertListSchema, ...errors } } },
    async (req) => {
      const s = staffOf(req)
      return repo.listFor(app.db, { communityId: s.communityId, role: s.role, userId: s.userId }, req.query.status ?? 'open')
    }
  )

  app.post(
    '/api/staff/alerts/:id/ack',
    { preHandler: app.requireStaff(), schema: { tags: ['staff'], params: AlertIdParamsSchema, response: { 200: AlertSchema, ...errors } } },
    async (req) => {
      const s = staffOf(req)
      const a = await repo.ack(app.db, { communityId: s.communityId, role: s.role, userId: s.userId }, req.params.id, app.config.now().toISOString())
      if (!a) throw new ApiError(404, 'NOT_FOUND', '未找到该预警')
      return a
    }
  )
}

export default alertRoutes

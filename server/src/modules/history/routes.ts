import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import { HouseHistoryParamsSchema, HouseHistorySchema } from '../../../../types/history'
import { staffOf } from '../../plugins/auth'
import * as service from './service'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema }

/** 房屋档案: one house's stage events and what each stage left behind (masked, audited). */
const historyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/staff/houses/:houseId/history',
    {
      preHandler: app.requireStaff('reception', 'reviewer', 'manager'),
      schema: { tags: ['staff'], params: HouseHistoryParamsSchema, response: { 200: HouseHistorySchema, ...errors } }
    },
    async (req) => service.houseHistory(app.db, app.config, staffOf(req), req.params.houseId)
  )
}

export default historyRoutes

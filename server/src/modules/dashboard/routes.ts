import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import { DashboardHousesQuerySchema, DashboardHousesSchema, DashboardQuerySchema, DashboardSchema } from '../../../../types/dashboard'
import { staffOf } from '../../plugins/auth'
import { computeDashboard, drillDown } from './service'
import { dashboardWorkbook } from './export'
import { ownerNames } from './repository'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema }
const XlsxSchema = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: '.xlsx' })

const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/staff/dashboard',
    {
      preHandler: app.requireStaff('manager'),
      schema: { tags: ['staff'], summary: '经理看板', querystring: DashboardQuerySchema, response: { 200: DashboardSchema, ...errors } }
    },
    async (req) => (await computeDashboard(app.db, staffOf(req), req.query, app.config.now())).dashboard
  )

  app.get(
    '/api/staff/dashboard/houses',
    {
      preHandler: app.requireStaff('manager'),
      schema: { tags: ['staff'], summary: '看板数字对应的房屋清单', querystring: DashboardHousesQuerySchema, response: { 200: DashboardHousesSchema, ...errors } }
    },
    async (req) => drillDown(await computeDashboard(app.db, staffOf(req), req.query, app.config.now()), req.query.metric)
  )

  app.get(
    '/api/staff/dashboard/export.xlsx',
    {
      preHandler: app.requireStaff('manager'),
      schema: { tags: ['staff'], summary: '导出看板（.xlsx）', querystring: DashboardQuerySchema, response: { 200: XlsxSchema, ...errors } }
    },
    async (req, reply) => {
      const staff = staffOf(req)
      const result = await computeDashboard(app.db, staff, req.query, app.config.now())
      const owners = await ownerNames(app.db, { communityId: staff.communityId, batch: req.query.batch ?? null, building: req.query.building ?? null })
      const day = result.dashboard.today.date
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="dashboard-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`入伙看板-${day}.xlsx`)}`)
        .header('cache-control', 'private, no-store')
        .send(await dashboardWorkbook(result, owners))
    }
  )
}

export default dashboardRoutes

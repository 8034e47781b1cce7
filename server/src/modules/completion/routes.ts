import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import { FollowupTaskSchema, HandbookSchema, TaskDoneRequestSchema, TaskIdParamsSchema, TaskListQuerySchema, TaskListSchema } from '../../../../types/completion'
import { ownerOf, staffOf } from '../../plugins/auth'
import * as service from './service'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema }

const completionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/owner/handbook',
    { preHandler: app.requireOwner, schema: { tags: ['completion'], response: { 200: HandbookSchema, ...errors } } },
    async (req) => service.handbook(app.db, ownerOf(req).caseId)
  )

  app.get(
    '/api/staff/tasks',
    {
      preHandler: app.requireStaff('reception', 'manager', 'reviewer', 'inspector', 'cashier'),
      schema: { tags: ['completion'], querystring: TaskListQuerySchema, response: { 200: TaskListSchema, ...errors } }
    },
    async (req) => service.listTasks(app.db, staffOf(req), req.query.status ?? 'open', app.config.now())
  )

  app.post(
    '/api/staff/tasks/:id/done',
    {
      preHandler: app.requireStaff('reception', 'manager', 'reviewer', 'inspector', 'cashier'),
      schema: { tags: ['completion'], params: TaskIdParamsSchema, body: TaskDoneRequestSchema, response: { 200: FollowupTaskSchema, ...errors } }
    },
    async (req) => service.completeTask(app.db, staffOf(req), req.params.id, req.body.note, app.config.now())
  )
}

export default completionRoutes

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import {
  NotificationIdParamsSchema,
  NotificationListSchema,
  NotificationQuerySchema,
  ReadAllResultSchema,
  SubscriptionRequestSchema,
  SubscriptionResultSchema,
  SubscriptionTemplatesSchema
} from '../../../../types/notifications'
import { ownerOf } from '../../plugins/auth'
import * as service from './service'
import { flushOutbox, offeredTemplates, recordAcceptance, subscribeConfig, takeOutboxDirty } from './subscribe'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema }

const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/owner/notifications',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], querystring: NotificationQuerySchema, response: { 200: NotificationListSchema, ...errors } } },
    async (req) => service.listForOwner(app.db, ownerOf(req).caseId, req.query.page ?? 1, req.query.pageSize ?? 20)
  )

  app.post(
    '/api/owner/notifications/:id/read',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], params: NotificationIdParamsSchema, response: { 204: Type.Null(), ...errors } } },
    async (req, reply) => {
      await service.markRead(app.db, ownerOf(req).caseId, req.params.id, app.config.now())
      return reply.status(204).send(null)
    }
  )

  app.post(
    '/api/owner/notifications/read-all',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], response: { 200: ReadAllResultSchema, ...errors } } },
    async (req) => ({ updated: await service.markAllRead(app.db, ownerOf(req).caseId, app.config.now()), unread: 0 })
  )

  app.get(
    '/api/owner/subscriptions',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], response: { 200: SubscriptionTemplatesSchema, ...errors } } },
    async () => {
      const cfg = subscribeConfig()
      return { templates: offeredTemplates(cfg).slice(0, 3), sandbox: cfg.sandbox }
    }
  )

  app.post(
    '/api/owner/subscriptions',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], body: SubscriptionRequestSchema, response: { 200: SubscriptionResultSchema, ...errors } } },
    async (req) => {
      const caseId = ownerOf(req).caseId
      const at = app.config.now().toISOString()
      const recorded = await app.db.transaction().execute((tx) => recordAcceptance(tx, caseId, req.body.accepted, at))
      return { recorded }
    }
  )
}

/**
 * Sends queued subscription messages after each response that may have queued one (any
 * write). Fire and forget: a slow WeChat API never delays an answer.
 */
export function registerOutboxFlush(app: Parameters<FastifyPluginAsyncTypebox>[0]): void {
  let running: Promise<unknown> | null = null
  app.addHook('onResponse', async (req) => {
    if (req.method === 'GET' || running || !takeOutboxDirty()) return
    running = flushOutbox(app.db, { now: app.config.now })
      .catch((err) => app.log.warn({ err: { message: (err as Error).message } }, 'subscription outbox flush failed'))
      .finally(() => {
        running = null
      })
  })
  app.addHook('onClose', async () => {
    await running
  })
}

export default notificationRoutes

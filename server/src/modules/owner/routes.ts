import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import { OkSchema } from '../../../../types/common'
import { EntryInfoSchema, EntryParamsSchema, OwnerMeSchema, OwnerSessionSchema, VerifyRequestSchema, WxLoginRequestSchema, WxLoginResponseSchema } from '../../../../types/entry'
import { ProgressSchema } from '../../../../types/progress'
import { ownerOf } from '../../plugins/auth'
import { getProgress } from '../cases/service'
import * as service from './service'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema }

const ownerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = () => ({ db: app.db, config: app.config, code2session: app.code2session })

  app.get(
    '/api/entry/:token',
    { schema: { tags: ['owner'], params: EntryParamsSchema, response: { 200: EntryInfoSchema, ...errors } } },
    async (req) => service.entryInfo(app.db, req.params.token)
  )

  app.post(
    '/api/owner/verify',
    { schema: { tags: ['owner'], body: VerifyRequestSchema, response: { 200: OwnerSessionSchema, 429: ErrorBodySchema, ...errors } } },
    async (req) => {
      const header = req.headers['x-anjia-client']
      const clientKey = service.clientKeyOf(typeof header === 'string' ? header : undefined, req.ip)
      return service.verify(deps(), req.body, clientKey)
    }
  )

  app.post(
    '/api/owner/wx-login',
    { schema: { tags: ['owner'], body: WxLoginRequestSchema, response: { 200: WxLoginResponseSchema, ...errors } } },
    async (req) => service.wxLogin(deps(), req.body.code)
  )

  app.get(
    '/api/owner/me',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], response: { 200: OwnerMeSchema, ...errors } } },
    async (req) => service.me(app.db, app.config, ownerOf(req))
  )

  app.get(
    '/api/owner/progress',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], response: { 200: ProgressSchema, ...errors } } },
    async (req) => getProgress(app.db, ownerOf(req).caseId, app.config.now())
  )

  app.post(
    '/api/owner/logout',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], response: { 200: OkSchema, ...errors } } },
    async (req) => {
      await service.logout(app.db, ownerOf(req))
      return { ok: true as const }
    }
  )
}

export default ownerRoutes

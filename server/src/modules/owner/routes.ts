import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import { OkSchema } from '../../../../types/common'
import { EntryInfoSchema, EntryRequestSchema, OwnerMeSchema, OwnerSessionSchema, VerifyRequestSchema, WxLoginRequestSchema, WxLoginResponseSchema } from '../../../../types/entry'
import { ProgressSchema } from '../../../../types/progress'
import { ownerOf } from '../../plugins/auth'
import { getProgress, loadContext, progressOf } from '../cases/service'
import { ensureBillIfPriced } from '../fees/service'
import { clientKeyOf } from '../../core/attempts'
import * as service from './service'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema }

const ownerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = () => ({ db: app.db, config: app.config, code2session: app.code2session })

  // POST with the token in the body: a URL would carry it into request logs (see LOG_REDACT)
  app.post(
    '/api/entry',
    { schema: { tags: ['owner'], body: EntryRequestSchema, response: { 200: EntryInfoSchema, ...errors } } },
    async (req) => service.entryInfo(app.db, req.body.token)
  )

  app.post(
    '/api/owner/verify',
    { schema: { tags: ['owner'], body: VerifyRequestSchema, response: { 200: OwnerSessionSchema, 429: ErrorBodySchema, ...errors } } },
    async (req) => {
      // the connection address (TRUST_PROXY decides whether X-Forwarded-For is believed)
      return service.verify(deps(), req.body, clientKeyOf(req.ip))
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
    async (req) => {
      const { caseId } = ownerOf(req)
      const now = app.config.now()
      // the bill exists before the fees page is first opened: the next step names the amount
      // (asked only while the case's facts hold no bill: not a statement on every home page)
      const ctx = await loadContext(app.db, caseId)
      if (ctx.facts.fees === null && (await ensureBillIfPriced(app.db, caseId, now))) return getProgress(app.db, caseId, now)
      return progressOf(app.db, ctx, now)
    }
  )

  app.post(
    '/api/owner/logout',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], response: { 200: OkSchema, ...errors } } },
    async (req) => {
      await service.logout(app.db, ownerOf(req))
      app.forgetOwnerSession(req)
      return { ok: true as const }
    }
  )
}

export default ownerRoutes

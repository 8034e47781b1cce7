import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import { ReceiptSchema } from '../../../../types/fees'
import {
  CounterPaymentRequestSchema,
  CounterPaymentResponseSchema,
  CreatePaymentRequestSchema,
  CreatePaymentResponseSchema,
  PaymentOrderSchema,
  ResumePaymentRequestSchema,
  SandboxPayRequestSchema,
  WechatNotifyFailSchema
} from '../../../../types/payments'
import { ownerOf, staffOf } from '../../plugins/auth'
import { pdfDisposition } from '../../lib/pdf'
import { createGateway, realSettingsFromEnv, type PaymentGateway } from './gateway'
import * as service from './service'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema }
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false })

export interface PaymentRoutesOptions {
  /** tests: a prepared gateway; otherwise chosen from the environment (sandbox by default) */
  gateway?: PaymentGateway
  env?: NodeJS.ProcessEnv
}

const paymentRoutes: FastifyPluginAsyncTypebox<PaymentRoutesOptions> = async (app, opts) => {
  const env = { ...(opts.env ?? process.env) }
  // Half-configured merchant settings fail at start-up, not at the first payment.
  realSettingsFromEnv(env)
  let gw: PaymentGateway | null = opts.gateway ?? null
  let creating: Promise<PaymentGateway> | null = null
  // Created on first use by this plugin's requests (the sandbox reads its keys from the database,
  // generating them once per database); service code then reads it synchronously.
  app.addHook('onRequest', async () => {
    if (!gw) gw = await (creating ??= createGateway(app.config, app.db, env).finally(() => (creating = null)))
  })
  const gateway = () => {
    if (!gw) throw new Error('payment gateway not ready')
    return gw
  }
  const deps = (log: service.PaymentDeps['log']): service.PaymentDeps => ({ db: app.db, config: app.config, gateway, log })

  app.post(
    '/api/owner/payments',
    {
      preHandler: app.requireOwner,
      schema: { tags: ['owner'], body: CreatePaymentRequestSchema, response: { 200: CreatePaymentResponseSchema, 502: ErrorBodySchema, ...errors } }
    },
    async (req) => service.createOnlinePayment(deps(req.log), ownerOf(req), req.body)
  )

  app.get(
    '/api/owner/payments/:id',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], params: IdParams, response: { 200: PaymentOrderSchema, ...errors } } },
    async (req) => service.getOwnerPayment(deps(req.log), ownerOf(req), req.params.id)
  )

  app.post(
    '/api/owner/payments/:id/resume',
    {
      preHandler: app.requireOwner,
      schema: { tags: ['owner'], params: IdParams, body: ResumePaymentRequestSchema, response: { 200: CreatePaymentResponseSchema, ...errors } }
    },
    async (req) => service.resumeOwnerPayment(deps(req.log), ownerOf(req), req.params.id, req.body.platform)
  )

  app.post(
    '/api/owner/payments/:id/cancel',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], params: IdParams, response: { 200: PaymentOrderSchema, ...errors } } },
    async (req) => service.cancelOwnerPayment(deps(req.log), ownerOf(req), req.params.id)
  )

  // The sandbox cashier exists only where a sandbox may run: never in production without ANJIA_SANDBOX=1.
  if (app.config.sandboxAllowed) {
    app.post(
      '/api/owner/payments/:id/sandbox-pay',
      {
        preHandler: app.requireOwner,
        schema: { tags: ['owner'], params: IdParams, body: Type.Optional(SandboxPayRequestSchema), response: { 200: PaymentOrderSchema, ...errors } }
      },
      async (req) => service.sandboxPay(deps(req.log), ownerOf(req), req.params.id, req.body?.result ?? 'SUCCESS')
    )
  }

  app.get(
    '/api/owner/receipts/:id',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], params: IdParams, response: { 200: ReceiptSchema, ...errors } } },
    async (req) => service.getOwnerReceipt(app.db, ownerOf(req), req.params.id)
  )

  app.get(
    '/api/owner/receipts/:id/pdf',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], params: IdParams, response: errors } },
    async (req, reply) => {
      const { pdf, fileName } = await service.ownerReceiptPdf(app.db, ownerOf(req), req.params.id)
      return (reply as FastifyReply).type('application/pdf').header('content-disposition', pdfDisposition(fileName, `receipt-${req.params.id}.pdf`)).header('cache-control', 'no-store').send(pdf)
    }
  )

  app.post(
    '/api/staff/payments',
    {
      preHandler: app.requireStaff('cashier', 'manager'),
      schema: { tags: ['staff'], body: CounterPaymentRequestSchema, response: { 200: CounterPaymentResponseSchema, ...errors } }
    },
    async (req) => service.recordCounterPayment(deps(req.log), staffOf(req), req.body)
  )

  app.get(
    '/api/staff/receipts/:id',
    {
      preHandler: app.requireStaff('cashier', 'manager'),
      schema: { tags: ['staff'], params: IdParams, response: { 200: ReceiptSchema, ...errors } }
    },
    async (req) => service.getStaffReceipt(app.db, staffOf(req), req.params.id)
  )

  // WeChat Pay notifications: the signature covers the exact bytes, so this scope keeps the
  // body as a string instead of parsing JSON.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body))
    scope.post(
      '/api/payments/wechat/notify',
      { schema: { tags: ['payments'], hide: true, response: { 204: Type.Null(), 400: WechatNotifyFailSchema, 401: WechatNotifyFailSchema } } },
      async (req, reply) => {
        const raw = typeof req.body === 'string' ? req.body : ''
        const r = await service.handleNotification(deps(req.log), req.headers, raw)
        if (r.status === 204) return reply.status(204).send()
        return reply.status(r.status).send({ code: 'FAIL' as const, message: r.message })
      }
    )
  })
}

export default paymentRoutes

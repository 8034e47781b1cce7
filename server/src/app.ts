import fs from 'node:fs'
import path from 'node:path'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { AppConfig } from './config'
import { createDb, type Db, type DbHandle, type Dialect } from './db/database'
import { registerErrorHandlers } from './errors'
import { registerAuth } from './plugins/auth'
import { registerSecurityHeaders } from './plugins/security-headers'
import { redactUrl } from './lib/log-redact'
import { registerRateLimit } from './plugins/rate-limit'
import { createStorage, type Storage } from './modules/uploads/storage'
import { createCode2Session, type Code2Session } from './modules/wechat/code2session'
import healthRoutes from './modules/health/routes'
import ownerRoutes from './modules/owner/routes'
import documentRoutes from './modules/documents/routes'
import staffRoutes from './modules/staff/routes'
import notificationRoutes, { registerOutboxFlush } from './modules/notifications/routes'
import surveyRoutes from './modules/survey/routes'
import faqRoutes from './modules/faq/routes'
import reservationRoutes from './modules/reservations/routes'
import checkinRoutes from './modules/checkin/routes'
import keysRoutes from './modules/keys/routes'
import completionRoutes from './modules/completion/routes'
import agreementRoutes from './modules/agreements/routes'
import inspectionRoutes from './modules/inspections/routes'
import contractorRoutes from './modules/contractors/routes'
import feeRoutes from './modules/fees/routes'
import paymentRoutes from './modules/payments/routes'
import noticeRoutes from './modules/notices/routes'
import type { Wxacode } from './modules/notices/wxacode'
import accountRoutes from './modules/accounts/routes'
import importRoutes from './modules/imports/routes'
import alertRoutes from './modules/alerts/routes'
import { registerScheduler } from './modules/scheduler'
import setupRoutes from './modules/setup/routes'
import dashboardRoutes from './modules/dashboard/routes'
import historyRoutes from './modules/history/routes'
import { onDecryptFailure } from './lib/unreadable'

declare module 'fastify' {
  interface FastifyInstance {
    config: AppConfig
    db: Db
    dialect: Dialect
    storage: Storage
    code2session: Code2Session
  }
}

export interface BuildAppOptions {
  config: AppConfig
  /** an open database (tests); otherwise one is created from the config and closed with the app */
  db?: DbHandle
  /** false = silent; a stream receives the JSON log lines (tests assert on them) */
  logger?: false | { stream?: { write(line: string): void }; level?: string }
  storage?: Storage
  code2session?: Code2Session
  /** mini-program codes for printed notices; undefined = from the config, null = not configured */
  wxacode?: Wxacode | null
}

/** Headers never to log: bearer tokens and the client id used for rate limiting. */
export const LOG_REDACT = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-anjia-client"]', 'req.headers["x-anjia-invite"]', 'res.headers["set-cookie"]']

/** The request as logged: Fastify's default fields, the URL with its secrets redacted (lib/log-redact). */
const logSerializers = {
  req: (req: { method: string; url: string; host?: string; ip?: string; socket?: { remotePort?: number } }) => ({
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort
  })
}

const HASHED_ASSET = /[.-][0-9a-f]{8,}\.(js|css|png|jpe?g|webp|svg|woff2?|ttf)$/i

export async function buildApp(opts: BuildAppOptions) {
  const { config } = opts
  const logger =
    opts.logger === false
      ? false
      : { level: opts.logger?.level ?? config.logLevel, redact: LOG_REDACT, serializers: logSerializers, ...(opts.logger?.stream ? { stream: opts.logger.stream } : {}) }

  const app = Fastify({
    logger,
    bodyLimit: 1024 * 1024,
    // TRUST_PROXY lists the proxies whose X-Forwarded-For is believed; none by default (req.ip = the peer)
    trustProxy: config.trustProxy.length ? config.trustProxy : false,
    // while closing (SIGTERM), new requests get 503 so the load balancer moves on; in-flight ones finish
    return503OnClosing: true,
    // Request logs carry method, url and status only: bodies (ID numbers!) are never logged.
    // Router-level failures (bad percent-encoding, over-long path params) in our error shape too
    frameworkErrors: (err, _req, reply: FastifyReply) => {
      const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      reply.status(tooLong ? 414 : 400).send({ error: { code: 'BAD_REQUEST', message: tooLong ? '请求地址过长' : '请求地址格式不正确' } })
    },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } }
  }).withTypeProvider<TypeBoxTypeProvider>()

  const handle = opts.db ?? createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, preparedStatements: config.pgPreparedStatements })
  app.decorate('config', config)
  app.decorate('db', handle.db)
  app.decorate('dialect', handle.dialect)
  app.decorate('storage', opts.storage ?? createStorage({ dataDir: config.dataDir, s3: config.s3 }))
  app.decorate('code2session', opts.code2session ?? createCode2Session(config))
  if (!opts.db) app.addHook('onClose', async () => handle.destroy())
  // A cipher that does not open is logged by its kind (never its value) and counted (/api/ready).
  const offDecryptLog = onDecryptFailure((kind) => app.log.error({ kind }, 'decrypt failed'))
  app.addHook('onClose', async () => void offDecryptLog())

  registerErrorHandlers(app)

  // External plugins; security headers first so every route, the docs and the H5 files get them
  await registerSecurityHeaders(app, config.webRoot)
  await app.register(import('@fastify/swagger'), {
    openapi: {
      info: { title: '安家 Anjia API', version: '0.1.0', description: '入伙自助办理：业主端与工作人员端接口' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } }
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) }
  })
  await app.register(import('@fastify/swagger-ui'), {
    routePrefix: '/api/docs',
    // the CSP the Swagger UI ships with, without upgrade-insecure-requests (plain-http demos)
    staticCSP: true,
    transformStaticCSP: (header: string) => header.replace(/\s*upgrade-insecure-requests;?/, '')
  })
  await app.register(import('@fastify/multipart'), {
    limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 4, parts: 5, fieldSize: 1024 }
  })

  // App plugins, then routes (every /api/owner and /api/staff route is checked for its guard)
  registerAuth(app)
  await registerRateLimit(app)
  registerOutboxFlush(app)
  registerScheduler(app)
  await app.register(healthRoutes)
  await app.register(ownerRoutes)
  await app.register(documentRoutes)
  await app.register(staffRoutes)
  await app.register(notificationRoutes)
  await app.register(surveyRoutes)
  await app.register(faqRoutes)
  await app.register(reservationRoutes)
  await app.register(checkinRoutes)
  await app.register(keysRoutes)
  await app.register(completionRoutes)
  await app.register(agreementRoutes)
  await app.register(inspectionRoutes)
  await app.register(contractorRoutes)
  await app.register(feeRoutes)
  await app.register(paymentRoutes)
  await app.register(noticeRoutes, { wxacode: opts.wxacode })
  await app.register(accountRoutes)
  await app.register(importRoutes)
  await app.register(setupRoutes)
  await app.register(alertRoutes)
  await app.register(dashboardRoutes)
  await app.register(historyRoutes)

  if (config.webRoot && fs.existsSync(path.join(config.webRoot, 'index.html'))) {
    await app.register(import('@fastify/compress'), { global: true, encodings: ['br', 'gzip'] })
    await app.register(import('@fastify/static'), {
      root: config.webRoot,
      prefix: '/',
      wildcard: true,
      // our own Cache-Control below; @fastify/static would otherwise overwrite it with max-age=0
      cacheControl: false,
      setHeaders(res, filePath) {
        if (HASHED_ASSET.test(filePath)) res.setHeader('cache-control', 'public, max-age=31536000, immutable')
        else res.setHeader('cache-control', 'no-cache')
      }
    })
  }

  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
export type { FastifyInstance }

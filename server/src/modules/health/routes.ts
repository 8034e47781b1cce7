import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import { HealthSchema, NotReadySchema, ReadySchema } from '../../../../types/common'
import { decryptFailureCounts } from '../../lib/unreadable'

/** How long a readiness probe waits for the database or the store before answering 503. */
const READY_TIMEOUT_MS = 2_000

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())])
}

/**
 * /api/health: liveness (the process answers; no dependency is touched, so a database outage
 * does not get every instance restarted). /api/ready: readiness for the load balancer — the
 * database answers `select 1` and, when S3 is configured, the bucket answers HEAD. Its body
 * also counts the decrypt failures of this process (an operator's alarm, no data).
 */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/health', { schema: { tags: ['system'], response: { 200: HealthSchema } } }, async () => ({ status: 'ok' as const }))

  app.get('/api/ready', { schema: { tags: ['system'], response: { 200: ReadySchema, 503: NotReadySchema } } }, async (req, reply) => {
    try {
      await within(sql`select 1`.execute(app.db), READY_TIMEOUT_MS)
    } catch (err) {
      req.log.warn({ err: (err as Error).message }, 'not ready: database')
      return reply.status(503).send({ error: { code: 'DATABASE_UNAVAILABLE' as const, message: '数据库暂不可用' } })
    }
    if (app.storage.check) {
      try {
        await within(app.storage.check(), READY_TIMEOUT_MS)
      } catch (err) {
        req.log.warn({ err: (err as Error).message }, 'not ready: object store')
        return reply.status(503).send({ error: { code: 'STORAGE_UNAVAILABLE' as const, message: '文件存储暂不可用' } })
      }
    }
    // decryptFailures: ciphers that did not open since this process started (see lib/unreadable.ts)
    return { status: 'ready' as const, decryptFailures: decryptFailureCounts().total }
  })
}

export default healthRoutes

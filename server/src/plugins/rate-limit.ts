/*
 * Request-rate limit of the public routes (no session needed): verification, weapp login,
 * staff sign-in, the entry page and the FAQ. Each such route counts the requests of one
 * client address (req.ip: the peer, or X-Forwarded-For only from a TRUST_PROXY proxy; IPv6 by
 * its /64) in config.rateLimit.windowMs; over config.rateLimit.max it answers
 * 429 TOO_MANY_REQUESTS. The counters live in this instance's memory: behind a load balancer
 * a client gets up to max per instance. Guessing limits do not rely on this: they are kept
 * in the database for every instance (core/attempts.ts).
 */
import type { FastifyInstance } from 'fastify'
import { ApiError } from '../errors'

/** Paths (exact, or a prefix ending in '/') open without a session. */
export const PUBLIC_ROUTES = ['/api/owner/verify', '/api/owner/wx-login', '/api/staff/login', '/api/entry', '/api/entry/', '/api/faq', '/api/faq/']

export function isPublicRoute(url: string): boolean {
  return PUBLIC_ROUTES.some((p) => (p.endsWith('/') ? url.startsWith(p) : url === p))
}

/** Registers the limiter; call before the routes so their onRoute sees the limit. */
export async function registerRateLimit(app: FastifyInstance): Promise<void> {
  const { max, windowMs } = app.config.rateLimit
  // Mark the public routes; @fastify/rate-limit (global: false) limits only marked ones.
  app.addHook('onRoute', (route) => {
    if (!isPublicRoute(route.url)) return
    route.config = { ...(route.config ?? {}), rateLimit: { max, timeWindow: windowMs } } as typeof route.config
  })
  await app.register(import('@fastify/rate-limit'), {
    global: false,
    max,
    timeWindow: windowMs,
    errorResponseBuilder: (_req, ctx) =>
      new ApiError(429, 'TOO_MANY_REQUESTS', `请求过于频繁，请 ${Math.max(1, Math.ceil(ctx.ttl / 1000))} 秒后再试`)
  })
}

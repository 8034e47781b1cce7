import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { LruMap } from 'toad-cache'
import { ApiError } from '../errors'
import { sha256 } from '../lib/crypto'
import { findOwnerSession, type OwnerSessionRow } from '../modules/owner/repository'
import { findStaffSession } from '../modules/staff/repository'
import type { StaffRole } from '../../../types/staff'

export interface OwnerAuth {
  sessionId: number
  caseId: number
  houseId: number
  ownerId: number | null
  role: 'owner' | 'delegate'
  delegateId: number | null
}

export interface StaffAuth {
  sessionId: number
  userId: number
  username: string
  displayName: string
  role: StaffRole
  communityId: number
}

declare module 'fastify' {
  interface FastifyRequest {
    owner: OwnerAuth | null
    staff: StaffAuth | null
  }
  interface FastifyInstance {
    /** preHandler: a valid owner session, bound to one house */
    requireOwner: preHandlerAsyncHookHandler
    /** preHandler factory: a valid staff session with one of `roles` (none = any staff) */
    requireStaff: (...roles: StaffRole[]) => preHandlerAsyncHookHandler
    /** Drops the request's owner session from this instance's session cache (logout). */
    forgetOwnerSession: (req: FastifyRequest) => void
  }
}

const STAFF_GUARD = Symbol.for('anjia.requireStaff')
const OWNER_GUARD = Symbol.for('anjia.requireOwner')

/** Routes that may be called without a session. */
const PUBLIC_OWNER_ROUTES = new Set(['/api/owner/verify', '/api/owner/wx-login'])
const PUBLIC_STAFF_ROUTES = new Set(['/api/staff/login'])
/** What a staff member on a one-time password may still do: see who they are, sign out, change it. */
const PASSWORD_CHANGE_ROUTES = new Set(['/api/staff/me', '/api/staff/logout', '/api/staff/password'])

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization
  if (typeof h !== 'string') return null
  const m = /^Bearer ([A-Za-z0-9_-]{20,128})$/.exec(h.trim())
  return m ? m[1] : null
}

function hookList(hooks: unknown): unknown[] {
  return Array.isArray(hooks) ? hooks : hooks ? [hooks] : []
}

function hasGuard(preHandler: unknown, mark: symbol): boolean {
  return hookList(preHandler).some((fn) => typeof fn === 'function' && (fn as unknown as Record<symbol, boolean>)[mark])
}

function isGuard(fn: unknown): boolean {
  return typeof fn === 'function' && Boolean((fn as unknown as Record<symbol, boolean>)[OWNER_GUARD] || (fn as unknown as Record<symbol, boolean>)[STAFF_GUARD])
}

/** The owner of the request; only call after requireOwner. */
export function ownerOf(req: FastifyRequest): OwnerAuth {
  if (!req.owner) throw new ApiError(401, 'UNAUTHORIZED', '请先核验业主身份')
  return req.owner
}

export function staffOf(req: FastifyRequest): StaffAuth {
  if (!req.staff) throw new ApiError(401, 'UNAUTHORIZED', '请先登录')
  return req.staff
}

/** Decorates the root instance (call before registering routes). */
export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('owner', null)
  app.decorateRequest('staff', null)

  // Owner sessions, remembered for a moment (OWNER_SESSION_CACHE_MS, default 2 s; 0 = off): an
  // owner's page sends several requests at once and a booking rush retries slot after slot, each
  // of which looked the same row up. A session row never changes: it is created at verification
  // and ends by logout (forgotten here at once; other instances may accept it up to the TTL
  // longer) or by expiry (checked on every request against the cached expiry). Only found rows
  // are cached (random tokens cannot fill it), at most 10,000, least recently used out first.
  // Made at the first owner request, when app.config is certain to exist (registerAuth is also
  // used on a bare instance, e.g. to check the route guards at start-up).
  let ownerSessions: LruMap<OwnerSessionRow> | null | undefined
  const sessionCache = () => {
    if (ownerSessions === undefined) {
      const cacheMs = app.config.ownerSessionCacheMs
      ownerSessions = cacheMs > 0 ? new LruMap<OwnerSessionRow>(10_000, cacheMs) : null
    }
    return ownerSessions
  }
  const ownerSession = async (hash: string): Promise<OwnerSessionRow | null> => {
    const cache = sessionCache()
    const cached = cache?.get(hash)
    if (cached) return cached
    const s = await findOwnerSession(app.db, hash)
    if (s && cache) cache.set(hash, s)
    return s
  }
  app.decorate('forgetOwnerSession', (req: FastifyRequest) => {
    const token = bearer(req)
    if (token) sessionCache()?.delete(sha256(token))
  })

  const requireOwner: preHandlerAsyncHookHandler = async function (req: FastifyRequest, _reply: FastifyReply) {
    const token = bearer(req)
    if (!token) throw new ApiError(401, 'UNAUTHORIZED', '请先核验业主身份')
    const s = await ownerSession(sha256(token))
    if (!s) throw new ApiError(401, 'UNAUTHORIZED', '登录已失效，请重新核验身份')
    if (s.expiresAt <= app.config.now().toISOString()) throw new ApiError(401, 'SESSION_EXPIRED', '登录已过期，请重新核验身份')
    req.owner = { sessionId: s.id, caseId: s.caseId, houseId: s.houseId, ownerId: s.ownerId, role: s.role, delegateId: s.delegateId }
  }
  ;(requireOwner as unknown as Record<symbol, boolean>)[OWNER_GUARD] = true
  app.decorate('requireOwner', requireOwner)

  app.decorate('requireStaff', (...roles: StaffRole[]) => {
    const handler: preHandlerAsyncHookHandler = async function (req: FastifyRequest) {
      const token = bearer(req)
      if (!token) throw new ApiError(401, 'UNAUTHORIZED', '请先登录工作人员账号')
      const s = await findStaffSession(app.db, sha256(token))
      if (!s || !s.active) throw new ApiError(401, 'UNAUTHORIZED', '登录已失效，请重新登录')
      if (s.expiresAt <= app.config.now().toISOString()) throw new ApiError(401, 'SESSION_EXPIRED', '登录已过期，请重新登录')
      if (s.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(req.routeOptions.url ?? '')) {
        throw new ApiError(403, 'PASSWORD_CHANGE_REQUIRED', '请先修改初始密码，再继续使用')
      }
      if (roles.length > 0 && !roles.includes(s.role)) throw new ApiError(403, 'FORBIDDEN', '当前账号没有此操作的权限')
      req.staff = {
        sessionId: s.id,
        userId: s.userId,
        username: s.username,
        displayName: s.displayName,
        role: s.role,
        communityId: s.communityId
      }
    }
    ;(handler as unknown as Record<symbol, boolean>)[STAFF_GUARD] = true
    return handler
  })

  // Fail at start-up, not in production, when a route forgets its guard.
  app.addHook('onRoute', (route) => {
    const url = route.url
    if (url.startsWith('/api/staff') && !PUBLIC_STAFF_ROUTES.has(url) && !hasGuard(route.preHandler, STAFF_GUARD)) {
      throw new Error(`staff route ${route.method} ${url} must use app.requireStaff(...) as preHandler`)
    }
    if (url.startsWith('/api/owner') && !PUBLIC_OWNER_ROUTES.has(url) && !hasGuard(route.preHandler, OWNER_GUARD)) {
      throw new Error(`owner route ${route.method} ${url} must use app.requireOwner as preHandler`)
    }
    // Authenticate first: the guard a route names as preHandler runs at onRequest instead, so a
    // request without a valid session is 401 before its body is read, parsed or validated
    // (an invalid body never tells an anonymous caller which fields a route takes).
    const pre = hookList(route.preHandler)
    const guards = pre.filter(isGuard)
    if (guards.length > 0) {
      route.preHandler = pre.filter((fn) => !isGuard(fn)) as typeof route.preHandler
      route.onRequest = [...guards, ...hookList(route.onRequest)] as typeof route.onRequest
    }
  })
}

/*
 * Guessing limits under attack (issue 9 items 1 and 2): concurrent bursts of wrong guesses
 * (owner ID tails, staff passwords) on one instance and across two instances sharing one
 * database, who the client is (connection address; X-Forwarded-For only from TRUST_PROXY),
 * the per-route request-rate limit, and the staff lock per account + client with a global
 * per-account ceiling that tells the manager.
 */
import { buildApp, type App } from '../../server/src/app'
import { createDb, type DbHandle } from '../../server/src/db/database'
import { demoOwnerCredentials } from '../../server/src/seed/demo'
import { bearer, createTestApp, dialects, staffLogin, type TestApp } from './harness'

const BURST = 40

describe('client address', () => {
  test('IPv6 counts by its /64, IPv4-mapped IPv6 as the IPv4 address, none as one shared client', async () => {
    const { clientAddress, clientKeyOf } = await import('../../server/src/core/attempts')
    expect(clientKeyOf('2001:db8:1:2::1')).toBe(clientKeyOf('2001:db8:1:2:ffff:eeee:dddd:cccc'))
    expect(clientKeyOf('2001:db8:1:2::1')).not.toBe(clientKeyOf('2001:db8:1:3::1'))
    expect(clientAddress('::ffff:10.0.0.7')).toBe('10.0.0.7')
    expect(clientKeyOf('10.0.0.7')).not.toBe(clientKeyOf('10.0.0.8'))
    expect(clientAddress(undefined)).toBe('unknown')
  })
})

/** How many answers of each status a burst got, e.g. { 401: 5, 429: 35 }. */
function tally(statuses: number[]): Record<number, number> {
  const out: Record<number, number> = {}
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1
  return out
}

const ip = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`

describe.each(dialects())('guessing limits (%s)', (dialect) => {
  let t: TestApp
  /** a second instance over the same database (PostgreSQL only: its own pool, as a second machine has) */
  let b: { app: App; handle: DbHandle } | null = null
  beforeAll(async () => {
    t = await createTestApp(dialect)
    if (dialect === 'postgres') {
      const handle = createDb({ databaseUrl: process.env.DATABASE_URL!, schema: t.db.handle.schema })
      const app = await buildApp({ config: t.config, db: handle, logger: false })
      await app.ready()
      b = { app, handle }
    }
  })
  afterAll(async () => {
    if (b) {
      await b.app.close()
      await b.handle.destroy()
    }
    await t.close()
  })

  /** the two instances in turn on PostgreSQL; the one instance otherwise */
  const instances = (): App[] => (b ? [t.app, b.app] : [t.app])
  const verify = (app: App, houseIndex: number, remoteAddress: string, right = false, headers: Record<string, string> = {}) => {
    const c = demoOwnerCredentials(houseIndex)
    return app.inject({
      method: 'POST',
      url: '/api/owner/verify',
      remoteAddress,
      headers,
      payload: { token: c.token, ownerName: c.ownerName, ownerIdTail: right ? c.idTail : '000000' }
    })
  }
  const login = (app: App, username: string, password: string, remoteAddress: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/staff/login', remoteAddress, headers, payload: { username, password } })

  describe('concurrent bursts evaluate at most the limit', () => {
    test.each([
      ['one instance', false],
      ['two instances', true]
    ])('owner verify, one house, %s: at most 5 wrong ID tails evaluated', async (_name, split) => {
      if (split && !b) return
      const apps = split ? instances() : [t.app]
      const res = await Promise.all(Array.from({ length: BURST }, (_, i) => verify(apps[i % apps.length], split ? 101 : 100, ip(1000 + i + (split ? 100 : 0)))))
      const counts = tally(res.map((r) => r.statusCode))
      console.log(`[burst] ${dialect} owner verify one house ${split ? 'two instances' : 'one instance'}: ${counts[401] ?? 0} of ${BURST} evaluated`, counts)
      expect(counts[401] ?? 0).toBeLessThanOrEqual(5)
      expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(BURST)
    })

    test.each([
      ['one instance', false],
      ['two instances', true]
    ])('owner verify, one client across houses, %s: at most 5 evaluated', async (_name, split) => {
      if (split && !b) return
      const apps = split ? instances() : [t.app]
      const client = split ? '10.77.0.2' : '10.77.0.1'
      const res = await Promise.all(Array.from({ length: BURST }, (_, i) => verify(apps[i % apps.length], (split ? 0 : 40) + i, client)))
      const counts = tally(res.map((r) => r.statusCode))
      console.log(`[burst] ${dialect} owner verify one client ${split ? 'two instances' : 'one instance'}: ${counts[401] ?? 0} of ${BURST} evaluated`, counts)
      expect(counts[401] ?? 0).toBeLessThanOrEqual(5)
      expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(BURST)
    })

    test.each([
      ['one instance', false, 'reception'],
      ['two instances', true, 'reviewer']
    ])('staff login, one account from one client, %s: at most 5 evaluated', async (_name, split, username) => {
      if (split && !b) return
      const apps = split ? instances() : [t.app]
      const client = split ? '10.78.0.2' : '10.78.0.1'
      const res = await Promise.all(Array.from({ length: BURST }, (_, i) => login(apps[i % apps.length], username, `wrong-${i}`, client)))
      const counts = tally(res.map((r) => r.statusCode))
      console.log(`[burst] ${dialect} staff login one client ${split ? 'two instances' : 'one instance'}: ${counts[401] ?? 0} of ${BURST} evaluated`, counts)
      expect(counts[401] ?? 0).toBeLessThanOrEqual(5)
      expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(BURST)
    })

    test.each([
      ['one instance', false, 'cashier'],
      ['two instances', true, 'inspector']
    ])('staff login, one account from many clients, %s: at most the per-account ceiling evaluated', async (_name, split, username) => {
      if (split && !b) return
      const { STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT } = await import('../../server/src/modules/staff/service')
      const apps = split ? instances() : [t.app]
      const ceiling = (STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT as number | undefined) ?? 5
      const n = 2 * ceiling
      const res = await Promise.all(Array.from({ length: n }, (_, i) => login(apps[i % apps.length], username, `wrong-${i}`, ip(5000 + i + (split ? 100 : 0)))))
      const counts = tally(res.map((r) => r.statusCode))
      console.log(`[burst] ${dialect} staff login many clients ${split ? 'two instances' : 'one instance'}: ${counts[401] ?? 0} of ${n} evaluated`, counts)
      expect(counts[401] ?? 0).toBeLessThanOrEqual(ceiling)
      expect((counts[401] ?? 0) + (counts[429] ?? 0)).toBe(n)
    })
  })

  describe('who the client is', () => {
    test('rotating x-anjia-client or X-Forwarded-For gives no fresh budget (no proxy trusted)', async () => {
      const rotate = (i: number) => ({ 'x-anjia-client': `install-${i}`, 'x-forwarded-for': `198.51.100.${i}` })
      for (let i = 0; i < 5; i++) expect((await verify(t.app, 80 + i, '10.60.0.1', false, rotate(i))).statusCode).toBe(401)
      const locked = await verify(t.app, 85, '10.60.0.1', true, rotate(9))
      expect(locked.statusCode).toBe(429)
      expect(locked.json().error.code).toBe('RATE_LIMITED')
      // another connection address is another client
      expect((await verify(t.app, 85, '10.60.0.2', true)).statusCode).toBe(200)

      // staff sign-in alike (a fresh account: the bursts above locked theirs)
      const un = await newStaff(t, 'identity-a')
      for (let i = 0; i < 5; i++) expect((await login(t.app, un, 'wrong', '10.61.0.1', rotate(i))).statusCode).toBe(401)
      expect((await login(t.app, un, PASSWORD, '10.61.0.1', rotate(9))).statusCode).toBe(429)
    })
  })

  describe('behind a trusted proxy (TRUST_PROXY=10.9.9.9)', () => {
    let p: TestApp
    beforeAll(async () => {
      p = await createTestApp(dialect, { config: { trustProxy: ['10.9.9.9'] } })
    })
    afterAll(async () => p.close())

    test('the forwarded address is the client only when the proxy sends it', async () => {
      const via = (fwd: string) => ({ 'x-forwarded-for': fwd })
      for (let i = 0; i < 5; i++) expect((await verify(p.app, i, '10.9.9.9', false, via('203.0.113.1'))).statusCode).toBe(401)
      expect((await verify(p.app, 5, '10.9.9.9', true, via('203.0.113.1'))).statusCode).toBe(429)
      // another owner behind the same proxy has their own budget
      expect((await verify(p.app, 5, '10.9.9.9', true, via('203.0.113.2'))).statusCode).toBe(200)
      // a caller that is not the proxy cannot choose its address
      for (let i = 0; i < 5; i++) expect((await verify(p.app, 10 + i, '10.8.0.1', false, via(`203.0.113.${10 + i}`))).statusCode).toBe(401)
      expect((await verify(p.app, 15, '10.8.0.1', true, via('203.0.113.99'))).statusCode).toBe(429)
    })

    test('a staff account locked from one client still signs in from another; the manager is told', async () => {
      for (let i = 0; i < 5; i++) expect((await login(p.app, 'reception', 'wrong', '10.70.0.1')).json().error.code).toBe('LOGIN_FAILED')
      const locked = await login(p.app, 'reception', 'anjia-reception-2026', '10.70.0.1')
      expect(locked.statusCode).toBe(429)
      expect(locked.json().error.code).toBe('RATE_LIMITED')
      expect(locked.json().error.message).toMatch(/\d+ 分钟后再试/)
      expect((await login(p.app, 'reception', 'anjia-reception-2026', '10.70.0.2')).statusCode).toBe(200)

      const manager = await staffLogin(p, 'manager')
      const alerts = (await p.app.inject({ method: 'GET', url: '/api/staff/alerts', headers: bearer(manager) })).json()
      const mine = alerts.items.filter((a: { kind: string }) => a.kind === 'login_locked')
      expect(mine).toHaveLength(1)
      expect(mine[0].title).toContain('reception')
      expect(mine[0].body).toContain('其他设备仍可正常登录')
      expect(mine[0].responsibleRole).toBe('manager')
      // and the member sees it on their own 风险预警 page
      const own = await login(p.app, 'reception', 'anjia-reception-2026', '10.70.0.2')
      const theirs = (await p.app.inject({ method: 'GET', url: '/api/staff/alerts', headers: bearer(own.json().token) })).json()
      expect(theirs.items.map((a: { kind: string }) => a.kind)).toContain('login_locked')
    })

    test('guessing spread over many clients hits the per-account ceiling: locked everywhere, the manager is told', async () => {
      const { STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT: ceiling } = await import('../../server/src/modules/staff/service')
      const res = await Promise.all(Array.from({ length: ceiling }, (_, i) => login(p.app, 'reviewer', `wrong-${i}`, ip(9000 + i))))
      expect(res.map((r) => r.statusCode)).toEqual(Array(ceiling).fill(401))
      const fresh = await login(p.app, 'reviewer', 'anjia-reviewer-2026', '10.71.9.9')
      expect(fresh.statusCode).toBe(429)
      expect(fresh.json().error.code).toBe('RATE_LIMITED')
      const manager = await staffLogin(p, 'manager')
      const alerts = (await p.app.inject({ method: 'GET', url: '/api/staff/alerts', headers: bearer(manager) })).json()
      const lock = alerts.items.find((a: { kind: string; title: string }) => a.kind === 'login_locked' && a.title.includes('reviewer'))
      expect(lock.title).toContain('已暂停登录')
      // the window passes: the member signs in again
      p.clock.advance(15 * 60_000 + 1)
      expect((await login(p.app, 'reviewer', 'anjia-reviewer-2026', '10.71.9.9')).statusCode).toBe(200)
    })

    test('the lock alerts end with the attempts behind them (pruned after 24 h)', async () => {
      const { prune } = await import('../../server/src/modules/scheduler/jobs/prune')
      const open = async () => (await p.db.handle.db.selectFrom('alerts').select('id').where('kind', '=', 'login_locked').where('resolved_at', 'is', null).execute()).length
      expect(await open()).toBe(2)
      expect((await prune(p.db.handle.db, p.clock.now())).loginLockAlerts).toBe(0)
      p.clock.advance(25 * 60 * 60_000)
      expect((await prune(p.db.handle.db, p.clock.now())).loginLockAlerts).toBe(2)
      expect(await open()).toBe(0)
    })
  })

  describe('request-rate limit of the public routes (RATE_LIMIT_MAX=3)', () => {
    let r: TestApp
    beforeAll(async () => {
      r = await createTestApp(dialect, { config: { rateLimit: { max: 3, windowMs: 60_000 } } })
    })
    afterAll(async () => r.close())

    const c = demoOwnerCredentials(0)
    test.each([
      ['POST', '/api/entry', { token: c.token }],
      ['GET', '/api/faq', undefined],
      ['POST', '/api/owner/verify', { token: c.token, ownerName: c.ownerName, ownerIdTail: '000000' }],
      ['POST', '/api/owner/wx-login', { code: 'sandbox-rate' }],
      ['POST', '/api/staff/login', { username: 'cashier', password: 'wrong' }]
    ])('%s %s answers 429 TOO_MANY_REQUESTS past the limit, per client', async (method, url, payload) => {
      const send = (remoteAddress: string) => r.app.inject({ method: method as 'GET' | 'POST', url, remoteAddress, ...(payload ? { payload } : {}) })
      for (let i = 0; i < 3; i++) expect((await send('10.50.0.1')).statusCode).not.toBe(429)
      const over = await send('10.50.0.1')
      expect(over.statusCode).toBe(429)
      expect(over.json().error.code).toBe('TOO_MANY_REQUESTS')
      expect(over.json().error.message).toMatch(/^请求过于频繁，请 \d+ 秒后再试$/)
      expect(over.headers['retry-after']).toBeDefined()
      expect((await send('10.50.0.2')).statusCode).not.toBe(429)
    })

    test('a route behind a session is not limited by it', async () => {
      for (let i = 0; i < 5; i++) expect((await r.app.inject({ method: 'GET', url: '/api/owner/me', remoteAddress: '10.50.0.3' })).statusCode).toBe(401)
    })
  })
})

const PASSWORD = 'anjia-test-pass-2026'

/** A fresh staff account (reception role) in the demo community; returns its username. */
async function newStaff(t: TestApp, username: string): Promise<string> {
  const { hashPassword } = await import('../../server/src/lib/crypto')
  const db = t.db.handle.db
  const { community_id } = await db.selectFrom('staff_users').select('community_id').where('username', '=', 'reception').executeTakeFirstOrThrow()
  await db
    .insertInto('staff_users')
    .values({
      community_id,
      username,
      password_hash: await hashPassword(PASSWORD),
      display_name: `测试 ${username}`,
      role: 'reception',
      created_at: t.clock.now().toISOString(),
      password_changed_at: null
    })
    .execute()
  return username
}

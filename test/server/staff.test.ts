import { demoOwnerCredentials, demoOwnerIdNumber } from '../../server/src/seed/demo'
import { bearer, clientAddress, createTestApp, dialects, staffLogin, verifyAs, type TestApp } from './harness'

describe.each(dialects())('staff (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => t.close())

  test('login with scrypt-checked password returns a 12-hour session; me and logout work', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'reception', password: 'anjia-reception-2026' } })
    expect(res.statusCode).toBe(200)
    const s = res.json()
    expect(s.user).toEqual({ id: expect.any(Number), username: 'reception', displayName: '前台 林晓', role: 'reception', communityName: '安家示范小区' })
    expect(Date.parse(s.expiresAt) - t.clock.now().getTime()).toBe(12 * 3600 * 1000)
    const me = await t.app.inject({ method: 'GET', url: '/api/staff/me', headers: bearer(s.token) })
    expect(me.json().username).toBe('reception')
    expect((await t.app.inject({ method: 'POST', url: '/api/staff/logout', headers: bearer(s.token) })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/me', headers: bearer(s.token) })).statusCode).toBe(401)
  })

  test('a wrong password and an unknown user fail alike with LOGIN_FAILED', async () => {
    const a = await t.app.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'reception', password: 'wrong' } })
    const b = await t.app.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'nobody', password: 'wrong' } })
    expect(a.statusCode).toBe(401)
    expect(a.json()).toEqual(b.json())
    expect(a.json().error.code).toBe('LOGIN_FAILED')
  })

  test('a staff session expires after 12 hours', async () => {
    const token = await staffLogin(t, 'manager')
    t.clock.advance(12 * 3600 * 1000)
    const res = await t.app.inject({ method: 'GET', url: '/api/staff/me', headers: bearer(token) })
    expect(res.statusCode).toBe(401)
    expect(res.json().error.code).toBe('SESSION_EXPIRED')
  })

  test('house lookup shows masked data only and writes an audit row per lookup', async () => {
    await verifyAs(t, 0)
    const token = await staffLogin(t, 'reception')
    const before = await t.db.handle.db.selectFrom('audit_log').select('id').where('action', '=', 'house.lookup').execute()
    const c = demoOwnerCredentials(0)
    const res = await t.app.inject({ method: 'GET', url: `/api/staff/houses?q=${encodeURIComponent(c.label)}`, headers: bearer(token) })
    expect(res.statusCode).toBe(200)
    const items = res.json().items
    expect(items).toHaveLength(1)
    const id = demoOwnerIdNumber(0)
    expect(items[0]).toEqual({
      houseId: expect.any(Number),
      label: c.label,
      ownerName: expect.stringContaining('*'),
      ownerIdMasked: `${id.slice(0, 4)}**********${id.slice(-4)}`,
      currentStage: 'documents',
      verified: true
    })
    expect(res.body).not.toContain(id)
    const byName = await t.app.inject({ method: 'GET', url: `/api/staff/houses?q=${encodeURIComponent(c.ownerName)}`, headers: bearer(token) })
    expect(byName.json().items.map((i: { label: string }) => i.label)).toContain(c.label)
    const after = await t.db.handle.db.selectFrom('audit_log').select(['detail', 'actor_id']).where('action', '=', 'house.lookup').execute()
    expect(after.length).toBe(before.length + 2)
    expect(after.map((r) => r.detail).join()).not.toContain(c.ownerName)
  })

  test('every staff route refuses no token, an owner token and the wrong role', async () => {
    const owner = await verifyAs(t, 1)
    const inspector = await staffLogin(t, 'inspector')
    const reception = await staffLogin(t, 'reception')
    const routes: { method: 'GET' | 'POST'; url: string; payload?: object; wrongRole?: string }[] = [
      { method: 'GET', url: '/api/staff/me' },
      { method: 'POST', url: '/api/staff/logout' },
      { method: 'GET', url: '/api/staff/houses?q=101', wrongRole: inspector },
      { method: 'GET', url: '/api/staff/delegates', wrongRole: reception },
      { method: 'POST', url: '/api/staff/delegates/1/review', payload: { decision: 'approve' }, wrongRole: reception },
      { method: 'GET', url: '/api/staff/files/1', wrongRole: inspector }
    ]
    for (const r of routes) {
      const none = await t.app.inject({ method: r.method, url: r.url, payload: r.payload })
      expect([r.url, none.statusCode]).toEqual([r.url, 401])
      const asOwner = await t.app.inject({ method: r.method, url: r.url, payload: r.payload, headers: bearer(owner.sessionToken) })
      expect([r.url, asOwner.statusCode]).toEqual([r.url, 401])
      if (r.wrongRole) {
        const wrong = await t.app.inject({ method: r.method, url: r.url, payload: r.payload, headers: bearer(r.wrongRole) })
        expect([r.url, wrong.statusCode, wrong.json().error.code]).toEqual([r.url, 403, 'FORBIDDEN'])
      }
    }
    // and a staff token is no owner session
    const res = await t.app.inject({ method: 'GET', url: '/api/owner/me', headers: bearer(reception) })
    expect(res.statusCode).toBe(401)
  })

  test('a route under /api/staff without requireStaff cannot even be registered', async () => {
    const { buildApp } = await import('../../server/src/app')
    const app = await buildApp({ config: t.config, db: t.db.handle, logger: false })
    expect(() => app.get('/api/staff/unguarded', async () => ({}))).toThrow(/requireStaff/)
    expect(() => app.get('/api/owner/unguarded', async () => ({}))).toThrow(/requireOwner/)
    await app.close()
  })

  test('password guessing is limited per account: 5 failures lock it for 15 minutes, even with the right password', async () => {
    const login = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/staff/login', remoteAddress: clientAddress(`guess-${dialect}`), payload: { username: 'inspector', password } })
    for (let i = 0; i < 5; i++) expect((await login('wrong-password')).json().error.code).toBe('LOGIN_FAILED')
    const locked = await login('anjia-inspector-2026')
    expect(locked.statusCode).toBe(429)
    expect(locked.json().error.code).toBe('RATE_LIMITED')
    expect(locked.json().error.message).toMatch(/\d+ 分钟后再试/)
    t.clock.advance(15 * 60 * 1000 + 1)
    expect((await login('anjia-inspector-2026')).statusCode).toBe(200)
  })
})

import { demoOwnerCredentials } from '../../server/src/seed/demo'
import { bearer, clientAddress, createTestApp, dialects, staffLogin, verifyAs, type TestApp } from './harness'

type Auth = 'none' | 'owner' | 'staff'
interface Route {
  method: 'GET' | 'POST'
  url: string
  auth: Auth
  body?: Record<string, unknown>
  query?: Record<string, string>
}

const LONG = 'x'.repeat(10_000)

describe.each(dialects())('bad input never causes a 5xx (%s)', (dialect) => {
  let t: TestApp
  let owner: string
  let staff: string
  let routes: Route[]
  beforeAll(async () => {
    t = await createTestApp(dialect)
    owner = (await verifyAs(t, 70)).sessionToken
    staff = await staffLogin(t, 'manager')
    const c = demoOwnerCredentials(71)
    routes = [
      { method: 'POST', url: '/api/entry', auth: 'none', body: { token: c.token } },
      { method: 'POST', url: '/api/owner/verify', auth: 'none', body: { token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail } },
      { method: 'POST', url: '/api/owner/wx-login', auth: 'none', body: { code: 'sandbox-x' } },
      { method: 'GET', url: '/api/owner/me', auth: 'owner' },
      { method: 'GET', url: '/api/owner/progress', auth: 'owner' },
      { method: 'POST', url: '/api/owner/consents', auth: 'owner', body: { kind: 'id_photo' } },
      { method: 'POST', url: '/api/owner/documents/owner_id_card/files', auth: 'owner' },
      { method: 'GET', url: '/api/owner/files/1', auth: 'owner' },
      { method: 'POST', url: '/api/staff/login', auth: 'none', body: { username: 'manager', password: 'x' } },
      { method: 'GET', url: '/api/staff/me', auth: 'staff' },
      { method: 'GET', url: '/api/staff/houses', auth: 'staff', query: { q: '101' } },
      { method: 'GET', url: '/api/staff/delegates', auth: 'staff', query: { status: 'pending_review' } },
      { method: 'POST', url: '/api/staff/delegates/1/review', auth: 'staff', body: { decision: 'approve' } },
      { method: 'GET', url: '/api/staff/files/1', auth: 'staff' }
    ]
  })
  afterAll(async () => t.close())

  function headers(auth: Auth): Record<string, string> {
    return auth === 'owner' ? bearer(owner) : auth === 'staff' ? bearer(staff) : {}
  }

  async function expect4xx(r: Route, over: { url?: string; payload?: unknown; headers?: Record<string, string>; query?: Record<string, string> }) {
    const res = await t.app.inject({
      method: r.method,
      url: over.url ?? r.url,
      query: over.query ?? r.query,
      headers: { ...headers(r.auth), ...over.headers },
      remoteAddress: clientAddress(`bad-${Math.random()}`),
      ...(over.payload !== undefined ? { payload: over.payload as string } : {})
    })
    const label = `${r.method} ${over.url ?? r.url} ${JSON.stringify(over.payload ?? over.query ?? '').slice(0, 60)}`
    expect([label, res.statusCode >= 400 && res.statusCode < 500]).toEqual([label, true])
    const body = res.json()
    expect([label, typeof body.error?.code, typeof body.error?.message]).toEqual([label, 'string', 'string'])
    return res
  }

  test('missing fields, wrong types, huge strings and extra properties in bodies', async () => {
    for (const r of routes.filter((x) => x.body)) {
      const body = r.body!
      await expect4xx(r, { payload: {} })
      for (const key of Object.keys(body)) {
        const { [key]: _dropped, ...missing } = body
        await expect4xx(r, { payload: missing })
        await expect4xx(r, { payload: { ...body, [key]: 12345 } })
        await expect4xx(r, { payload: { ...body, [key]: { nested: true } } })
        await expect4xx(r, { payload: { ...body, [key]: LONG } })
      }
      await expect4xx(r, { payload: { ...body, extra: 'nope' } })
      await expect4xx(r, { payload: [body] })
    }
  })

  test('malformed JSON, wrong content types and oversized bodies', async () => {
    for (const r of routes.filter((x) => x.method === 'POST')) {
      const res = await expect4xx(r, { payload: '{"token": ', headers: { 'content-type': 'application/json' } })
      if (r.body) expect(res.statusCode).toBe(400)
      await expect4xx(r, { payload: 'token=abc', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      await expect4xx(r, { payload: 'hello', headers: { 'content-type': 'text/plain' } })
      await expect4xx(r, { payload: JSON.stringify({ pad: 'x'.repeat(1_100_000) }), headers: { 'content-type': 'application/json' } })
    }
  })

  test('bad tokens on every authenticated route', async () => {
    for (const r of routes.filter((x) => x.auth !== 'none')) {
      for (const h of [{ authorization: 'Bearer ' + LONG }, { authorization: 'Bearer ../../etc' }, { authorization: LONG }, { authorization: 'Bearer ' + 'a'.repeat(43) }]) {
        const res = await expect4xx(r, { headers: h, payload: r.body })
        expect(res.statusCode).toBe(401)
      }
    }
  })

  test('bad path and query parameters', async () => {
    const bad = ['0', '-1', 'abc', '1.5', '99999999999999999999', LONG.slice(0, 2000)]
    for (const v of bad) {
      await expect4xx({ method: 'GET', url: '', auth: 'owner' }, { url: `/api/owner/files/${v}` })
      await expect4xx({ method: 'GET', url: '', auth: 'staff' }, { url: `/api/staff/files/${v}` })
      await expect4xx({ method: 'POST', url: '', auth: 'staff' }, { url: `/api/staff/delegates/${v}/review`, payload: { decision: 'approve' } })
    }
    for (const code of ['UPPER', '../x', 'a'.repeat(41), '中文']) {
      await expect4xx({ method: 'POST', url: '', auth: 'owner' }, { url: `/api/owner/documents/${encodeURIComponent(code)}/files` })
    }
    const houses = routes.find((r) => r.url === '/api/staff/houses')!
    // q is optional since the manager's house list (issue 7); paging and stage are checked instead
    for (const q of [{ q: '' }, { q: LONG }, { q: '101', extra: '1' }, { pageSize: '101' }, { page: '0' }, { stage: 'nowhere' }]) await expect4xx(houses, { query: q as Record<string, string> })
    const delegates = routes.find((r) => r.url === '/api/staff/delegates')!
    for (const q of [{ status: 'all' }, { status: LONG }, { other: '1' }]) await expect4xx(delegates, { query: q })
  })
})

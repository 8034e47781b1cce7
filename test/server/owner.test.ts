import { demoOwnerCredentials, demoOwnerIdNumber } from '../../server/src/seed/demo'
import { bearer, clientAddress, createTestApp, dialects, makeIdNumber, verifyAs, type TestApp } from './harness'

const MIN = 60_000

describe.each(dialects())('owner entry and verification (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => t.close())

  const verifyReq = (payload: object, client = 'c-default') =>
    t.app.inject({ method: 'POST', url: '/api/owner/verify', remoteAddress: clientAddress(client), payload })

  describe('POST /api/entry', () => {
    const entry = (token: unknown) => t.app.inject({ method: 'POST', url: '/api/entry', payload: { token } })

    test('a known token shows the community and house', async () => {
      const c = demoOwnerCredentials(0)
      const res = await entry(c.token)
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ communityName: '安家示范小区', houseLabel: c.label, openForMoveIn: true, servicePhone: '0755-8888 6666' })
    })

    test('an unknown token answers 404 INVITE_NOT_FOUND', async () => {
      const res = await entry('AAAAAAAAAA')
      expect(res.statusCode).toBe(404)
      expect(res.json().error.code).toBe('INVITE_NOT_FOUND')
    })

    test.each([
      ['too long', 'a'.repeat(33)],
      ['bad characters', 'abc def'],
      ['non-ASCII', '房屋'],
      ['quote', 'abc"def'],
      ['not a string', { nested: true }]
    ])('a malformed token (%s) answers 400 VALIDATION_FAILED', async (_name, token) => {
      const res = await entry(token)
      expect(res.statusCode).toBe(400)
      expect(res.json().error.code).toBe('VALIDATION_FAILED')
    })

    test('a house not open for move-in shows it and refuses verification with HOUSE_NOT_OPEN', async () => {
      const c = demoOwnerCredentials(119)
      await t.db.handle.db.updateTable('houses').set({ open_for_move_in: 0 }).where('invite_token', '=', c.token).execute()
      expect((await entry(c.token)).json().openForMoveIn).toBe(false)
      const res = await verifyReq({ token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail }, 'c-closed')
      expect(res.statusCode).toBe(403)
      expect(res.json().error.code).toBe('HOUSE_NOT_OPEN')
    })
  })

  describe('POST /api/owner/verify', () => {
    test('the registered owner gets a session bound to the house; verify is done and recorded', async () => {
      const c = demoOwnerCredentials(2)
      const res = await verifyReq({ token: c.token, ownerName: ` ${c.ownerName} `, ownerIdTail: c.idTail.toLowerCase() }, 'c-owner')
      expect(res.statusCode).toBe(200)
      const s = res.json()
      expect(s.role).toBe('owner')
      expect(s.house.label).toBe(c.label)
      expect(s.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(Date.parse(s.expiresAt) - t.clock.now().getTime()).toBe(30 * 24 * 60 * MIN)

      const progress = await t.app.inject({ method: 'GET', url: '/api/owner/progress', headers: bearer(s.sessionToken) })
      expect(progress.statusCode).toBe(200)
      const p = progress.json()
      expect(p.stages.find((x: { stage: string }) => x.stage === 'verify').status).toBe('done')
      expect(p.currentStage).toBe('documents')
      expect(p.events).toEqual(expect.arrayContaining([expect.objectContaining({ stage: 'verify', to: 'done', actor: 'owner' })]))
      expect(p.policy).toEqual({ feesRequiredForKeys: true, agreementsRequiredForKeys: true })

      // The token is stored only as its hash.
      const rows = await t.db.handle.db.selectFrom('owner_sessions').select('token_hash').execute()
      expect(rows.some((r) => r.token_hash === s.sessionToken)).toBe(false)
    })

    test('GET /api/owner/me shows masked name and ID only', async () => {
      const s = await verifyAs(t, 3)
      const res = await t.app.inject({ method: 'GET', url: '/api/owner/me', headers: bearer(s.sessionToken) })
      expect(res.statusCode).toBe(200)
      const me = res.json()
      const id = demoOwnerIdNumber(3)
      expect(me.ownerIdMasked).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`)
      expect(me.ownerName).not.toBe(demoOwnerCredentials(3).ownerName)
      expect(me.ownerName[0]).toBe(demoOwnerCredentials(3).ownerName[0])
      expect(me.role).toBe('owner')
      expect(me.servicePhone).toBe('0755-8888 6666')
    })

    test('a delegate is registered pending review and the power of attorney becomes required', async () => {
      const s = await verifyAs(t, 4, { delegate: { name: '赵委托', idNumber: makeIdNumber() } })
      expect(s.role).toBe('delegate')
      const me = (await t.app.inject({ method: 'GET', url: '/api/owner/me', headers: bearer(s.sessionToken) })).json()
      expect(me.delegateStatus).toBe('pending_review')
      expect(me.delegateName).toBe('赵*托')
      const p = (await t.app.inject({ method: 'GET', url: '/api/owner/progress', headers: bearer(s.sessionToken) })).json()
      expect(p.stages.find((x: { stage: string }) => x.stage === 'verify').status).toBe('in_progress')
      expect(p.currentStage).toBe('verify')
      const d = await t.db.handle.db.selectFrom('delegates').selectAll().executeTakeFirstOrThrow()
      expect(d.status).toBe('pending_review')
      expect(d.id_cipher).not.toContain(makeIdNumber().slice(0, 6))
      const sub = await t.db.handle.db.selectFrom('document_submissions').selectAll().where('item_code', '=', 'power_of_attorney').executeTakeFirst()
      expect(sub?.status).toBe('missing')
    })

    test('a delegate ID with a wrong check digit answers 400 DELEGATE_ID_INVALID', async () => {
      const c = demoOwnerCredentials(5)
      const bad = makeIdNumber().slice(0, 17) + (makeIdNumber().endsWith('1') ? '2' : '1')
      const res = await verifyReq({ token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail, delegate: { name: '赵委托', idNumber: bad } }, 'c-del-bad')
      expect(res.statusCode).toBe(400)
      expect(res.json().error.code).toBe('DELEGATE_ID_INVALID')
    })

    test('a wrong name and a wrong ID tail fail with the same code and message', async () => {
      const c = demoOwnerCredentials(6)
      const wrongTail = c.idTail === '000000' ? '000001' : '000000'
      const a = await verifyReq({ token: c.token, ownerName: '不是业主', ownerIdTail: c.idTail }, 'c-wrong-1')
      const b = await verifyReq({ token: c.token, ownerName: c.ownerName, ownerIdTail: wrongTail }, 'c-wrong-2')
      expect(a.statusCode).toBe(401)
      expect(b.statusCode).toBe(401)
      expect(a.json()).toEqual(b.json())
      expect(a.json().error.code).toBe('VERIFY_FAILED')
      // another house's owner does not open this house
      const other = demoOwnerCredentials(7)
      const c2 = await verifyReq({ token: c.token, ownerName: other.ownerName, ownerIdTail: other.idTail }, 'c-wrong-3')
      expect(c2.statusCode).toBe(401)
    })

    test('an unknown token answers 404 INVITE_NOT_FOUND', async () => {
      const res = await verifyReq({ token: 'ZZZZZZZZZZ', ownerName: '张三', ownerIdTail: '123456' }, 'c-unknown')
      expect(res.statusCode).toBe(404)
      expect(res.json().error.code).toBe('INVITE_NOT_FOUND')
    })
  })

  describe('rate limits', () => {
    test('5 failures on one house lock it for 15 minutes, even from new clients and for the right answer', async () => {
      const c = demoOwnerCredentials(10)
      for (let i = 0; i < 5; i++) {
        const r = await verifyReq({ token: c.token, ownerName: '错误', ownerIdTail: '000000' }, `house-lock-${i}`)
        expect(r.statusCode).toBe(401)
      }
      t.clock.advance(2 * MIN)
      const locked = await verifyReq({ token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail }, 'house-lock-new')
      expect(locked.statusCode).toBe(429)
      expect(locked.json().error.code).toBe('RATE_LIMITED')
      expect(locked.json().error.message).toContain('13 分钟')
      t.clock.advance(13 * MIN)
      const ok = await verifyReq({ token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail }, 'house-lock-new')
      expect(ok.statusCode).toBe(200)
    })

    test('5 failures from one client lock that client across houses for 15 minutes', async () => {
      for (let i = 0; i < 5; i++) {
        const c = demoOwnerCredentials(20 + i)
        const r = await verifyReq({ token: c.token, ownerName: '错误', ownerIdTail: '000000' }, 'client-lock')
        expect(r.statusCode).toBe(401)
      }
      const c = demoOwnerCredentials(30)
      const locked = await verifyReq({ token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail }, 'client-lock')
      expect(locked.statusCode).toBe(429)
      expect(locked.json().error.message).toContain('15 分钟')
      // another client is not affected
      expect((await verifyReq({ token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail }, 'client-other')).statusCode).toBe(200)
      t.clock.advance(15 * MIN)
      expect((await verifyReq({ token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail }, 'client-lock')).statusCode).toBe(200)
    })

    test('without the client header the IP is the client key', async () => {
      const send = (ip: string, token: string) =>
        t.app.inject({ method: 'POST', url: '/api/owner/verify', remoteAddress: ip, payload: { token, ownerName: '错误', ownerIdTail: '000000' } })
      for (let i = 0; i < 5; i++) expect((await send('10.0.0.9', demoOwnerCredentials(40 + i).token)).statusCode).toBe(401)
      expect((await send('10.0.0.9', demoOwnerCredentials(50).token)).statusCode).toBe(429)
      expect((await send('10.0.0.10', demoOwnerCredentials(50).token)).statusCode).toBe(401)
    })
  })

  describe('weapp login', () => {
    test('an openid linked at verification logs back in; an unknown one is not linked', async () => {
      await verifyAs(t, 60, { wxCode: 'sandbox-user-60' })
      const res = await t.app.inject({ method: 'POST', url: '/api/owner/wx-login', payload: { code: 'sandbox-user-60' } })
      expect(res.statusCode).toBe(200)
      const body = res.json()
      expect(body.linked).toBe(true)
      expect(body.session.house.label).toBe(demoOwnerCredentials(60).label)
      const me = await t.app.inject({ method: 'GET', url: '/api/owner/me', headers: bearer(body.session.sessionToken) })
      expect(me.statusCode).toBe(200)
      const none = await t.app.inject({ method: 'POST', url: '/api/owner/wx-login', payload: { code: 'sandbox-someone-else' } })
      expect(none.json()).toEqual({ linked: false })
    })

    test('an invalid code answers 401 WX_LOGIN_FAILED and a verify with it changes nothing', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/owner/wx-login', payload: { code: 'not-a-sandbox-code' } })
      expect(res.statusCode).toBe(401)
      expect(res.json().error.code).toBe('WX_LOGIN_FAILED')
      const c = demoOwnerCredentials(61)
      const v = await verifyReq({ token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail, wxCode: 'bogus' }, 'c-wx-bad')
      expect(v.statusCode).toBe(401)
      expect(v.json().error.code).toBe('WX_LOGIN_FAILED')
      const kase = await t.db.handle.db.selectFrom('move_in_cases as mc').innerJoin('houses as h', 'h.id', 'mc.house_id').select('mc.id').where('h.invite_token', '=', c.token).executeTakeFirst()
      expect(kase).toBeUndefined()
    })
  })

  describe('sessions', () => {
    test('logout ends the session', async () => {
      const s = await verifyAs(t, 62)
      const out = await t.app.inject({ method: 'POST', url: '/api/owner/logout', headers: bearer(s.sessionToken) })
      expect(out.statusCode).toBe(200)
      expect(out.json()).toEqual({ ok: true })
      const me = await t.app.inject({ method: 'GET', url: '/api/owner/me', headers: bearer(s.sessionToken) })
      expect(me.statusCode).toBe(401)
      expect(me.json().error.code).toBe('UNAUTHORIZED')
    })

    test('a session expires after 30 days', async () => {
      const s = await verifyAs(t, 63)
      t.clock.advance(30 * 24 * 60 * MIN - 1000)
      expect((await t.app.inject({ method: 'GET', url: '/api/owner/me', headers: bearer(s.sessionToken) })).statusCode).toBe(200)
      t.clock.advance(1000)
      const res = await t.app.inject({ method: 'GET', url: '/api/owner/me', headers: bearer(s.sessionToken) })
      expect(res.statusCode).toBe(401)
      expect(res.json().error.code).toBe('SESSION_EXPIRED')
    })

    test('owner routes without a token, with a malformed or unknown token answer 401', async () => {
      for (const headers of [{}, { authorization: 'Bearer' }, { authorization: 'Basic abc' }, bearer('x'.repeat(43)), bearer('短')]) {
        const res = await t.app.inject({ method: 'GET', url: '/api/owner/progress', headers })
        expect(res.statusCode).toBe(401)
        expect(res.json().error.code).toBe('UNAUTHORIZED')
      }
    })
  })

  test('no full ID number appears in any response or log line', async () => {
    // every verified house of this file, plus a delegate ID
    const ids = [2, 3, 4, 10, 30, 60, 62, 63].map(demoOwnerIdNumber)
    const delegateId = makeIdNumber()
    const s = await verifyAs(t, 64, { delegate: { name: '钱委托', idNumber: makeIdNumber('44030519851010123') } })
    const bodies: string[] = []
    for (const url of ['/api/owner/me', '/api/owner/progress']) {
      bodies.push((await t.app.inject({ method: 'GET', url, headers: bearer(s.sessionToken) })).body)
    }
    const logText = t.logs.join('\n')
    expect(t.logs.length).toBeGreaterThan(10)
    for (const id of [...ids, delegateId, makeIdNumber('44030519851010123'), demoOwnerIdNumber(64)]) {
      for (const text of [logText, ...bodies]) {
        expect(text).not.toContain(id)
        expect(text).not.toContain(id.slice(0, 14)) // the ID without its tail
      }
    }
    // and bearer tokens are redacted from the request logs
    expect(logText).not.toContain(s.sessionToken)
  })
})

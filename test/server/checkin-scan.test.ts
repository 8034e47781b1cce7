/*
 * Check-in by scanning (issue 12 item 2): the QR of the code, the short code of digits read
 * aloud (unique per community and day), the house + last 4 ID characters, the guessing limits
 * of both typed ways and the audited registered name.
 */
import crypto from 'node:crypto'
import { PNG } from 'pngjs'
import jsQR from 'jsqr'
import { bearer, createTestApp, dialects, rejectionOf, staffLogin, type TestApp } from './harness'
import { ownerWithReservation } from './checkin-fixtures'
import { demoOwnerCredentials, demoOwnerIdNumber } from '../../server/src/seed/demo'
import { shortCodeFor, STAFF_GUESS_MAX_FAILURES, HOUSE_GUESS_MAX_FAILURES } from '../../server/src/modules/checkin/service'

const DAY = '2026-03-04'

function decodeQr(dataUrl: string): string | null {
  expect(dataUrl.startsWith('data:image/png;base64,')).toBe(true)
  const png = PNG.sync.read(Buffer.from(dataUrl.slice('data:image/png;base64,'.length), 'base64'))
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null
}

describe.each(dialects())('check-in by scan, short code and house + ID tail (%s)', (dialect) => {
  let t: TestApp
  let reception: string
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  beforeEach(async () => {
    t.clock.set('2026-03-04T02:00:00.000Z') // 10:00 in Shanghai
    reception = await staffLogin(t, 'reception')
  })
  afterEach(() => jest.restoreAllMocks())
  afterAll(async () => t.close())

  const codeOf = async (token: string) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/owner/checkin-code', headers: bearer(token) })
    expect(res.statusCode).toBe(200)
    return res.json() as { code: string; shortCode: string; qr: string }
  }
  const byCode = (code: string, token = reception, ip = '10.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/staff/checkins', headers: bearer(token), remoteAddress: ip, payload: { code } })
  const byHouse = (house: string, idLast4: string, token = reception, ip = '10.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/staff/checkins/by-house', headers: bearer(token), remoteAddress: ip, payload: { house, idLast4 } })

  test('the QR image decodes to the code reception accepts; the short code is 6 digits and stays the same all day', async () => {
    const o = await ownerWithReservation(t, 60, DAY)
    const c = await codeOf(o.token)
    expect(decodeQr(c.qr)).toBe(c.code)
    expect(c.shortCode).toMatch(/^\d{6}$/)
    expect((await codeOf(o.token)).shortCode).toBe(c.shortCode)
    const ok = await byCode(c.code)
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ caseId: o.caseId, created: true, houseLabel: o.label })
  })

  test('short codes are unique inside the community day: a drawn code already taken is drawn again; another day may reuse it', async () => {
    const a = await ownerWithReservation(t, 61, DAY)
    const b = await ownerWithReservation(t, 62, DAY)
    const taken = (await codeOf(a.token)).shortCode
    const other = taken === '000001' ? '000002' : '000001'
    const spy = jest.spyOn(crypto, 'randomInt') as unknown as jest.SpyInstance<number, [number, number]>
    spy.mockReturnValueOnce(Number(taken)).mockReturnValueOnce(Number(other))
    expect((await codeOf(b.token)).shortCode).toBe(other)
    expect(spy).toHaveBeenCalledTimes(2)
    // the constraint itself refuses a second owner with the same code that day
    const house = await t.db.handle.db.selectFrom('houses').select('community_id').where('id', '=', a.houseId).executeTakeFirstOrThrow()
    // the stored row of the first owner, duplicated as it is (community, day, code) for another case
    const row = await t.db.handle.db.selectFrom('checkin_short_codes').selectAll().where('case_id', '=', a.caseId).executeTakeFirstOrThrow()
    expect(row.code).toBe(taken)
    expect(
      await rejectionOf(
        t.db.handle.db
          .insertInto('checkin_short_codes')
          .values({ community_id: row.community_id, date: row.date, code: row.code, case_id: b.caseId + 100000, created_at: 'x' })
          .execute()
      )
    ).toMatch(/checkin_short_codes(\.code\b|_code_uq)/)
    // the next day the same digits may name someone else
    spy.mockReturnValueOnce(Number(taken))
    expect(await shortCodeFor(t.db.handle.db, Number(house.community_id), b.caseId, '2026-03-05', t.clock.now())).toBe(taken)
  })

  test('reception checks in by the short code and sees the registered name in full, audited; an unknown code is 404', async () => {
    const o = await ownerWithReservation(t, 63, DAY)
    const c = await codeOf(o.token)
    const miss = await byCode(c.shortCode === '999999' ? '999998' : '999999')
    expect(miss.statusCode).toBe(404)
    expect(miss.json().error.code).toBe('CHECKIN_SHORT_CODE_NOT_FOUND')
    const ok = await byCode(c.shortCode)
    expect(ok.statusCode).toBe(200)
    const name = demoOwnerCredentials(63).ownerName
    expect(ok.json()).toMatchObject({ caseId: o.caseId, registeredName: name, created: true })
    expect(ok.json().ownerName).not.toBe(name)
    const audits = await t.db.handle.db
      .selectFrom('audit_log')
      .select(['action', 'detail', 'actor_type'])
      .where('target', '=', `case:${o.caseId}`)
      .where('action', '=', 'checkin.view_registered_name')
      .execute()
    expect(audits).toEqual([expect.objectContaining({ actor_type: 'staff', detail: expect.stringContaining('数字签到码') })])
    // yesterday's short code is not today's
    t.clock.set('2026-03-04T16:00:00.000Z')
    reception = await staffLogin(t, 'reception')
    expect((await byCode(c.shortCode)).statusCode).toBe(404)
  })

  test('house + last 4 ID characters checks in; a wrong tail is 401, an unknown house 404; the number is never logged', async () => {
    const o = await ownerWithReservation(t, 64, DAY)
    const id = demoOwnerIdNumber(64)
    const wrong = id.slice(-4) === '0000' ? '1111' : '0000'
    const bad = await byHouse(o.label, wrong)
    expect(bad.statusCode).toBe(401)
    expect(bad.json().error.code).toBe('CHECKIN_ID_MISMATCH')
    expect((await byHouse('99栋9单元9999', '1234')).json().error.code).toBe('HOUSE_NOT_FOUND')
    const ok = await byHouse(` ${o.label.slice(0, 2)} ${o.label.slice(2)} `, id.slice(-4).toLowerCase())
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ caseId: o.caseId, registeredName: demoOwnerCredentials(64).ownerName })
    const logged = await t.db.handle.db.selectFrom('audit_log').select('detail').execute()
    expect(logged.some((l) => l.detail.includes(id))).toBe(false)
    // the body is validated: 5 characters are refused before any lookup
    expect((await byHouse(o.label, '12345')).statusCode).toBe(400)
  })

  test('guessing one house tail is limited per house: after 5 wrong tails even the right one is refused (429), also from another desk', async () => {
    const o = await ownerWithReservation(t, 65, DAY)
    const id = demoOwnerIdNumber(65)
    const wrong = id.slice(-4) === '0000' ? '1111' : '0000'
    for (let i = 0; i < HOUSE_GUESS_MAX_FAILURES; i++) expect((await byHouse(o.label, wrong, reception, `10.1.0.${i}`)).statusCode).toBe(401)
    const manager = await staffLogin(t, 'manager')
    const limited = await byHouse(o.label, id.slice(-4), manager, '10.2.0.1')
    expect(limited.statusCode).toBe(429)
    expect(limited.json().error.code).toBe('RATE_LIMITED')
    // the window passes: the right tail works again
    t.clock.advance(16 * 60_000)
    const m2 = await staffLogin(t, 'manager')
    expect((await byHouse(o.label, id.slice(-4), m2, '10.2.0.1')).statusCode).toBe(200)
  })

  test('guessing short codes is limited per staff member and per client; a right code does not count', async () => {
    // a day later: the earlier tests' misses have left the window
    t.clock.set('2026-03-05T02:00:00.000Z')
    reception = await staffLogin(t, 'reception')
    const o = await ownerWithReservation(t, 66, '2026-03-05')
    const c = await codeOf(o.token)
    const wrongCode = (n: number) => {
      const x = String(100000 + n)
      return x === c.shortCode ? String(200000 + n) : x
    }
    for (let i = 0; i < STAFF_GUESS_MAX_FAILURES; i++) expect((await byCode(wrongCode(i), reception, `10.3.0.${i}`)).statusCode).toBe(404)
    const limited = await byCode(c.shortCode, reception, '10.4.0.1')
    expect(limited.statusCode).toBe(429)
    // another member at another desk is not limited by that one's guesses...
    const manager = await staffLogin(t, 'manager')
    expect((await byCode(c.shortCode, manager, '10.5.0.1')).statusCode).toBe(200)
    // ...but the same client address is, whoever signs in there
    for (let i = 0; i < STAFF_GUESS_MAX_FAILURES; i++) await byCode(wrongCode(50 + i), manager, '10.6.0.1')
    const m2 = await staffLogin(t, 'manager')
    const sameClient = await byCode(c.shortCode, m2, '10.6.0.1')
    expect(sameClient.statusCode).toBe(429)
  })
})

/*
 * The hall TV (issue 12 item 9): GET /api/staff/hall shows called numbers with their window,
 * the next five waiting and today's progress, with masked house labels and no names or ids.
 */
import { bearer, createTestApp, dialects, staffLogin, type TestApp } from './harness'
import { ownerWithReservation } from './checkin-fixtures'
import { maskedHallLabel } from '../../server/src/modules/checkin/service'

test('the hall label keeps the building, unit and the last two room characters', () => {
  expect(maskedHallLabel({ building: '1栋', unit: '2', room: '1201' })).toBe('1栋2单元**01')
  expect(maskedHallLabel({ building: '3栋', unit: '1', room: '101' })).toBe('3栋1单元**01')
  expect(maskedHallLabel({ building: 'A座', unit: '1', room: '5' })).toBe('A座1单元**5')
})

describe.each(dialects())('the hall screen (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => t.close())

  test('requires a staff sign-in; any staff role may read it', async () => {
    t.clock.set('2026-03-10T01:00:00.000Z')
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/hall' })).statusCode).toBe(401)
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/hall', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401)
    const owner = await ownerWithReservation(t, 90, '2026-03-10')
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/hall', headers: bearer(owner.token) })).statusCode).toBe(401)
    for (const role of ['reception', 'cashier', 'reviewer'] as const) {
      const res = await t.app.inject({ method: 'GET', url: '/api/staff/hall', headers: bearer(await staffLogin(t, role)) })
      expect(res.statusCode).toBe(200)
    }
  })

  test('called with windows (latest first), the next five in order, progress; masked labels, no names', async () => {
    t.clock.set('2026-03-11T01:00:00.000Z')
    const reception = await staffLogin(t, 'reception')
    const manager = await staffLogin(t, 'manager')
    const profile = (await t.app.inject({ method: 'GET', url: '/api/staff/setup/profile', headers: bearer(manager) })).json()
    await t.app.inject({ method: 'PUT', url: '/api/staff/setup/profile', headers: bearer(manager), payload: { ...profile, receptionWindows: 3 } })

    const owners = []
    for (let i = 0; i < 8; i++) {
      const o = await ownerWithReservation(t, 100 + i, '2026-03-11')
      expect((await t.app.inject({ method: 'POST', url: '/api/owner/checkin', headers: bearer(o.token) })).statusCode).toBe(200)
      owners.push(o)
    }
    const call = async (window: number) => {
      t.clock.advance(60_000)
      const r = await t.app.inject({ method: 'POST', url: '/api/staff/board/call-next', headers: bearer(reception), payload: { window } })
      expect(r.statusCode).toBe(200)
      return r.json().called
    }
    const first = await call(1)
    const second = await call(3)
    const third = await call(2)
    const fin = await t.app.inject({ method: 'POST', url: `/api/staff/board/${first.id}/finish`, headers: bearer(reception) })
    expect(fin.statusCode).toBe(200)

    const res = await t.app.inject({ method: 'GET', url: '/api/staff/hall', headers: bearer(reception) })
    expect(res.statusCode).toBe(200)
    const h = res.json()
    expect(h.date).toBe('2026-03-11')
    expect(h.called.map((c: { queueNo: number; windowNo: number }) => [c.queueNo, c.windowNo])).toEqual([
      [third.queueNo, 2],
      [second.queueNo, 3]
    ])
    for (const c of h.called) expect(Object.keys(c).sort()).toEqual(['calledAt', 'houseLabel', 'queueNo', 'windowNo'])
    expect(h.next).toHaveLength(5)
    const nos = h.next.map((n: { queueNo: number }) => n.queueNo)
    expect(nos).toEqual([...nos].sort((a, b) => a - b))
    expect(nos).not.toContain(second.queueNo)
    for (const n of h.next) expect(Object.keys(n).sort()).toEqual(['houseLabel', 'queueNo'])
    expect(h.progress).toEqual({ checkedIn: 8, done: 1, waiting: 5 })

    // every label is masked: the full label of the called owners never appears
    const labels = [...h.called, ...h.next].map((x: { houseLabel: string }) => x.houseLabel)
    for (const l of labels) expect(l).toMatch(/单元\*{2,}[^*]{1,2}$/)
    const body = res.body
    for (const o of owners) expect(body).not.toContain(o.label)
    const names = await t.db.handle.db
      .selectFrom('move_in_cases as mc')
      .innerJoin('registered_owners as ro', 'ro.id', 'mc.owner_id')
      .select(['ro.name'])
      .where('mc.id', 'in', owners.map((o) => o.caseId))
      .execute()
    expect(names.length).toBeGreaterThan(0)
    for (const n of names) {
      expect(n.name.length).toBeGreaterThan(0)
      expect(body).not.toContain(n.name)
    }
    expect(body).not.toMatch(/caseId|"id"|ownerName/)
  })
})

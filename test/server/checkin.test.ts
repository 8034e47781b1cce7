import { bearer, createTestApp, dialects, staffLogin, type TestApp } from './harness'
import { ownerWithReservation } from './checkin-fixtures'
import { DEFAULT_SERVICE_MINUTES } from '../../server/src/modules/checkin/service'

const DAY = '2026-03-03'

describe.each(dialects())('check-in, queue and day board (%s)', (dialect) => {
  let t: TestApp
  let reception: string
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  // staff sessions last 12 hours: log in again after moving the clock
  beforeEach(async () => {
    reception = await staffLogin(t, 'reception')
  })
  afterAll(async () => t.close())

  const checkin = (token: string) => t.app.inject({ method: 'POST', url: '/api/owner/checkin', headers: bearer(token) })
  const status = (token: string) => t.app.inject({ method: 'GET', url: '/api/owner/checkin', headers: bearer(token) })

  test('the guard follows the Shanghai calendar: the evening before is refused, one second after midnight is allowed', async () => {
    const o = await ownerWithReservation(t, 40, DAY)
    t.clock.set('2026-03-02T15:59:59.000Z') // 23:59:59 on 3月2日 in Shanghai
    const early = await checkin(o.token)
    expect(early.statusCode).toBe(409)
    expect(early.json().error).toEqual({ code: 'STAGE_LOCKED', message: expect.stringContaining('3月3日') })
    const view = (await status(o.token)).json()
    expect(view.canCheckIn).toBe(false)
    expect(view.checkin).toBeNull()

    t.clock.set('2026-03-02T16:00:01.000Z') // 00:00:01 on 3月3日
    const ok = await checkin(o.token)
    expect(ok.statusCode).toBe(200)
    expect(ok.json().checkin).toMatchObject({ date: DAY, queueNo: 1, status: 'waiting' })
  })

  test('a reservation of yesterday cannot be checked in', async () => {
    const o = await ownerWithReservation(t, 41, '2026-03-02')
    t.clock.set('2026-03-02T16:30:00.000Z') // 3月3日 00:30 in Shanghai
    const res = await checkin(o.token)
    expect(res.statusCode).toBe(409)
    expect(res.json().error.message).toContain('已过')
  })

  test('a second tap returns the same number; numbers follow arrival; ahead counts the waiting numbers before mine', async () => {
    t.clock.set('2026-03-03T01:00:00.000Z')
    const a = await ownerWithReservation(t, 42, DAY)
    const b = await ownerWithReservation(t, 43, DAY)
    const first = (await checkin(a.token)).json().checkin.queueNo
    const again = await checkin(a.token)
    expect(again.statusCode).toBe(200)
    expect(again.json().checkin.queueNo).toBe(first)
    t.clock.advance(60_000)
    const second = (await checkin(b.token)).json()
    expect(second.checkin.queueNo).toBe(first + 1)
    // numbers 1 (house 40) and `first` are waiting before b
    expect(second.ahead).toBe(first)
    expect(second.estimatedWaitMinutes).toBe(first * second.serviceMinutes)
    const rows = await t.db.handle.db.selectFrom('checkins').select('id').where('case_id', '=', a.caseId).execute()
    expect(rows).toHaveLength(1)
  })

  test('the same owner tapping twice at once gets one number', async () => {
    t.clock.set('2026-03-03T01:10:00.000Z')
    const o = await ownerWithReservation(t, 44, DAY)
    const results = await Promise.all([checkin(o.token), checkin(o.token), checkin(o.token)])
    const numbers = new Set(results.map((r) => r.json().checkin.queueNo))
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200])
    expect(numbers.size).toBe(1)
    const counter = await t.db.handle.db.selectFrom('queue_counters').select('last_no').executeTakeFirstOrThrow()
    expect(Number(counter.last_no)).toBe([...numbers][0])
  })

  test('call-next serves the lowest waiting number; finishing feeds the estimated wait', async () => {
    t.clock.set('2026-03-03T02:00:00.000Z')
    reception = await staffLogin(t, 'reception')
    const board0 = (await t.app.inject({ method: 'GET', url: '/api/staff/board', headers: bearer(reception) })).json()
    const waiting = board0.queue.filter((q: { status: string }) => q.status === 'waiting')
    expect(waiting.length).toBeGreaterThanOrEqual(3)
    const call = await t.app.inject({ method: 'POST', url: '/api/staff/board/call-next', headers: bearer(reception) })
    expect(call.statusCode).toBe(200)
    const called = call.json().called
    expect(called.queueNo).toBe(Math.min(...waiting.map((w: { queueNo: number }) => w.queueNo)))
    expect(called.status).toBe('called')
    expect(called.calledBy).toBe('前台 林晓')

    t.clock.advance(4 * 60_000)
    const fin = await t.app.inject({ method: 'POST', url: `/api/staff/board/${called.id}/finish`, headers: bearer(reception) })
    expect(fin.statusCode).toBe(200)
    const twice = await t.app.inject({ method: 'POST', url: `/api/staff/board/${called.id}/finish`, headers: bearer(reception) })
    expect(twice.json().error.code).toBe('CHECKIN_ALREADY_FINISHED')
    const notCalled = waiting.find((w: { id: number }) => w.id !== called.id)
    const early = await t.app.inject({ method: 'POST', url: `/api/staff/board/${notCalled.id}/finish`, headers: bearer(reception) })
    expect(early.json().error.code).toBe('CHECKIN_NOT_CALLED')

    const board = (await t.app.inject({ method: 'GET', url: `/api/staff/board?date=${DAY}`, headers: bearer(reception) })).json()
    // one finished service does not replace the default yet (the estimate is smoothed)
    expect(board.serviceMinutes).toBe(DEFAULT_SERVICE_MINUTES)
    expect(board.counts.finished).toBe(1)
    const slot = board.slots.find((s: { start: string; reservations: unknown[] }) => s.start === '09:00' && s.reservations.length > 0)
    expect(slot.reservations[0].ownerName).toMatch(/\*/)
  })

  test('a wait over 30 minutes is flagged on the board', async () => {
    t.clock.advance(31 * 60_000)
    const board = (await t.app.inject({ method: 'GET', url: '/api/staff/board', headers: bearer(reception) })).json()
    const waiting = board.queue.filter((q: { status: string }) => q.status === 'waiting')
    expect(waiting.every((q: { longWait: boolean; waitingMinutes: number }) => q.longWait && q.waitingMinutes > 30)).toBe(true)
    expect(board.counts.longWaits).toBe(waiting.length)
  })

  test('reception checks an owner in with the code of the day; a forged or stale code is refused', async () => {
    t.clock.set('2026-03-03T03:00:00.000Z')
    reception = await staffLogin(t, 'reception')
    const o = await ownerWithReservation(t, 45, DAY)
    const codeRes = await t.app.inject({ method: 'GET', url: '/api/owner/checkin-code', headers: bearer(o.token) })
    expect(codeRes.statusCode).toBe(200)
    const { code, expiresAt } = codeRes.json()
    expect(code.length).toBeLessThanOrEqual(32)
    expect(expiresAt).toBe('2026-03-03T16:00:00.000Z')
    const forged = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A')
    const bad = await t.app.inject({ method: 'POST', url: '/api/staff/checkins', headers: bearer(reception), payload: { code: forged } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('CHECKIN_CODE_INVALID')
    const ok = await t.app.inject({ method: 'POST', url: '/api/staff/checkins', headers: bearer(reception), payload: { code } })
    expect(ok.statusCode).toBe(200)
    expect(ok.json()).toMatchObject({ caseId: o.caseId, created: true, houseLabel: o.label })
    const mine = (await status(o.token)).json()
    expect(mine.checkin.queueNo).toBe(ok.json().queueNo)
    const again = await t.app.inject({ method: 'POST', url: '/api/staff/checkins', headers: bearer(reception), payload: { code } })
    expect(again.json()).toMatchObject({ created: false, queueNo: ok.json().queueNo })

    t.clock.set('2026-03-03T16:00:00.000Z') // the next day in Shanghai
    reception = await staffLogin(t, 'reception')
    const stale = await t.app.inject({ method: 'POST', url: '/api/staff/checkins', headers: bearer(reception), payload: { code } })
    expect(stale.json().error.code).toBe('CHECKIN_CODE_INVALID')
  })

  test('only board roles see the board; an owner token is refused', async () => {
    const cashier = await staffLogin(t, 'cashier')
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/board', headers: bearer(cashier) })).statusCode).toBe(403)
    const inspector = await staffLogin(t, 'inspector')
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/board', headers: bearer(inspector) })).statusCode).toBe(200)
    const o = await ownerWithReservation(t, 46, DAY)
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/board', headers: bearer(o.token) })).statusCode).toBe(401)
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/board?date=03-03', headers: bearer(reception) })).statusCode).toBe(400)
  })
})

describe.each(dialects())('call-next race (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => t.close())

  test('many staff calling at once never get the same owner', async () => {
    t.clock.set('2026-03-03T01:00:00.000Z')
    const owners = []
    for (let i = 0; i < 6; i++) owners.push(await ownerWithReservation(t, 50 + i, DAY))
    for (const o of owners) {
      const r = await t.app.inject({ method: 'POST', url: '/api/owner/checkin', headers: bearer(o.token) })
      expect(r.statusCode).toBe(200)
    }
    const staff = [await staffLogin(t, 'reception'), await staffLogin(t, 'manager'), await staffLogin(t, 'inspector')]
    const calls = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.app.inject({ method: 'POST', url: '/api/staff/board/call-next', headers: bearer(staff[i % 3]) }))
    )
    expect(calls.every((c) => c.statusCode === 200)).toBe(true)
    const called = calls.map((c) => c.json().called).filter(Boolean)
    expect(called).toHaveLength(6)
    expect(new Set(called.map((c: { id: number }) => c.id)).size).toBe(6)
    expect(new Set(called.map((c: { queueNo: number }) => c.queueNo))).toEqual(new Set([1, 2, 3, 4, 5, 6]))
  })
})

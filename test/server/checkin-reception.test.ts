/*
 * Reception (issue 12 item 8): windows configured per community and named in the call, the
 * smoothed wait estimate (a default until a few services are done; 0 when the owner is next),
 * 交钥匙 offered by the keys guard on the board.
 */
import { bearer, createTestApp, dialects, staffLogin, type TestApp } from './harness'
import { agreementsSigned, feesSettled, inspectionSigned, ownerWithReservation, setPolicy, signaturePng } from './checkin-fixtures'
import { DEFAULT_SERVICE_MINUTES, MIN_SERVICE_SAMPLES, waitEstimate } from '../../server/src/modules/checkin/service'

const DAY = '2026-03-06'

test('the wait estimate: people ahead share the windows; nobody ahead is 0 (下一位就是您)', () => {
  expect(waitEstimate(0, 3, 10)).toBe(0)
  expect(waitEstimate(1, 3, 10)).toBe(10)
  expect(waitEstimate(4, 3, 10)).toBe(20)
  expect(waitEstimate(4, 1, 7)).toBe(28)
})

describe.each(dialects())('reception windows, estimate and the keys guard (%s)', (dialect) => {
  let t: TestApp
  let reception: string
  let manager: string
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  beforeEach(async () => {
    reception = await staffLogin(t, 'reception')
    manager = await staffLogin(t, 'manager')
  })
  afterAll(async () => t.close())

  const checkin = (token: string) => t.app.inject({ method: 'POST', url: '/api/owner/checkin', headers: bearer(token) })
  const status = async (token: string) => (await t.app.inject({ method: 'GET', url: '/api/owner/checkin', headers: bearer(token) })).json()
  const callNext = (body?: object) =>
    t.app.inject({ method: 'POST', url: '/api/staff/board/call-next', headers: bearer(reception), ...(body ? { payload: body } : {}) })
  const board = async () => (await t.app.inject({ method: 'GET', url: '/api/staff/board', headers: bearer(reception) })).json()

  test('the manager sets the windows in the profile; a call to a window beyond them is refused; the owner sees the window', async () => {
    t.clock.set('2026-03-06T01:00:00.000Z')
    reception = await staffLogin(t, 'reception')
    manager = await staffLogin(t, 'manager')
    const profile = (await t.app.inject({ method: 'GET', url: '/api/staff/setup/profile', headers: bearer(manager) })).json()
    expect(profile.receptionWindows).toBe(1)
    const put = await t.app.inject({ method: 'PUT', url: '/api/staff/setup/profile', headers: bearer(manager), payload: { ...profile, receptionWindows: 3 } })
    expect(put.statusCode).toBe(200)
    expect(put.json().receptionWindows).toBe(3)
    // a profile saved without the field keeps the windows
    const { receptionWindows: _omit, ...rest } = put.json()
    expect((await t.app.inject({ method: 'PUT', url: '/api/staff/setup/profile', headers: bearer(manager), payload: rest })).json().receptionWindows).toBe(3)
    expect((await t.app.inject({ method: 'PUT', url: '/api/staff/setup/profile', headers: bearer(manager), payload: { ...rest, receptionWindows: 0 } })).statusCode).toBe(400)
    expect((await board()).windows).toBe(3)

    const a = await ownerWithReservation(t, 70, DAY)
    const b = await ownerWithReservation(t, 71, DAY)
    await checkin(a.token)
    await checkin(b.token)
    const tooFar = await callNext({ window: 4 })
    expect(tooFar.statusCode).toBe(400)
    expect(tooFar.json().error.message).toContain('3 个窗口')
    expect((await callNext({ window: 'x' })).statusCode).toBe(400)
    const called = await callNext({ window: 3 })
    expect(called.statusCode).toBe(200)
    expect(called.json().called.windowNo).toBe(3)
    const mine = called.json().called.caseId === a.caseId ? a : b
    expect((await status(mine.token)).checkin).toMatchObject({ status: 'called', windowNo: 3 })
    // no body: window 1 (older clients)
    const plain = await callNext()
    expect(plain.json().called.windowNo).toBe(1)
  })

  test(`the service minutes stay the default until ${MIN_SERVICE_SAMPLES} services are done, then follow their median; the next owner waits 0`, async () => {
    t.clock.set('2026-03-07T01:00:00.000Z')
    reception = await staffLogin(t, 'reception')
    const owners = []
    for (let i = 0; i < 6; i++) {
      const o = await ownerWithReservation(t, 72 + i, '2026-03-07')
      await checkin(o.token)
      owners.push(o)
    }
    const serve = async (minutes: number) => {
      const c = (await callNext({ window: 1 })).json().called
      t.clock.advance(minutes * 60_000)
      expect((await t.app.inject({ method: 'POST', url: `/api/staff/board/${c.id}/finish`, headers: bearer(reception) })).statusCode).toBe(200)
    }
    await serve(2)
    await serve(2)
    expect((await board()).serviceMinutes).toBe(DEFAULT_SERVICE_MINUTES)
    await serve(5)
    expect((await board()).serviceMinutes).toBe(2)
    // 3 windows (set in the previous test): the last owner has 2 ahead → one round
    const last = await status(owners[5].token)
    expect(last.ahead).toBe(2)
    expect(last.estimatedWaitMinutes).toBe(2)
    const next = await status(owners[3].token)
    expect(next.ahead).toBe(0)
    expect(next.estimatedWaitMinutes).toBe(0)
  })

  test('交钥匙 follows the keys guard: blocked with the reasons until inspection, fees and agreements are done', async () => {
    t.clock.set('2026-03-08T01:00:00.000Z')
    reception = await staffLogin(t, 'reception')
    await setPolicy(t, { fees: true, agreements: true })
    const o = await ownerWithReservation(t, 80, '2026-03-08')
    await checkin(o.token)
    const waiting = (await board()).queue.find((q: { caseId: number }) => q.caseId === o.caseId)
    expect(waiting).toMatchObject({ status: 'waiting', keysReady: false })
    await callNext({ window: 1 })
    const blocked = (await board()).queue.find((q: { caseId: number }) => q.caseId === o.caseId)
    expect(blocked.keysReady).toBe(false)
    expect(blocked.keysReasons.length).toBeGreaterThan(0)
    await inspectionSigned(t, o.caseId)
    await feesSettled(t, o.caseId)
    await agreementsSigned(t, o.caseId)
    const ready = (await board()).queue.find((q: { caseId: number }) => q.caseId === o.caseId)
    expect(ready).toMatchObject({ keysReady: true, keysReasons: [], keysHandedOver: false })
    // handed over: the board says so (found for the whole board in one query) and offers it no more
    const handed = await t.app.inject({
      method: 'POST',
      url: `/api/staff/keys/${o.caseId}`,
      headers: bearer(reception),
      payload: { keys: [{ code: 'door_key', count: 3 }], ownerSignaturePng: signaturePng(1), staffSignaturePng: signaturePng(2), ownerConfirmedHouse: true }
    })
    expect(handed.statusCode).toBe(200)
    const done = (await board()).queue.find((q: { caseId: number }) => q.caseId === o.caseId)
    expect(done).toMatchObject({ keysReady: false, keysHandedOver: true })
  })
})

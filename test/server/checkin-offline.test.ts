/*
 * Reception check-ins queued offline (issue 12 item 1): the phone sends each queued check-in
 * with the idempotency key it made once. A retry after a lost answer is the same check-in
 * (same number, created: true, no second guess counted), also after midnight; a key reused for
 * another case or from another community is IDEMPOTENCY_CONFLICT; a second check-in of a case
 * that had checked in already stays created: false (edge case 5 of checkin/service.ts).
 */
import crypto from 'node:crypto'
import { bearer, createTestApp, dialects, staffLogin, type TestApp } from './harness'
import { ownerWithReservation } from './checkin-fixtures'
import { demoOwnerIdNumber } from '../../server/src/seed/demo'
import { STAFF_GUESS_MAX_FAILURES } from '../../server/src/modules/checkin/service'

const DAY = '2026-03-05'
const uuid = () => crypto.randomUUID()

describe.each(dialects())('reception check-ins retried with their idempotency key (%s)', (dialect) => {
  let t: TestApp
  let reception: string
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  beforeEach(async () => {
    t.clock.set('2026-03-05T02:00:00.000Z') // 10:00 in Shanghai
    reception = await staffLogin(t, 'reception')
  })
  afterAll(async () => t.close())

  const shortCodeOf = async (token: string) => {
    const res = await t.app.inject({ method: 'GET', url: '/api/owner/checkin-code', headers: bearer(token) })
    expect(res.statusCode).toBe(200)
    return res.json() as { code: string; shortCode: string }
  }
  const byCode = (code: string, idempotencyKey?: string, token = reception) =>
    t.app.inject({ method: 'POST', url: '/api/staff/checkins', headers: bearer(token), payload: { code, ...(idempotencyKey ? { idempotencyKey } : {}) } })
  const byHouse = (house: string, idLast4: string, idempotencyKey?: string) =>
    t.app.inject({ method: 'POST', url: '/api/staff/checkins/by-house', headers: bearer(reception), payload: { house, idLast4, ...(idempotencyKey ? { idempotencyKey } : {}) } })
  const rowsOf = async (caseId: number) => t.db.handle.db.selectFrom('checkins').select(['id', 'queue_no', 'idempotency_key']).where('case_id', '=', caseId).execute()
  const counter = async () =>
    Number((await t.db.handle.db.selectFrom('queue_counters').select('last_no').where('date', '=', DAY).executeTakeFirst())?.last_no ?? 0)

  test('a short-code check-in retried with its key answers the first one (same number, created: true); one row, no number taken again', async () => {
    const o = await ownerWithReservation(t, 80, DAY)
    const { shortCode } = await shortCodeOf(o.token)
    const key = uuid()
    const first = await byCode(shortCode, key)
    expect(first.statusCode).toBe(200)
    expect(first.json()).toMatchObject({ caseId: o.caseId, created: true })
    const taken = await counter()
    const again = await byCode(` ${shortCode} `, key)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual(first.json())
    expect(await counter()).toBe(taken)
    const rows = await rowsOf(o.caseId)
    expect(rows).toHaveLength(1)
    expect(rows[0].idempotency_key).toBe(key)
    // without the key the same case is a second check-in: the same number, created: false
    const plain = await byCode(shortCode)
    expect(plain.json()).toMatchObject({ checkinId: first.json().checkinId, queueNo: first.json().queueNo, created: false })
  })

  test('a house + ID tail check-in retried with its key after midnight still answers it; the retry audits the name view', async () => {
    const o = await ownerWithReservation(t, 81, DAY)
    const tail = demoOwnerIdNumber(81).slice(-4)
    const key = uuid()
    const first = await byHouse(o.label, tail, key)
    expect(first.json()).toMatchObject({ caseId: o.caseId, created: true })
    const views = async () =>
      (await t.db.handle.db.selectFrom('audit_log').select('id').where('action', '=', 'checkin.view_registered_name').where('target', '=', `case:${o.caseId}`).execute()).length
    const before = await views()
    t.clock.set('2026-03-05T16:05:00.000Z') // 00:05 the next day in Shanghai
    reception = await staffLogin(t, 'reception')
    const late = await byHouse(o.label, tail, key)
    expect(late.statusCode).toBe(200)
    expect(late.json()).toEqual(first.json())
    expect(await views()).toBe(before + 1)
    expect(await rowsOf(o.caseId)).toHaveLength(1)
  })

  test('a QR-code check-in retried with its key answers it; the key with another owner\'s code is a conflict, not a check-in', async () => {
    const a = await ownerWithReservation(t, 82, DAY)
    const b = await ownerWithReservation(t, 83, DAY)
    const codeA = (await shortCodeOf(a.token)).code
    const codeB = await shortCodeOf(b.token)
    const key = uuid()
    const first = await byCode(codeA, key)
    expect(first.json()).toMatchObject({ caseId: a.caseId, created: true })
    expect((await byCode(codeA, key)).json()).toEqual(first.json())
    for (const other of [codeB.code, codeB.shortCode]) {
      const reused = await byCode(other, key)
      expect(reused.statusCode).toBe(409)
      expect(reused.json().error.code).toBe('IDEMPOTENCY_CONFLICT')
    }
    const wrongTail = await byHouse(a.label, demoOwnerIdNumber(82).slice(-4) === '0000' ? '1111' : '0000', key)
    expect(wrongTail.statusCode).toBe(409)
    expect(await rowsOf(b.caseId)).toHaveLength(0)
  })

  test('a key of a case that had already checked in is not stored: its retry is created: false again', async () => {
    const o = await ownerWithReservation(t, 84, DAY)
    expect((await t.app.inject({ method: 'POST', url: '/api/owner/checkin', headers: bearer(o.token) })).statusCode).toBe(200)
    const { shortCode } = await shortCodeOf(o.token)
    const key = uuid()
    const first = await byCode(shortCode, key)
    expect(first.json()).toMatchObject({ caseId: o.caseId, created: false })
    expect((await byCode(shortCode, key)).json()).toMatchObject({ checkinId: first.json().checkinId, created: false })
    const rows = await rowsOf(o.caseId)
    expect(rows).toHaveLength(1)
    expect(rows[0].idempotency_key).toBeNull()
  })

  test("another community's reception cannot use a key: conflict, and the check-in is not shown", async () => {
    const o = await ownerWithReservation(t, 86, DAY)
    const { shortCode } = await shortCodeOf(o.token)
    const key = uuid()
    expect((await byCode(shortCode, key)).statusCode).toBe(200)
    const db = t.db.handle.db
    const other = await db
      .insertInto('communities')
      .values({ name: '别的小区', created_at: t.clock.now().toISOString() } as never)
      .returning('id')
      .executeTakeFirstOrThrow()
    await db.updateTable('staff_users').set({ community_id: Number(other.id) }).where('username', '=', 'reception').execute()
    try {
      const token = await staffLogin(t, 'reception')
      const res = await byCode(shortCode, key, token)
      expect(res.statusCode).toBe(409)
      expect(res.body).not.toContain(o.label)
    } finally {
      const home = await db.selectFrom('houses').select('community_id').where('id', '=', o.houseId).executeTakeFirstOrThrow()
      await db.updateTable('staff_users').set({ community_id: home.community_id }).where('username', '=', 'reception').execute()
    }
  })

  test('a malformed key is refused by the schema', async () => {
    const o = await ownerWithReservation(t, 87, DAY)
    const { shortCode } = await shortCodeOf(o.token)
    expect((await byCode(shortCode, 'not-a-uuid')).statusCode).toBe(400)
    expect(await rowsOf(o.caseId)).toHaveLength(0)
  })

  test('a retried key is answered before the guess limit: after the limit is used up by wrong codes, the retry is still 200', async () => {
    const o = await ownerWithReservation(t, 85, DAY)
    const { shortCode } = await shortCodeOf(o.token)
    const key = uuid()
    const first = await byCode(shortCode, key)
    expect(first.statusCode).toBe(200)
    const wrong = shortCode === '999999' ? '999998' : '999999'
    for (let i = 0; i < STAFF_GUESS_MAX_FAILURES; i++) await byCode(wrong)
    expect((await byCode(shortCode)).statusCode).toBe(429)
    const retry = await byCode(shortCode, key)
    expect(retry.statusCode).toBe(200)
    expect(retry.json()).toEqual(first.json())
  })
})

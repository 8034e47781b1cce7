import { sql } from 'kysely'
import { demoHouses } from '../../server/src/seed/demo'
import { takeSeat } from '../../server/src/modules/reservations/repository'
import { bearer, createTestApp, dialects, staffLogin, verifyAs, type TestApp } from './harness'

/** Demo houses of the first batch (floors 1-8): 64 of them. */
const BATCH1 = demoHouses()
  .filter((h) => h.batch === '第一批')
  .map((h) => h.index)
const BATCH2 = demoHouses()
  .filter((h) => h.batch === '第二批')
  .map((h) => h.index)
const REQUIRED = ['owner_id_card', 'purchase_contract']

let keySeq = 0
const newKey = () => `k-${process.pid}-${++keySeq}-abcdef`

interface Owner {
  token: string
  houseId: number
  caseId: number
}

async function communityId(t: TestApp): Promise<number> {
  const c = await t.db.handle.db.selectFrom('communities').select('id').executeTakeFirstOrThrow()
  return Number(c.id)
}

async function makeSlot(t: TestApp, o: { capacity: number; date: string; start: string; batch?: string }): Promise<number> {
  const [h, m] = o.start.split(':').map(Number)
  const r = await t.db.handle.db
    .insertInto('slots')
    .values({
      community_id: await communityId(t),
      batch: o.batch ?? '第一批',
      date: o.date,
      start_time: o.start,
      end_time: `${String(h + 1).padStart(2, '0')}:${String(m).padStart(2, '0')}`,
      capacity: o.capacity,
      booked: 0
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

/** Sets a document status directly (the review flow is another module's test). */
async function setDocs(t: TestApp, caseId: number, status: 'approved' | 'submitted', codes = REQUIRED) {
  const at = t.clock.now().toISOString()
  for (const code of codes) {
    await t.db.handle.db
      .insertInto('document_submissions')
      .values({ case_id: caseId, item_code: code, status, reason: null, submitted_at: at, reviewed_by: null, reviewed_at: status === 'approved' ? at : null, updated_at: at })
      .onConflict((oc) => oc.columns(['case_id', 'item_code']).doUpdateSet({ status, updated_at: at }))
      .execute()
  }
}

/** A verified owner; with `ready`, every required document approved. */
async function owner(t: TestApp, index: number, ready = true): Promise<Owner> {
  const s = await verifyAs(t, index)
  const c = await t.db.handle.db.selectFrom('move_in_cases').select('id').where('house_id', '=', s.house.id).executeTakeFirstOrThrow()
  const o = { token: s.sessionToken, houseId: s.house.id, caseId: Number(c.id) }
  if (ready) await setDocs(t, o.caseId, 'approved')
  return o
}

const booked = async (t: TestApp, slotId: number) =>
  Number((await t.db.handle.db.selectFrom('slots').select('booked').where('id', '=', slotId).executeTakeFirstOrThrow()).booked)

const activeOn = async (t: TestApp, slotId: number) =>
  t.db.handle.db.selectFrom('reservations').select(['house_id']).where('slot_id', '=', slotId).where('status', '=', 'active').execute()

function api(t: TestApp) {
  return {
    reserve: (o: Owner, slotId: number, idempotencyKey = newKey()) =>
      t.app.inject({ method: 'POST', url: '/api/owner/reservation', headers: bearer(o.token), payload: { slotId, idempotencyKey } }),
    reschedule: (o: Owner, slotId: number, idempotencyKey = newKey()) =>
      t.app.inject({ method: 'PUT', url: '/api/owner/reservation', headers: bearer(o.token), payload: { slotId, idempotencyKey } }),
    cancel: (o: Owner) => t.app.inject({ method: 'DELETE', url: '/api/owner/reservation', headers: bearer(o.token), payload: {} }),
    current: (o: Owner) => t.app.inject({ method: 'GET', url: '/api/owner/reservation', headers: bearer(o.token) }),
    slots: (o: Owner, query = '') => t.app.inject({ method: 'GET', url: `/api/owner/slots${query}`, headers: bearer(o.token) }),
    stage: async (o: Owner, stage: string) => {
      const p = (await t.app.inject({ method: 'GET', url: '/api/owner/progress', headers: bearer(o.token) })).json()
      return p.stages.find((x: { stage: string }) => x.stage === stage).status as string
    }
  }
}

// The harness clock starts at 2026-03-02T02:00:00Z = 10:00 on 2 March in Shanghai; the demo
// community's cut-off is 24 hours, its seeded slots start on 3 March.
describe.each(dialects())('reservation lifecycle (%s)', (dialect) => {
  let t: TestApp
  let next = 0
  const nextOwner = (ready = true) => owner(t, BATCH1[next++], ready)
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => t.close())
  beforeEach(() => t.clock.set('2026-03-02T02:00:00.000Z'))

  test('the slot list holds only the house batch, per day, with remaining seats and the cut-off', async () => {
    const o = await nextOwner()
    const res = await api(t).slots(o)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ batch: '第一批', from: '2026-03-02', to: '2026-03-15', cutoffHours: 24, canReserve: true, blockers: [], currentSlotId: null })
    // seeded slots start tomorrow: today has none, so it is not listed
    expect(body.days[0].date).toBe('2026-03-03')
    expect(body.days).toHaveLength(13)
    const ids = body.days.flatMap((d: { slots: { id: number }[] }) => d.slots.map((s) => s.id))
    const rows = await t.db.handle.db.selectFrom('slots').select(['id', 'batch']).where('id', 'in', ids).execute()
    expect(new Set(rows.map((r) => r.batch))).toEqual(new Set(['第一批']))
    // 3 March 09:00 starts 23 hours from now: past the 24-hour cut-off
    expect(body.days[0].slots[0]).toMatchObject({ start: '09:00', end: '10:00', capacity: 6, remaining: 6, status: 'closed', deadline: '2026-03-02T01:00:00.000Z' })
    // 3 March 11:00 closes at 2 March 11:00 Shanghai = 03:00Z, still open
    expect(body.days[0].slots[2]).toMatchObject({ start: '11:00', status: 'open' })
  })

  test('the slot list says why a case may not reserve yet', async () => {
    const o = await nextOwner(false)
    await setDocs(t, o.caseId, 'submitted', ['owner_id_card'])
    const body = (await api(t).slots(o)).json()
    expect(body.canReserve).toBe(false)
    expect(body.blockers.join('；')).toContain('待上传：购房合同')
    expect(body.blockers.join('；')).toContain('审核中：业主身份证')
  })

  test('bad date ranges are refused with 400', async () => {
    const o = await nextOwner()
    expect((await api(t).slots(o, '?from=2026-03-10&to=2026-03-09')).json().error.code).toBe('BAD_REQUEST')
    expect((await api(t).slots(o, '?from=2026-03-01&to=2026-05-01')).statusCode).toBe(400)
    expect((await api(t).slots(o, '?from=2026-02-31')).json().error.code).toBe('VALIDATION_FAILED')
    expect((await api(t).slots(o, '?from=tomorrow')).statusCode).toBe(400)
    expect((await api(t).slots(o, '?date=2026-03-03')).statusCode).toBe(400)
  })

  test('reservation is refused while a required document is not approved', async () => {
    const o = await nextOwner(false)
    await setDocs(t, o.caseId, 'approved', ['owner_id_card'])
    await setDocs(t, o.caseId, 'submitted', ['purchase_contract'])
    const slot = await makeSlot(t, { capacity: 3, date: '2026-03-10', start: '09:00' })
    const res = await api(t).reserve(o, slot)
    expect(res.statusCode).toBe(409)
    expect(res.json().error.code).toBe('STAGE_LOCKED')
    expect(res.json().error.message).toContain('审核中：购房合同')
    expect(await booked(t, slot)).toBe(0)
  })

  test('a reservation takes one seat, moves the stage and answers the confirmation', async () => {
    const o = await nextOwner()
    const slot = await makeSlot(t, { capacity: 3, date: '2026-03-05', start: '14:00' })
    const res = await api(t).reserve(o, slot)
    expect(res.statusCode).toBe(200)
    const r = res.json().reservation
    expect(r).toMatchObject({
      slot: { id: slot, date: '2026-03-05', start: '14:00', end: '15:00' },
      whenText: '3月5日（周四）14:00-15:00',
      changeDeadline: '2026-03-04T06:00:00.000Z',
      canChange: true
    })
    expect(r.place.name).toBe('安家示范小区物业服务中心')
    expect(r.place.address).toContain('科苑南路')
    expect(r.bring.map((b: { title: string }) => b.title)).toEqual(expect.arrayContaining(['业主身份证', '购房合同']))
    expect(r.bring.every((b: { note: string }) => b.note.startsWith('原件'))).toBe(true)
    expect(await booked(t, slot)).toBe(1)
    expect(await api(t).stage(o, 'reserve')).toBe('done')
    expect((await api(t).current(o)).json().reservation.id).toBe(r.id)
    const notes = await t.db.handle.db.selectFrom('notifications').select(['title']).where('case_id', '=', o.caseId).where('kind', '=', 'reservation').execute()
    expect(notes.map((n) => n.title)).toEqual(['预约成功：3月5日（周四）14:00-15:00'])
    expect((await api(t).slots(o, '?from=2026-03-05&to=2026-03-05')).json().currentSlotId).toBe(slot)
  })

  test('the same key answers the same reservation and never takes a second seat', async () => {
    const o = await nextOwner()
    const slot = await makeSlot(t, { capacity: 3, date: '2026-03-06', start: '09:00' })
    const other = await makeSlot(t, { capacity: 3, date: '2026-03-06', start: '10:00' })
    const key = newKey()
    const first = await api(t).reserve(o, slot, key)
    const again = await api(t).reserve(o, slot, key)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual(first.json())
    expect(await booked(t, slot)).toBe(1)

    const otherSlot = await api(t).reserve(o, other, key)
    expect(otherSlot.statusCode).toBe(409)
    expect(otherSlot.json().error.code).toBe('IDEMPOTENCY_CONFLICT')
    const otherKey = await api(t).reserve(o, other)
    expect(otherKey.statusCode).toBe(409)
    expect(otherKey.json().error.code).toBe('RESERVATION_EXISTS')
    expect(await booked(t, other)).toBe(0)

    // a slot that is not the house's: the key and the active reservation still answer first
    const foreign = await makeSlot(t, { capacity: 3, date: '2026-03-06', start: '11:00', batch: '第二批' })
    expect((await api(t).reserve(o, foreign, key)).json().error.code).toBe('IDEMPOTENCY_CONFLICT')
    expect((await api(t).reserve(o, foreign)).json().error.code).toBe('RESERVATION_EXISTS')
    expect((await api(t).reserve(o, 2147483647, key)).json().error.code).toBe('IDEMPOTENCY_CONFLICT')
  })

  test('a slot of another batch is not found; a full slot is SLOT_FULL', async () => {
    const o = await nextOwner()
    const foreign = await makeSlot(t, { capacity: 3, date: '2026-03-07', start: '09:00', batch: '第二批' })
    const res = await api(t).reserve(o, foreign)
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('SLOT_NOT_FOUND')
    expect((await api(t).reserve(o, 2147483647)).json().error.code).toBe('SLOT_NOT_FOUND')

    const tiny = await makeSlot(t, { capacity: 1, date: '2026-03-07', start: '10:00' })
    expect((await api(t).reserve(await nextOwner(), tiny)).statusCode).toBe(200)
    const full = await api(t).reserve(o, tiny)
    expect(full.statusCode).toBe(409)
    expect(full.json().error).toEqual({ code: 'SLOT_FULL', message: '该时段已约满，请选择其他时段' })
  })

  test('cancel frees the seat for someone else and reopens the stage', async () => {
    const a = await nextOwner()
    const b = await nextOwner()
    const slot = await makeSlot(t, { capacity: 1, date: '2026-03-08', start: '09:00' })
    expect((await api(t).reserve(a, slot)).statusCode).toBe(200)
    expect((await api(t).reserve(b, slot)).json().error.code).toBe('SLOT_FULL')
    const res = await api(t).cancel(a)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ reservation: null })
    expect(await booked(t, slot)).toBe(0)
    expect(await api(t).stage(a, 'reserve')).toBe('available')
    expect((await api(t).current(a)).json()).toEqual({ reservation: null })
    expect((await api(t).cancel(a)).json().error.code).toBe('RESERVATION_NOT_FOUND')
    expect((await api(t).reserve(b, slot)).statusCode).toBe(200)
    expect(await booked(t, slot)).toBe(1)
  })

  test('reschedule moves the seat in one step; a full target changes nothing', async () => {
    const o = await nextOwner()
    const from = await makeSlot(t, { capacity: 2, date: '2026-03-09', start: '09:00' })
    const to = await makeSlot(t, { capacity: 2, date: '2026-03-09', start: '10:00' })
    const full = await makeSlot(t, { capacity: 1, date: '2026-03-09', start: '11:00' })
    expect((await api(t).reserve(await nextOwner(), full)).statusCode).toBe(200)
    const first = (await api(t).reserve(o, from)).json().reservation

    const refused = await api(t).reschedule(o, full)
    expect(refused.json().error.code).toBe('SLOT_FULL')
    expect([await booked(t, from), await booked(t, full)]).toEqual([1, 1])
    expect((await api(t).current(o)).json().reservation.id).toBe(first.id)

    const key = newKey()
    const moved = await api(t).reschedule(o, to, key)
    expect(moved.statusCode).toBe(200)
    expect(moved.json().reservation.slot.id).toBe(to)
    expect([await booked(t, from), await booked(t, to)]).toEqual([0, 1])
    // a retried reschedule (same key) changes nothing more
    expect((await api(t).reschedule(o, to, key)).json()).toEqual(moved.json())
    expect([await booked(t, from), await booked(t, to)]).toEqual([0, 1])
    expect(await api(t).stage(o, 'reserve')).toBe('done')
    const statuses = await t.db.handle.db.selectFrom('reservations').select('status').where('case_id', '=', o.caseId).orderBy('id').execute()
    expect(statuses.map((s) => s.status)).toEqual(['rescheduled', 'active'])
    expect((await api(t).reschedule(await nextOwner(), to)).json().error.code).toBe('RESERVATION_NOT_FOUND')
  })

  test('the cut-off holds at its instant for reschedule, cancel and new bookings', async () => {
    const o = await nextOwner()
    // 12 March 09:00 Shanghai = 01:00Z; cut-off 24 h before = 11 March 01:00Z
    const slot = await makeSlot(t, { capacity: 2, date: '2026-03-12', start: '09:00' })
    const later = await makeSlot(t, { capacity: 2, date: '2026-03-13', start: '09:00' })
    expect((await api(t).reserve(o, slot)).statusCode).toBe(200)

    t.clock.set('2026-03-11T00:59:59.999Z')
    expect((await api(t).current(o)).json().reservation.canChange).toBe(true)
    t.clock.set('2026-03-11T01:00:00.000Z')
    expect((await api(t).current(o)).json().reservation.canChange).toBe(false)
    const move = await api(t).reschedule(o, later)
    expect(move.statusCode).toBe(409)
    expect(move.json().error.code).toBe('RESERVATION_CUTOFF')
    expect(move.json().error.message).toContain('已过改约截止时间（3月11日 09:00）')
    const cancel = await api(t).cancel(o)
    expect(cancel.json().error.code).toBe('RESERVATION_CUTOFF')
    expect(await booked(t, slot)).toBe(1)

    // a new booking of a slot inside its cut-off window
    const other = await nextOwner()
    const closed = await api(t).reserve(other, slot)
    expect(closed.statusCode).toBe(409)
    expect(closed.json().error.code).toBe('SLOT_CLOSED')
    t.clock.set('2026-03-12T00:59:59.999Z')
    expect((await api(t).reserve(other, later)).statusCode).toBe(200)
    t.clock.set('2026-03-12T01:00:00.000Z')
    const closedLater = await api(t).reserve(await nextOwner(), later)
    expect(closedLater.json().error.code).toBe('SLOT_CLOSED')
  })

  test('a reservation whose day passed without a check-in does not block booking again', async () => {
    const o = await nextOwner()
    const old = await makeSlot(t, { capacity: 2, date: '2026-03-04', start: '09:00' })
    const again = await makeSlot(t, { capacity: 2, date: '2026-03-20', start: '09:00' })
    expect((await api(t).reserve(o, old)).statusCode).toBe(200)
    t.clock.set('2026-03-05T02:00:00.000Z')
    expect(await api(t).stage(o, 'reserve')).toBe('attention')
    expect((await api(t).reserve(o, again)).statusCode).toBe(200)
    expect(await api(t).stage(o, 'reserve')).toBe('done')
    const rows = await t.db.handle.db.selectFrom('reservations').select(['status']).where('case_id', '=', o.caseId).orderBy('id').execute()
    expect(rows.map((r) => r.status)).toEqual(['expired', 'active'])
  })

  // A booking reads the case's facts once (its guard, in the transaction) and syncs the stages
  // from them with the new reservation applied: what it stores must be what a fresh read derives.
  test('a booking stores the stages and answer a fresh read gives, also over an expired reservation', async () => {
    const o = await nextOwner()
    const storedStages = async () =>
      Object.fromEntries(
        (await t.db.handle.db.selectFrom('case_stages').select(['stage', 'status']).where('case_id', '=', o.caseId).execute()).map((r) => [r.stage, r.status])
      )
    const derivedStages = async () => {
      const p = (await t.app.inject({ method: 'GET', url: '/api/owner/progress', headers: bearer(o.token) })).json()
      return Object.fromEntries(p.stages.map((x: { stage: string; status: string }) => [x.stage, x.status]))
    }
    const old = await makeSlot(t, { capacity: 2, date: '2026-03-04', start: '15:00' })
    const first = await api(t).reserve(o, old)
    expect(first.statusCode).toBe(200)
    expect(first.json()).toEqual((await api(t).current(o)).json())
    expect(await storedStages()).toEqual(await derivedStages())
    expect((await storedStages()).reserve).toBe('done')
    const events = await t.db.handle.db.selectFrom('case_events').select(['from_status', 'to_status']).where('case_id', '=', o.caseId).where('stage', '=', 'reserve').orderBy('id').execute()
    expect(events[events.length - 1]).toEqual({ from_status: 'available', to_status: 'done' })
    expect(events.filter((e) => e.to_status === 'done')).toHaveLength(1)

    // the day passes without a check-in: the next booking expires the old one in its transaction
    t.clock.set('2026-03-05T02:00:00.000Z')
    const again = await makeSlot(t, { capacity: 2, date: '2026-03-21', start: '10:00' })
    const second = await api(t).reserve(o, again)
    expect(second.statusCode).toBe(200)
    expect(second.json().reservation.slot.id).toBe(again)
    expect(second.json()).toEqual((await api(t).current(o)).json())
    expect(await storedStages()).toEqual(await derivedStages())
  })

  test('bad bodies are 400, never 500', async () => {
    const o = await nextOwner()
    const send = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/owner/reservation', headers: bearer(o.token), payload: payload as object })
    expect((await send({ slotId: 1 })).statusCode).toBe(400)
    expect((await send({ slotId: 1, idempotencyKey: 'short' })).statusCode).toBe(400)
    expect((await send({ slotId: 0, idempotencyKey: newKey() })).statusCode).toBe(400)
    expect((await send({ slotId: 'x', idempotencyKey: newKey() })).statusCode).toBe(400)
    expect((await send({ slotId: 1, idempotencyKey: newKey(), houseId: 3 })).json().error.code).toBe('VALIDATION_FAILED')
    expect((await t.app.inject({ method: 'POST', url: '/api/owner/reservation', payload: { slotId: 1, idempotencyKey: newKey() } })).statusCode).toBe(401)
  })

  test('staff see a day of slots with masked bookings; other roles may not', async () => {
    const o = await nextOwner()
    const slot = await makeSlot(t, { capacity: 4, date: '2026-03-14', start: '15:00' })
    expect((await api(t).reserve(o, slot)).statusCode).toBe(200)
    const reception = await staffLogin(t, 'reception')
    const res = await t.app.inject({ method: 'GET', url: '/api/staff/slots?date=2026-03-14', headers: bearer(reception) })
    expect(res.statusCode).toBe(200)
    const s = res.json().slots.find((x: { id: number }) => x.id === slot)
    expect(s).toMatchObject({ start: '15:00', capacity: 4, booked: 1, batch: '第一批' })
    expect(s.bookings).toHaveLength(1)
    expect(s.bookings[0].houseId).toBe(o.houseId)
    const name = demoHouses()[BATCH1[next - 1]].owner.name
    expect(s.bookings[0].ownerName).not.toBe(name)
    expect(s.bookings[0].ownerName[0]).toBe(name[0])
    expect(s.bookings[0].ownerName).toContain('*')
    const reviewer = await staffLogin(t, 'reviewer')
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/slots', headers: bearer(reviewer) })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/slots?date=2026-13-01', headers: bearer(reception) })).statusCode).toBe(400)
  })
})

describe.each(dialects())('the reservation rush (%s)', (dialect) => {
  let t: TestApp
  let owners: Owner[]
  beforeAll(async () => {
    t = await createTestApp(dialect)
    owners = []
    for (const i of BATCH1.slice(0, 60)) owners.push(await owner(t, i))
  }, 120000)
  afterAll(async () => t.close())

  test('60 houses race for 5 seats: exactly 5 reserved, nobody twice, booked equals the active count', async () => {
    const slot = await makeSlot(t, { capacity: 5, date: '2026-03-10', start: '10:00' })
    const results = await Promise.all(owners.map((o) => api(t).reserve(o, slot)))
    const codes = results.map((r) => (r.statusCode === 200 ? 'OK' : r.json().error.code))
    expect(codes.filter((c) => c === 'OK')).toHaveLength(5)
    expect(codes.filter((c) => c === 'SLOT_FULL')).toHaveLength(55)
    const active = await activeOn(t, slot)
    expect(active).toHaveLength(5)
    expect(new Set(active.map((a) => a.house_id)).size).toBe(5)
    expect(await booked(t, slot)).toBe(5)
    // the winners are exactly the houses that were told OK
    const winners = owners.filter((_, i) => codes[i] === 'OK').map((o) => o.houseId)
    expect(active.map((a) => Number(a.house_id)).sort()).toEqual(winners.sort())
  })

  test('one house racing itself with one key gets one seat and the same answer everywhere', async () => {
    const slot = await makeSlot(t, { capacity: 5, date: '2026-03-11', start: '10:00' })
    const o = owners[59]
    await api(t).cancel(o).catch(() => undefined)
    const before = await booked(t, slot)
    const key = newKey()
    const results = await Promise.all(Array.from({ length: 12 }, () => api(t).reserve(o, slot, key)))
    expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(200))
    expect(new Set(results.map((r) => r.json().reservation.id)).size).toBe(1)
    expect((await booked(t, slot)) - before).toBe(1)
    expect(await activeOn(t, slot)).toHaveLength(1)
  })

  test('one house racing itself with different keys gets one seat; the others are told it exists', async () => {
    const slot = await makeSlot(t, { capacity: 5, date: '2026-03-12', start: '10:00' })
    const o = owners[58]
    await api(t).cancel(o)
    const results = await Promise.all(Array.from({ length: 10 }, () => api(t).reserve(o, slot)))
    const codes = results.map((r) => (r.statusCode === 200 ? 'OK' : r.json().error.code))
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1)
    expect(codes.filter((c) => c === 'RESERVATION_EXISTS')).toHaveLength(9)
    expect(await booked(t, slot)).toBe(1)
  })

  test('concurrent reschedules into one slot never overbook it and keep every house at one seat', async () => {
    // owners 0-39 each hold a seat somewhere; 40 of them try to move into a slot of 3
    const parking = await makeSlot(t, { capacity: 60, date: '2026-03-13', start: '09:00' })
    const target = await makeSlot(t, { capacity: 3, date: '2026-03-13', start: '10:00' })
    const movers = owners.slice(0, 40)
    for (const o of movers) {
      await api(t).cancel(o)
      expect((await api(t).reserve(o, parking)).statusCode).toBe(200)
    }
    const results = await Promise.all(movers.map((o) => api(t).reschedule(o, target)))
    const codes = results.map((r) => (r.statusCode === 200 ? 'OK' : r.json().error.code))
    expect(codes.filter((c) => c === 'OK')).toHaveLength(3)
    expect(codes.filter((c) => c === 'SLOT_FULL')).toHaveLength(37)
    expect(await booked(t, target)).toBe(3)
    expect(await booked(t, parking)).toBe(37)
    expect(await activeOn(t, target)).toHaveLength(3)
    expect(await activeOn(t, parking)).toHaveLength(37)
  })

  if (dialect === 'postgres') {
    test('PostgreSQL: 30 truly concurrent transactions holding their locks cannot pass capacity', async () => {
      const slot = await makeSlot(t, { capacity: 4, date: '2026-03-14', start: '10:00' })
      const db = t.db.handle.db
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, () =>
          db.transaction().execute(async (tx) => {
            // all transactions are open at once (pool of 10) and keep the row lock a while
            await sql`select pg_sleep(0.02)`.execute(tx)
            const ok = await takeSeat(tx, slot)
            await sql`select pg_sleep(0.02)`.execute(tx)
            return ok
          })
        )
      )
      expect(outcomes.filter(Boolean)).toHaveLength(4)
      expect(await booked(t, slot)).toBe(4)
    })

    test('PostgreSQL: the CHECK constraint refuses booked > capacity even for a careless writer', async () => {
      const slot = await makeSlot(t, { capacity: 1, date: '2026-03-14', start: '11:00' })
      const err = await t.db.handle.db
        .updateTable('slots')
        .set({ booked: 2 })
        .where('id', '=', slot)
        .execute()
        .then(() => null, (e: Error) => e)
      expect(err?.message).toContain('slots_booked_range')
    })
  }
})

describe('second batch owners', () => {
  test('the demo has houses in both batches (the batch filter above is meaningful)', () => {
    expect(BATCH1.length).toBeGreaterThanOrEqual(60)
    expect(BATCH2.length).toBeGreaterThan(0)
  })
})

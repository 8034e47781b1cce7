import { bearer, createTestApp, dialects, rejectionOf, staffLogin, type TestApp } from './harness'
import { planSlots } from '../../server/src/modules/setup/service'
import { weekdayOf } from '../../server/src/lib/time'
import { takeSeat } from '../../server/src/modules/reservations/repository'

jest.setTimeout(120000)

describe('planSlots (pure)', () => {
  const base = { windows: [{ start: '09:00', end: '10:00' }], skipDates: [] as string[] }

  test('weekdays are those of the calendar date: 2026-03-02 is a Monday, 2026-03-08 a Sunday', () => {
    expect(weekdayOf('2026-03-02')).toBe(1)
    expect(weekdayOf('2026-03-08')).toBe(0)
  })

  test('1. dates before today or an inverted range are refused', () => {
    expect(() => planSlots({ ...base, from: '2026-03-01', to: '2026-03-03' }, '2026-03-02')).toThrow('今天之前')
    expect(() => planSlots({ ...base, from: '2026-03-05', to: '2026-03-03' }, '2026-03-02')).toThrow('结束日期')
  })

  test('2. at most 120 days (121 refused) and at most 2000 slots', () => {
    expect(planSlots({ ...base, from: '2026-03-02', to: '2026-06-29' }, '2026-03-02').slots.length).toBe(120)
    expect(() => planSlots({ ...base, from: '2026-03-02', to: '2026-06-30' }, '2026-03-02')).toThrow('120')
    const windows = Array.from({ length: 17 }, (_, i) => ({ start: `${String(i + 6).padStart(2, '0')}:00`, end: `${String(i + 6).padStart(2, '0')}:30` }))
    expect(() => planSlots({ ...base, windows, from: '2026-03-02', to: '2026-06-29' }, '2026-03-02')).toThrow('2000')
  })

  test('3. a window ending before it starts, or overlapping windows, are refused', () => {
    expect(() => planSlots({ ...base, windows: [{ start: '10:00', end: '10:00' }], from: '2026-03-02', to: '2026-03-02' }, '2026-03-02')).toThrow('晚于')
    expect(() =>
      planSlots({ ...base, windows: [{ start: '09:00', end: '10:30' }, { start: '10:00', end: '11:00' }], from: '2026-03-02', to: '2026-03-02' }, '2026-03-02')
    ).toThrow('重叠')
  })
})

describe.each(dialects())('slot set-up (%s)', (dialect) => {
  let t: TestApp
  let manager: string
  beforeAll(async () => {
    t = await createTestApp(dialect)
    manager = await staffLogin(t, 'manager')
    for (const code of ['G批', 'H批']) {
      const res = await call('POST', '/batches', { code, title: code, buildings: [], startsOn: '2026-03-02', endsOn: '2026-04-30', place: '会所' })
      expect(res.statusCode).toBe(201)
    }
  })
  afterAll(async () => t.close())

  function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: unknown, token = manager) {
    return t.app.inject({ method, url: `/api/staff/setup${path}`, headers: bearer(token), ...(payload !== undefined ? { payload: payload as object } : {}) })
  }
  const gen = (over: Record<string, unknown> = {}) =>
    call('POST', '/slots/generate', {
      batch: 'G批',
      from: '2026-03-05',
      to: '2026-03-09',
      windows: [
        { start: '09:00', end: '10:00' },
        { start: '14:00', end: '15:30' }
      ],
      capacity: 4,
      skipDates: [],
      ...over
    })
  const slotsOf = async (q: string) => (await call('GET', `/slots?${q}`)).json().items as { id: number; date: string; start: string; end: string; capacity: number; booked: number; batch: string }[]

  test('a dry run answers what would be created and writes nothing', async () => {
    const res = await gen({ dryRun: true, skipDates: ['2026-03-06'], skipWeekdays: [0, 6] })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.dryRun).toBe(true)
    // 5..9 March minus the 6th (skip date), the 7th (Saturday) and the 8th (Sunday)
    expect(body.created.map((s: { date: string; start: string }) => `${s.date} ${s.start}`)).toEqual([
      '2026-03-05 09:00',
      '2026-03-05 14:00',
      '2026-03-09 09:00',
      '2026-03-09 14:00'
    ])
    expect(body.skippedDates).toEqual(['2026-03-06', '2026-03-07', '2026-03-08'])
    expect(await slotsOf('batch=G批&from=2026-03-01&to=2026-03-31')).toEqual([])
  })

  test('generates the slots, and a re-run creates only what is missing (idempotent); audited', async () => {
    const first = (await gen({ skipWeekdays: [0, 6] })).json()
    expect(first.created.length).toBe(6)
    expect(first.existing).toEqual([])
    const listed = await slotsOf('batch=G批&from=2026-03-05&to=2026-03-09')
    expect(listed.length).toBe(6)
    expect(listed[0]).toMatchObject({ date: '2026-03-05', start: '09:00', end: '10:00', capacity: 4, booked: 0, batch: 'G批' })

    const again = (await gen({ skipWeekdays: [6], windows: [{ start: '09:00', end: '10:00' }, { start: '14:00', end: '15:30' }, { start: '16:00', end: '17:00' }] })).json()
    // Sunday 8 March is new (both windows + 16:00), plus 16:00 on 5, 6, 9 March
    expect(again.existing.length).toBe(6)
    expect(again.created.map((s: { date: string; start: string }) => `${s.date} ${s.start}`).sort()).toEqual(
      ['2026-03-05 16:00', '2026-03-06 16:00', '2026-03-08 09:00', '2026-03-08 14:00', '2026-03-08 16:00', '2026-03-09 16:00'].sort()
    )
    expect((await gen({ skipWeekdays: [6], windows: [{ start: '09:00', end: '10:00' }, { start: '14:00', end: '15:30' }, { start: '16:00', end: '17:00' }] })).json().created).toEqual([])
    expect((await slotsOf('batch=G批&from=2026-03-01&to=2026-03-31')).length).toBe(12)
    const audit = await t.db.handle.db.selectFrom('audit_log').select(['detail', 'target']).where('action', '=', 'setup.slots.generate').execute()
    expect(audit.length).toBe(2)
    expect(JSON.parse(audit[0].detail)).toMatchObject({ created: 6, existing: 0, capacity: 4 })
  })

  test('two generations of one batch at once never double a slot (the batch row is locked)', async () => {
    const body = { batch: 'H批', from: '2026-04-01', to: '2026-04-03', windows: [{ start: '09:00', end: '10:00' }, { start: '10:00', end: '11:00' }], capacity: 3, skipDates: [] }
    const answers = await Promise.all([1, 2, 3, 4].map(() => call('POST', '/slots/generate', body)))
    expect(answers.every((a) => a.statusCode === 200)).toBe(true)
    expect(answers.reduce((sum, a) => sum + a.json().created.length, 0)).toBe(6)
    const rows = await slotsOf('batch=H批&from=2026-04-01&to=2026-04-03')
    expect(rows.length).toBe(6)
    expect(new Set(rows.map((r) => `${r.date} ${r.start}`)).size).toBe(6)
  })

  test('dates are Shanghai calendar dates: at 00:30 Shanghai (16:30 UTC the day before) today is already the new day', async () => {
    t.clock.set('2026-03-02T16:30:00.000Z') // 2026-03-03 00:30 in Shanghai
    const outer = manager
    try {
      manager = await staffLogin(t, 'manager') // a staff session lasts a working day
      const refused = await gen({ batch: 'H批', from: '2026-03-02', to: '2026-03-03' })
      expect(refused.statusCode).toBe(400)
      expect(refused.json().error.code).toBe('DATE_RANGE_INVALID')
      const ok = await gen({ batch: 'H批', from: '2026-03-03', to: '2026-03-03' })
      expect(ok.statusCode).toBe(200)
      expect(ok.json().created.every((s: { date: string }) => s.date === '2026-03-03')).toBe(true)
    } finally {
      manager = outer
      t.clock.set('2026-03-02T02:00:00.000Z')
    }
  })

  test('too long a range, too many slots, an unknown batch and bad times are refused', async () => {
    const long = await gen({ from: '2026-03-05', to: '2026-07-05' })
    expect(long.statusCode).toBe(400)
    expect(long.json().error.code).toBe('SLOT_RANGE_TOO_LARGE')
    const many = Array.from({ length: 24 }, (_, i) => ({ start: `${String(i).padStart(2, '0')}:00`, end: `${String(i).padStart(2, '0')}:30` }))
    expect((await gen({ windows: many, from: '2026-03-05', to: '2026-06-30' })).json().error.code).toBe('SLOT_RANGE_TOO_LARGE')
    const unknown = await gen({ batch: '不存在' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().error.code).toBe('BATCH_NOT_FOUND')
    expect((await gen({ windows: [{ start: '9:00', end: '10:00' }] })).statusCode).toBe(400)
    expect((await gen({ windows: [{ start: '24:00', end: '10:00' }] })).statusCode).toBe(400)
    expect((await gen({ capacity: 0 })).statusCode).toBe(400)
    expect((await gen({ windows: [] })).statusCode).toBe(400)
  })

  test('capacity can be changed down to what is booked, never below (409 with the booked count)', async () => {
    const [slot] = await slotsOf('batch=G批&from=2026-03-05&to=2026-03-05')
    const db = t.db.handle.db
    for (let i = 0; i < 3; i++) expect(await takeSeat(db, slot.id)).toBe(true)
    const below = await call('PATCH', `/slots/${slot.id}`, { capacity: 2 })
    expect(below.statusCode).toBe(409)
    expect(below.json().error.code).toBe('SLOT_CAPACITY_BELOW_BOOKED')
    expect(below.json().error.message).toContain('3')
    const exact = await call('PATCH', `/slots/${slot.id}`, { capacity: 3 })
    expect(exact.statusCode).toBe(200)
    expect(exact.json()).toMatchObject({ capacity: 3, booked: 3 })
    expect(await takeSeat(db, slot.id)).toBe(false)
    const up = await call('PATCH', `/slots/${slot.id}`, { capacity: 10 })
    expect(up.json().capacity).toBe(10)
    expect((await call('PATCH', `/slots/${slot.id}`, { capacity: -1 })).statusCode).toBe(400)
    expect((await call('PATCH', '/slots/99999999', { capacity: 1 })).statusCode).toBe(404)
  })

  test('a slot with bookings or reservation history cannot be deleted; an unused one can', async () => {
    const slots = await slotsOf('batch=G批&from=2026-03-05&to=2026-03-05')
    const booked = slots.find((s) => s.booked > 0)!
    const del = await call('DELETE', `/slots/${booked.id}`)
    expect(del.statusCode).toBe(409)
    expect(del.json().error.code).toBe('SLOT_HAS_RESERVATIONS')
    const free = slots.find((s) => s.booked === 0)!
    expect((await call('DELETE', `/slots/${free.id}`)).statusCode).toBe(204)
    expect((await slotsOf('batch=G批&from=2026-03-05&to=2026-03-05')).find((s) => s.id === free.id)).toBeUndefined()
  })

  test('the reviewer cannot generate or change slots', async () => {
    const reviewer = await staffLogin(t, 'reviewer')
    expect((await call('POST', '/slots/generate', { batch: 'G批', from: '2026-03-05', to: '2026-03-05', windows: [{ start: '09:00', end: '10:00' }], capacity: 1, skipDates: [] }, reviewer)).statusCode).toBe(403)
    expect((await call('GET', '/slots', undefined, reviewer)).statusCode).toBe(403)
  })

  test('a burst of bookings racing capacity reductions never leaves booked above capacity', async () => {
    const gen2 = await gen({ batch: 'H批', from: '2026-03-20', to: '2026-03-20', windows: [{ start: '10:00', end: '11:00' }], capacity: 30 })
    expect(gen2.json().created.length).toBe(1)
    const [slot] = await slotsOf('batch=H批&from=2026-03-20&to=2026-03-20')
    const db = t.db.handle.db
    // bookings through the reservation module's own seat-taking statement, each in its transaction
    const book = () => db.transaction().execute((tx) => takeSeat(tx, slot.id)).catch(() => false)
    const cut = (capacity: number) => call('PATCH', `/slots/${slot.id}`, { capacity })
    const jobs: Promise<unknown>[] = []
    const cuts: Promise<{ statusCode: number; json: () => { capacity?: number } }>[] = []
    for (let i = 0; i < 40; i++) {
      jobs.push(book())
      if (i % 4 === 0) {
        const p = cut(30 - i / 2)
        cuts.push(p)
        jobs.push(p)
      }
    }
    const results = await Promise.all(jobs)
    const seats = results.filter((r) => r === true).length
    const final = (await slotsOf('batch=H批&from=2026-03-20&to=2026-03-20'))[0]
    expect(seats).toBeGreaterThan(0)
    expect(final.booked).toBe(seats)
    expect(final.booked).toBeLessThanOrEqual(final.capacity)
    const answers = await Promise.all(cuts)
    expect(answers.every((a) => a.statusCode === 200 || a.statusCode === 409)).toBe(true)
    // the row itself, straight from the database
    const row = await db.selectFrom('slots').select(['booked', 'capacity']).where('id', '=', slot.id).executeTakeFirstOrThrow()
    expect(Number(row.booked)).toBeLessThanOrEqual(Number(row.capacity))
    // and the CHECK constraint refuses a direct write below the bookings (on both dialects:
    // rejectionOf, not rejects.toThrow — see harness.ts)
    expect(await rejectionOf(db.updateTable('slots').set({ capacity: 0 }).where('id', '=', slot.id).execute())).toMatch(/check|constraint/i)
  })
})

/*
 * The living demo (server/src/seed/activity.ts): after seedDemo + seedDemoActivity with a
 * fixed clock, every staff screen has content and every stage of the engine has a house at it,
 * while the houses the e2e tests and the banner use stay untouched.
 */
import { bearer, createTestApp, dialects, staffLogin, type TestApp } from './harness'
import { demoBanner, demoHouses } from '../../server/src/seed/demo'
import { DEMO_SURVEY_ANSWERS, UNTOUCHED_HOUSES, BANNER_FRESH_HOUSES, seedDemoActivity } from '../../server/src/seed/activity'
import { getProgress } from '../../server/src/modules/cases/service'
import { STAGES } from '../../types/progress'

jest.setTimeout(300_000)

describe.each(dialects())('demo activity on %s', (dialect) => {
  let t: TestApp
  let seeded: { houses: number }
  beforeAll(async () => {
    t = await createTestApp(dialect)
    seeded = await seedDemoActivity(t.db.handle.db, t.config)
  })
  afterAll(async () => t.close())

  const get = async (role: string, url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: bearer(await staffLogin(t, role)) })
    expect(res.statusCode).toBe(200)
    return res.json()
  }

  test('the reviewer has a queue, oldest first, with items past the 24-hour target', async () => {
    const q = await get('reviewer', '/api/staff/reviews')
    expect(q.items.length).toBeGreaterThanOrEqual(6)
    expect(q.overdueCount).toBeGreaterThanOrEqual(2)
    expect(q.items[0].overdue).toBe(true)
    expect(q.items[0].waitingMinutes).toBeGreaterThan(24 * 60)
    expect(q.items.some((i: { overdue: boolean }) => !i.overdue)).toBe(true)
  })

  test("today's board has owners waiting (one over 30 minutes), one being served, one still to come", async () => {
    const b = await get('reception', '/api/staff/board')
    expect(b.isToday).toBe(true)
    expect(b.counts.waiting).toBeGreaterThanOrEqual(3)
    expect(b.counts.serving).toBe(1)
    expect(b.counts.longWaits).toBeGreaterThanOrEqual(1)
    expect(b.counts.reserved).toBeGreaterThan(b.counts.arrived)
    expect(b.queue.some((c: { longWait: boolean; waitingMinutes: number }) => c.longWait && c.waitingMinutes > 30)).toBe(true)
  })

  test('inspections show open defects and repairs due, one overdue', async () => {
    const q = await get('inspector', '/api/staff/inspections/queue')
    const states = q.items.map((i: { state: string }) => i.state)
    expect(states).toContain('waiting')
    expect(states).toContain('repairs')
    const r = await get('inspector', '/api/staff/repairs?status=open')
    expect(r.items.length).toBeGreaterThanOrEqual(3)
    expect(r.items.some((i: { overdue: boolean }) => i.overdue)).toBe(true)
    expect(r.items.some((i: { overdue: boolean }) => !i.overdue)).toBe(true)
  })

  test('the survey summary has responses, low scores with open answers and follow-ups', async () => {
    const s = await get('manager', '/api/staff/survey/summary')
    expect(s.responses).toBe(DEMO_SURVEY_ANSWERS.length)
    expect(s.csi).toBeGreaterThan(0)
    expect(s.items.some((i: { lowCount: number }) => i.lowCount > 0)).toBe(true)
    expect(s.openAnswers.length).toBeGreaterThan(0)
    expect(s.openFollowups).toBeGreaterThanOrEqual(2)
    const tasks = await get('reception', '/api/staff/tasks?status=open')
    expect(tasks.items.length).toBeGreaterThanOrEqual(3)
    expect(tasks.overdue).toBeGreaterThanOrEqual(1)
  })

  test('every stage of the engine has a house at it', async () => {
    const db = t.db.handle.db
    const cases = await db.selectFrom('move_in_cases').select(['id', 'house_id']).execute()
    expect(cases.length).toBe(seeded.houses)
    const current = new Map<string, number>()
    let allDone = 0
    for (const c of cases) {
      const p = await getProgress(db, Number(c.id), t.config.now())
      current.set(p.currentStage, (current.get(p.currentStage) ?? 0) + 1)
      if (p.stages.every((s) => s.status === 'done')) allDone += 1
    }
    // houses nobody has verified yet are at the first stage
    expect(demoHouses().length - cases.length).toBeGreaterThan(0)
    // `done` is completed in the keys handover's own transaction, so no house ever rests
    // there: a house that went past it (all stages done) stands for it
    for (const stage of STAGES.filter((s) => s !== 'verify' && s !== 'done')) expect([stage, (current.get(stage) ?? 0) > 0]).toEqual([stage, true])
    expect(allDone).toBeGreaterThan(0)
    // the stage rows the engine keeps agree with the derivation (syncStages ran everywhere);
    // reserve and checkin also move with the calendar alone (a reservation's day arriving),
    // which the stored rows learn at the next event, so they are left out
    const rows = await db.selectFrom('case_stages').select(['case_id', 'stage', 'status']).execute()
    for (const c of cases) {
      const p = await getProgress(db, Number(c.id), t.config.now())
      for (const s of p.stages.filter((x) => x.stage !== 'reserve' && x.stage !== 'checkin')) {
        const row = rows.find((r) => Number(r.case_id) === Number(c.id) && r.stage === s.stage)
        expect([c.id, s.stage, row?.status]).toEqual([c.id, s.stage, s.status])
      }
    }
  })

  test('the houses of the e2e tests and the banner, and all of 2栋, are untouched', async () => {
    const db = t.db.handle.db
    const houses = demoHouses()
    const rows = await db.selectFrom('houses').select(['id', 'invite_token']).execute()
    const byToken = new Map(rows.map((r) => [r.invite_token, Number(r.id)]))
    for (const i of [...UNTOUCHED_HOUSES, ...BANNER_FRESH_HOUSES]) {
      const c = await db.selectFrom('move_in_cases').select('id').where('house_id', '=', byToken.get(houses[i].token)!).executeTakeFirst()
      expect([i, c]).toEqual([i, undefined])
    }
    const banner = demoBanner('http://localhost:3000').lines.join('\n')
    for (const i of BANNER_FRESH_HOUSES) expect(banner).toContain(houses[i].token)
    expect(banner).toContain('资料待审核')
  })

  test("the manager's 上线准备 card reads ready: batches are planned with a window and a place", async () => {
    const status = await get('manager', '/api/staff/setup/status')
    expect(status.items.filter((i: { done: boolean }) => !i.done)).toEqual([])
    expect(status.ready).toBe(true)
    const batches = await t.db.handle.db.selectFrom('batches').select(['code', 'starts_on', 'ends_on', 'place']).orderBy('code').execute()
    expect(batches.map((b) => b.code).sort()).toEqual(['第一批', '第二批'])
    for (const b of batches) {
      expect(b.starts_on! <= b.ends_on!).toBe(true)
      expect(b.place).not.toBe('')
    }
  })

  test('no first-batch slot of the first three days ahead is booked (the e2e journey books one)', async () => {
    const { addDays, shanghaiDate } = await import('../../server/src/lib/time')
    const today = shanghaiDate(t.config.now())
    const booked = await t.db.handle.db
      .selectFrom('slots')
      .select(['date', 'booked'])
      .where('batch', '=', '第一批')
      .where('date', '>=', today)
      .where('date', '<=', addDays(today, 3))
      .where('booked', '>', 0)
      .execute()
    expect(booked).toEqual([])
  })
})

test('run just after midnight (Shanghai), the seed still keeps today inside today', async () => {
  const t = await createTestApp('sqlite')
  try {
    t.clock.set('2026-03-01T16:10:00.000Z') // 00:10 in Shanghai
    await seedDemoActivity(t.db.handle.db, t.config)
    const res = await t.app.inject({ method: 'GET', url: '/api/staff/board', headers: bearer(await staffLogin(t, 'reception')) })
    const b = res.json()
    expect(b.date).toBe('2026-03-02')
    expect(b.counts.arrived).toBe(4)
    expect(b.counts.serving).toBe(1)
  } finally {
    await t.close()
  }
})

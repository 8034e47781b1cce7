/*
 * How many statements the hottest requests send to the database (issue 9: the reservation rush
 * at target by doing less per request). Every statement is a round trip on PostgreSQL and a
 * turn of the one SQLite connection that every other request waits for, so the counts are a
 * budget: a change that adds one to the booking has to mean it.
 *
 *  - a successful booking: the session, the booking's first read, in its transaction the case's
 *    context (case + house + policy + delegates + one-row facts; the checklist with the
 *    submissions; the agreements with their signatures), the reservation, one notification
 *    (the event's; the stage notice folds into it without a rewrite), the stored stages, one
 *    event and one stage row, the seat. 11 (it was 19);
 *  - a refused booking (SLOT_FULL): the session and the booking's first read;
 *  - the home page's progress once its bill exists: the session, the context (3), the events,
 *    the unread count (the bill is asked for only while the facts hold none);
 *  - an owner's next request within OWNER_SESSION_CACHE_MS: the session is not read again.
 * Counted at Kysely's executor (begin / commit are not queries), on both dialects.
 */
import { demoHouses } from '../../server/src/seed/demo'
import { syncStages } from '../../server/src/modules/cases/service'
import { sha256 } from '../../server/src/lib/crypto'
import { bearer, createTestApp, dialects, verifyAs, type TestApp } from './harness'

const BATCH1 = demoHouses()
  .filter((h) => h.batch === '第一批')
  .map((h) => h.index)

/** Runs `fn` and returns its result with every SQL text the app's database executed meanwhile. */
async function counted<T>(t: TestApp, fn: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
  let proto: { executeQuery: (...a: unknown[]) => unknown } | null = Object.getPrototypeOf(t.db.handle.db.getExecutor())
  while (proto && !Object.prototype.hasOwnProperty.call(proto, 'executeQuery')) proto = Object.getPrototypeOf(proto)
  if (!proto) throw new Error('no executeQuery on the executor')
  const original = proto.executeQuery
  const sql: string[] = []
  proto.executeQuery = function (this: unknown, ...args: unknown[]) {
    sql.push((args[0] as { sql: string }).sql)
    return original.apply(this, args)
  }
  try {
    return { result: await fn(), sql }
  } finally {
    proto.executeQuery = original
  }
}

describe.each(dialects())('statements per request (%s)', (dialect) => {
  let t: TestApp
  let slotId: number
  let fullSlotId: number
  let key = 0
  const book = (token: string, slot: number) =>
    t.app.inject({ method: 'POST', url: '/api/owner/reservation', headers: bearer(token), payload: { slotId: slot, idempotencyKey: `budget-${++key}-abcdefgh` } })

  async function readyOwner(index: number) {
    const s = await verifyAs(t, index)
    const c = await t.db.handle.db.selectFrom('move_in_cases').select('id').where('house_id', '=', s.house.id).executeTakeFirstOrThrow()
    const at = t.clock.now().toISOString()
    for (const code of ['owner_id_card', 'purchase_contract']) {
      await t.db.handle.db
        .insertInto('document_submissions')
        .values({ case_id: Number(c.id), item_code: code, status: 'approved', reason: null, submitted_at: at, reviewed_by: null, reviewed_at: at, updated_at: at })
        .onConflict((oc) => oc.columns(['case_id', 'item_code']).doUpdateSet({ status: 'approved', updated_at: at }))
        .execute()
    }
    // the stored stages as a review would leave them (the booking then moves only its own stage)
    await syncStages(t.db.handle.db, Number(c.id), { type: 'system', id: null, label: '系统' }, t.clock.now())
    return s.sessionToken
  }

  async function slot(capacity: number, start: string) {
    const community = await t.db.handle.db.selectFrom('communities').select('id').executeTakeFirstOrThrow()
    const date = new Date(t.clock.now().getTime() + 10 * 86400_000).toISOString().slice(0, 10)
    const r = await t.db.handle.db
      .insertInto('slots')
      .values({ community_id: Number(community.id), batch: '第一批', date, start_time: start, end_time: `${String(Number(start.slice(0, 2)) + 1).padStart(2, '0')}:00`, capacity, booked: 0 })
      .returning('id')
      .executeTakeFirstOrThrow()
    return Number(r.id)
  }

  beforeAll(async () => {
    t = await createTestApp(dialect)
    slotId = await slot(10, '09:00')
    fullSlotId = await slot(1, '10:00')
    // warm: the compiled statements, the gateway and the seat of the full slot
    expect((await book(await readyOwner(BATCH1[20]), fullSlotId)).statusCode).toBe(200)
    expect((await book(await readyOwner(BATCH1[21]), slotId)).statusCode).toBe(200)
  })
  afterAll(async () => t.close())

  test('a successful booking: 11 statements, one notification written once', async () => {
    const token = await readyOwner(BATCH1[22])
    const { result, sql } = await counted(t, () => book(token, slotId))
    expect(result.statusCode).toBe(200)
    expect(sql.filter((s) => /^update "notifications"/.test(s))).toEqual([])
    expect(sql.filter((s) => /^insert into "notifications"/.test(s))).toHaveLength(1)
    expect(sql.length).toBeLessThanOrEqual(11)
  })

  test('a refused booking (SLOT_FULL): the session and one read', async () => {
    const token = await readyOwner(BATCH1[23])
    const { result, sql } = await counted(t, () => book(token, fullSlotId))
    expect(result.statusCode).toBe(409)
    expect(result.json().error.code).toBe('SLOT_FULL')
    expect(sql).toHaveLength(2)
  })

  test('the same owner again within the session cache: the one read only; logout ends it at once', async () => {
    const token = await readyOwner(BATCH1[25])
    expect((await book(token, fullSlotId)).json().error.code).toBe('SLOT_FULL')
    const { result, sql } = await counted(t, () => book(token, fullSlotId))
    expect(result.json().error.code).toBe('SLOT_FULL')
    expect(sql).toHaveLength(1)
    expect(sql[0]).not.toMatch(/owner_sessions/)
    expect((await t.app.inject({ method: 'POST', url: '/api/owner/logout', headers: bearer(token) })).statusCode).toBe(200)
    const after = await book(token, fullSlotId)
    expect(after.statusCode).toBe(401)
    expect(after.json().error.code).toBe('UNAUTHORIZED')
  })

  test('a cached session is still refused once it has expired', async () => {
    const token = await readyOwner(BATCH1[26])
    expect((await book(token, fullSlotId)).json().error.code).toBe('SLOT_FULL')
    const row = await t.db.handle.db.selectFrom('owner_sessions').select('expires_at').where('token_hash', '=', sha256(token)).executeTakeFirstOrThrow()
    const saved = t.clock.t
    t.clock.set(new Date(new Date(String(row.expires_at)).getTime() + 1000).toISOString())
    try {
      const r = await book(token, fullSlotId)
      expect(r.statusCode).toBe(401)
      expect(r.json().error.code).toBe('SESSION_EXPIRED')
    } finally {
      t.clock.t = saved
    }
  })

  test("the home page's progress: 6 statements", async () => {
    const token = await readyOwner(BATCH1[24])
    const progress = () => t.app.inject({ method: 'GET', url: '/api/owner/progress', headers: bearer(token) })
    // the first read of a priced community also makes the bill
    expect((await progress()).statusCode).toBe(200)
    const { result, sql } = await counted(t, progress)
    expect(result.statusCode).toBe(200)
    expect(sql.length).toBeLessThanOrEqual(6)
  })
})

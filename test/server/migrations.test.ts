import { sql } from 'kysely'
import { migrator } from '../../server/src/db/database'
import { createTestDb, dialects, rejectionOf, type TestDb } from './harness'

async function tableNames(t: TestDb): Promise<string[]> {
  if (t.dialect === 'postgres') {
    const r = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name not like 'kysely_%'`.execute(t.handle.db)
    return r.rows.map((x) => x.name).sort()
  }
  const r = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%'`.execute(t.handle.db)
  return r.rows.map((x) => x.name).sort()
}

const CONSTRAINT = /check|constraint|unique|duplicate/i

describe.each(dialects())('migrations (%s)', (dialect) => {
  let t: TestDb
  beforeAll(async () => {
    t = await createTestDb(dialect, { migrate: false })
  })
  afterAll(async () => t.drop())

  test('up creates the whole domain, every step down undoes it, up again recreates the same tables', async () => {
    const m = migrator(t.handle.db, t.handle.schema)
    const up = await m.migrateToLatest()
    expect(up.error).toBeUndefined()
    const tables = await tableNames(t)
    for (const name of ['communities', 'houses', 'registered_owners', 'move_in_cases', 'case_stages', 'case_events', 'slots', 'reservations', 'payment_orders', 'receipts', 'key_handovers', 'survey_responses', 'audit_log']) {
      expect(tables).toContain(name)
    }

    // every migration steps down cleanly, back to an empty database
    for (;;) {
      const down = await m.migrateDown()
      expect(down.error).toBeUndefined()
      if (!down.results?.length) break
    }
    expect(await tableNames(t)).toEqual([])

    const again = await m.migrateToLatest()
    expect(again.error).toBeUndefined()
    expect(await tableNames(t)).toEqual(tables)
  }, 120_000) // ~70 migrations up, down and up again: slow on PostgreSQL when the machine is busy

  test('ids are plain numbers and slots refuse overbooking (CHECK)', async () => {
    const db = t.handle.db
    const c = await db.insertInto('communities').values({ name: 'x', created_at: new Date().toISOString() }).returning('id').executeTakeFirstOrThrow()
    expect(typeof c.id).toBe('number')
    const s = await db
      .insertInto('slots')
      .values({ community_id: c.id, batch: 'b', date: '2026-03-03', start_time: '09:00', end_time: '10:00', capacity: 1, booked: 0 })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db.updateTable('slots').set({ booked: 1 }).where('id', '=', s.id).execute()
    expect(await rejectionOf(db.updateTable('slots').set({ booked: 2 }).where('id', '=', s.id).execute())).toMatch(CONSTRAINT)
    expect(await rejectionOf(db.updateTable('slots').set({ booked: -1 }).where('id', '=', s.id).execute())).toMatch(CONSTRAINT)
  })

  test('only one active reservation per house (partial unique index)', async () => {
    const db = t.handle.db
    const at = new Date().toISOString()
    const c = await db.insertInto('communities').values({ name: 'y', created_at: at }).returning('id').executeTakeFirstOrThrow()
    const b = await db.insertInto('buildings').values({ community_id: c.id, name: '1栋' }).returning('id').executeTakeFirstOrThrow()
    const h = await db
      .insertInto('houses')
      .values({ community_id: c.id, building_id: b.id, unit: '1', room: '101', area: 89.5, batch: '第一批', invite_token: 'tok123', created_at: at })
      .returning(['id', 'area'])
      .executeTakeFirstOrThrow()
    expect(h.area).toBe(89.5)
    const k = await db.insertInto('move_in_cases').values({ house_id: h.id, owner_id: null, verified_at: null, verified_role: null, done_at: null, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()
    const s = await db.insertInto('slots').values({ community_id: c.id, batch: '第一批', date: '2026-03-03', start_time: '09:00', end_time: '10:00', capacity: 5 }).returning('id').executeTakeFirstOrThrow()
    const row = { case_id: k.id, house_id: h.id, slot_id: s.id, idempotency_key: null, created_at: at, cancelled_at: null }
    await db.insertInto('reservations').values({ ...row, status: 'cancelled' }).execute()
    await db.insertInto('reservations').values({ ...row, status: 'active' }).execute()
    await db.insertInto('reservations').values({ ...row, status: 'cancelled' }).execute()
    expect(await rejectionOf(db.insertInto('reservations').values({ ...row, status: 'active' }).execute())).toMatch(CONSTRAINT)
  })
})

import { sql } from 'kysely'
import { compiledOnce } from '../../server/src/db/compiled'
import type { Executor } from '../../server/src/db/database'
import { createTestDb, dialects, type TestDb } from './harness'

// Hot queries compiled once (server/src/db/compiled.ts): the same rows as the builder, the
// arguments of each call (not those of the first), constants kept, transactions included.
describe.each(dialects())('compiledOnce (%s)', (dialect) => {
  let t: TestDb
  beforeAll(async () => {
    t = await createTestDb(dialect)
    const db = t.handle.db
    const c = await db
      .insertInto('communities')
      .values({ name: '编译小区', address: '测试路 1 号', service_phone: '0755-1', created_at: '2026-01-01T00:00:00.000Z' } as never)
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('buildings')
      .values([
        { community_id: Number(c.id), name: 'A栋', sort: 1 },
        { community_id: Number(c.id), name: 'B栋', sort: 2 },
        { community_id: Number(c.id), name: 'C栋', sort: 3 }
      ])
      .execute()
  })
  afterAll(async () => t.drop())

  const byName = compiledOnce((db: Executor, name: string) => db.selectFrom('buildings').select(['name', 'sort']).where('name', '=', name).where('sort', '<', 10))
  const bySortRange = compiledOnce((db: Executor, low: number, high: number) =>
    db.selectFrom('buildings').select('name').where('sort', '>=', low).where('sort', '<=', high).orderBy('sort')
  )

  test('each call binds its own arguments; constants of the builder stay', async () => {
    const db = t.handle.db
    expect((await byName(db, 'A栋')).rows).toEqual([{ name: 'A栋', sort: 1 }])
    expect((await byName(db, 'C栋')).rows).toEqual([{ name: 'C栋', sort: 3 }])
    expect((await byName(db, '无此楼')).rows).toEqual([])
    // argument order is the builder's, not the order the parameters happen to appear in
    expect((await bySortRange(db, 2, 3)).rows.map((r) => r.name)).toEqual(['B栋', 'C栋'])
    const built = await db.selectFrom('buildings').select('name').where('sort', '>=', 1).where('sort', '<=', 2).orderBy('sort').execute()
    expect((await bySortRange(db, 1, 2)).rows).toEqual(built)
  })

  test('works inside a transaction and reports affected rows of a write', async () => {
    const rename = compiledOnce((db: Executor, from: string, to: string) => db.updateTable('buildings').set({ name: to }).where('name', '=', from))
    await t.handle.db.transaction().execute(async (tx) => {
      const r = await rename(tx, 'B栋', 'B座')
      expect(Number(r.numAffectedRows)).toBe(1)
      expect((await byName(tx, 'B座')).rows).toEqual([{ name: 'B座', sort: 2 }])
      expect(Number((await rename(tx, '无此楼', 'x')).numAffectedRows)).toBe(0)
    })
    expect((await byName(t.handle.db, 'B座')).rows).toHaveLength(1)
  })

  test('an argument that does not become one bound parameter is refused, not silently baked in', async () => {
    const literal = compiledOnce((db: Executor, name: string) => db.selectFrom('buildings').select('name').where('name', '=', sql.lit(name)))
    await expect(literal(t.handle.db, 'A栋')).rejects.toThrow(/did not become a bound parameter/)
  })
})

/*
 * PostgreSQL statements prepared once per connection (server/src/db/pg-prepared.ts): which
 * statements get a name, and that a connection of the app's pool really holds them prepared
 * (pg_prepared_statements) while `*` reads and DDL stay unnamed.
 */
import { sql } from 'kysely'
import { loadConfig } from '../../server/src/config'
import { createDb } from '../../server/src/db/database'
import { MAX_PARAMS, statementName } from '../../server/src/db/pg-prepared'
import { createTestDb, dialects, TEST_SECRET, type TestDb } from './harness'

describe('which statements are prepared', () => {
  test('on unless PG_PREPARED_STATEMENTS=0 (a pooler that cannot keep prepared statements)', () => {
    const cfg = (v?: string) => loadConfig({ ANJIA_SECRET_KEY: TEST_SECRET, DATA_DIR: '/tmp/anjia-pg-prepared', ...(v === undefined ? {} : { PG_PREPARED_STATEMENTS: v }) })
    expect(cfg().pgPreparedStatements).toBe(true)
    expect(cfg('1').pgPreparedStatements).toBe(true)
    expect(cfg('0').pgPreparedStatements).toBe(false)
    expect(cfg('false').pgPreparedStatements).toBe(false)
  })

  test('DML with an explicit column list is named, the same text always with the same name', () => {
    const a = statementName('select "id", "label" from "houses" where "id" = $1', 1)
    expect(a).toMatch(/^a_[0-9a-f]{24}$/)
    expect(statementName('select "id", "label" from "houses" where "id" = $1', 1)).toBe(a)
    expect(statementName('update "slots" set "booked" = "booked" + 1 where "id" = $1 and "booked" < "capacity"', 1)).toMatch(/^a_/)
    expect(statementName('with x as (select "id" from "slots") select count(*) from x', 0)).toMatch(/^a_/)
    expect(statementName('select "id", "label" from "houses" where "id" = $1', 1)).not.toBe(statementName('select "id" from "houses" where "id" = $1', 1))
  })

  test('a read of * (its columns fixed at prepare time), DDL, transaction control and long parameter lists are not', () => {
    expect(statementName('select * from "houses" where "id" = $1', 1)).toBeNull()
    expect(statementName('select "h".* from "houses" as "h" where "h"."id" = $1', 1)).toBeNull()
    expect(statementName('insert into "audit_log" ("action") values ($1) returning *', 1)).toBeNull()
    expect(statementName('alter table "houses" add column "x" integer', 0)).toBeNull()
    expect(statementName('begin', 0)).toBeNull()
    expect(statementName(`select "id" from "houses" where "id" in (${Array.from({ length: MAX_PARAMS + 1 }, (_, i) => `$${i + 1}`).join(', ')})`, MAX_PARAMS + 1)).toBeNull()
  })
})

const pgOnly = dialects().filter((d) => d === 'postgres')
;(pgOnly.length ? describe.each(pgOnly) : describe.skip.each(['postgres']))('prepared on the connection (%s)', (dialect) => {
  let t: TestDb
  beforeAll(async () => {
    t = await createTestDb(dialect)
  })
  afterAll(async () => t.drop())

  test('a named statement is prepared once on its connection and answers as before; a * read is not prepared', async () => {
    await t.handle.db.connection().execute(async (c) => {
      const one = await c.selectFrom('communities').select(['id']).where('id', '=', 1).execute()
      const two = await c.selectFrom('communities').select(['id']).where('id', '=', 2).execute()
      expect(one).toEqual([])
      expect(two).toEqual([])
      await c.selectFrom('communities').selectAll().where('id', '=', 3).execute()
      const prepared = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(c)
      const texts = prepared.rows.map((r) => r.statement)
      expect(texts.filter((s) => s.startsWith('select "id" from "communities"'))).toHaveLength(1)
      expect(texts.some((s) => s.includes('select * from "communities"'))).toBe(false)
      expect(prepared.rows.every((r) => /^a_[0-9a-f]{24}$/.test(r.name))).toBe(true)
    })
  })

  test('turned off, statements run unnamed as before', async () => {
    const plain = createDb({ databaseUrl: process.env.DATABASE_URL!, schema: t.handle.schema, preparedStatements: false })
    try {
      await plain.db.connection().execute(async (c) => {
        await c.selectFrom('communities').select(['id']).where('id', '=', 1).execute()
        const prepared = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(c)
        expect(prepared.rows).toEqual([])
      })
    } finally {
      await plain.destroy()
    }
  })
})

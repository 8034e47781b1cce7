import fs from 'node:fs'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration, type MigrationProvider, type Transaction } from 'kysely'
import pg from 'pg'
import type { Database } from './schema'
import { prepareStatements } from './pg-prepared'
import * as m20260101000000 from './migrations/20260101000000_init'
import * as m20261127000301 from './migrations/20261127000301_documents'
import * as m20261127000402 from './migrations/20261127000402_onsite'
import * as m20261127000503 from './migrations/20261127000503_fees'
import * as m20261127000404 from './migrations/20261127000404_inspections'
import * as m20261201000700 from './migrations/20261201000700_going_live'
import * as m20261201000740 from './migrations/20261201000740_setup'
import * as m20261201000810 from './migrations/20261201000810_dashboard'
import * as m20261201000820 from './migrations/20261201000820_scheduler'
import * as m20261201000830 from './migrations/20261201000830_contractors'
import * as m20261201001100 from './migrations/20261201001100_instances'
import * as m20261202000300 from './migrations/20261202000300_document_pages'
import * as m20261202000301 from './migrations/20261202000301_survey_problems_wording'
import * as m20261202000700 from './migrations/20261202000700_payment_close'
import * as m20261202000900 from './migrations/20261202000900_checkin_short_codes'
import * as m20261202000910 from './migrations/20261202000910_reception_windows'
import * as m20261202001100 from './migrations/20261202001100_checkin_idempotency'

// int8 (count(*), sums) as numbers: our values stay far below 2^53.
pg.types.setTypeParser(20, Number)

export type Dialect = 'sqlite' | 'postgres'
export type Db = Kysely<Database>
export type Tx = Transaction<Database>
/** A database handle or an open transaction: repositories accept either. */
export type Executor = Kysely<Database> | Transaction<Database>

export interface DbHandle {
  db: Db
  dialect: Dialect
  /** PostgreSQL schema the handle is bound to (tests), if any */
  schema?: string
  destroy: () => Promise<void>
}

export interface CreateDbOptions {
  databaseUrl?: string
  dataDir?: string
  /** SQLite file path (default DATA_DIR/anjia.db) */
  sqliteFile?: string
  /** PostgreSQL schema used as search_path (tests: one schema per file) */
  schema?: string
  /** PostgreSQL: named prepared statements (pg-prepared.ts); default on */
  preparedStatements?: boolean
}

export function createDb(opts: CreateDbOptions): DbHandle {
  if (opts.databaseUrl) {
    if (opts.schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) throw new Error('invalid schema name')
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {})
    })
    // each connection parses and plans a statement once (pg-prepared.ts); off behind a pooler
    // that cannot keep prepared statements (PgBouncer in transaction mode before 1.21)
    if (opts.preparedStatements !== false) pool.on('connect', prepareStatements)
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { db, dialect: 'postgres', schema: opts.schema, destroy: () => db.destroy() }
  }
  const file = opts.sqliteFile ?? path.join(opts.dataDir ?? 'data', 'anjia.db')
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new SqliteDatabase(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  cachePreparedStatements(sqlite)
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  return { db, dialect: 'sqlite', destroy: () => db.destroy() }
}

/**
 * Kysely prepares every SQLite statement again on each query; better-sqlite3 statements are
 * reusable (Kysely runs them synchronously, one at a time), so keep them by SQL text. The
 * reservation rush profile spent ~16% of the server's CPU in prepare() before this.
 */
function cachePreparedStatements(sqlite: SqliteDatabase.Database, max = 1000): void {
  const prepare = sqlite.prepare.bind(sqlite)
  const cache = new Map<string, SqliteDatabase.Statement>()
  ;(sqlite as { prepare: (source: string) => SqliteDatabase.Statement }).prepare = (source: string) => {
    let stmt = cache.get(source)
    if (!stmt) {
      stmt = prepare(source)
      if (cache.size >= max) cache.delete(cache.keys().next().value as string)
      cache.set(source, stmt)
    }
    return stmt
  }
}

/** Static list: migrations ship inside the compiled bundle, no folder scanning. */
export const MIGRATIONS: Record<string, Migration> = {
  '20260101000000_init': m20260101000000,
  '20261127000301_documents': m20261127000301,
  '20261127000402_onsite': m20261127000402,
  '20261127000404_inspections': m20261127000404,
  '20261127000503_fees': m20261127000503,
  '20261201000700_going_live': m20261201000700,
  '20261201000740_setup': m20261201000740,
  '20261201000810_dashboard': m20261201000810,
  '20261201000820_scheduler': m20261201000820,
  '20261201000830_contractors': m20261201000830,
  '20261201001100_instances': m20261201001100,
  '20261202000300_document_pages': m20261202000300,
  '20261202000301_survey_problems_wording': m20261202000301,
  '20261202000700_payment_close': m20261202000700,
  '20261202000900_checkin_short_codes': m20261202000900,
  '20261202000910_reception_windows': m20261202000910,
  '20261202001100_checkin_idempotency': m20261202001100
}

class StaticProvider implements MigrationProvider {
  async getMigrations() {
    return MIGRATIONS
  }
}

/**
 * `schema`: where Kysely keeps its migration tables. Needed whenever several schemas hold
 * them (one per test file): Kysely's existence check otherwise sees another schema's table.
 */
export function migrator(db: Kysely<any>, schema?: string): Migrator {
  return new Migrator({ db, provider: new StaticProvider(), ...(schema ? { migrationTableSchema: schema } : {}) })
}

export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<void> {
  // Kysely's migrator first lists the tables of EVERY schema (introspection). When another
  // schema of the same database is migrated down at that moment (one schema per test file; the
  // admin CLI and tests share a database), the listing fails with `relation "<other>.<table>"
  // does not exist`. It fails before any migration runs (and PostgreSQL migrations run in one
  // transaction), so trying again is safe; an error naming our own schema is never retried.
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator(db, schema).migrateToLatest()
    const failed = results?.find((r) => r.status === 'Error')
    if (!error && !failed) return
    const message = error instanceof Error ? error.message : ''
    const otherSchemaChanged = !failed && /does not exist/.test(message) && !(schema && message.includes(schema))
    if (!otherSchemaChanged || attempt >= 5) throw error instanceof Error ? error : new Error(`migration failed: ${failed?.migrationName}`)
    await new Promise((r) => setTimeout(r, 100 * attempt))
  }
}

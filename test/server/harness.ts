/*
 * Test harness: one fresh database per test file (a SQLite file under the OS temp dir, or a
 * PostgreSQL schema when DATABASE_URL is set), the app built in-process (app.inject, no
 * network), a movable clock, and the log lines captured for assertions.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { buildApp, type App } from '../../server/src/app'
import { loadConfig, type AppConfig } from '../../server/src/config'
import { createDb, migrateToLatest, type DbHandle, type Dialect } from '../../server/src/db/database'
import { seedDemo } from '../../server/src/seed/demo'

export type { Dialect }

/** ['sqlite'] plus 'postgres' when DATABASE_URL is set. */
export function dialects(): Dialect[] {
  return process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite']
}

/** Fixed test master key (hex) so nothing touches DATA_DIR/secret.key. */
export const TEST_SECRET = crypto.createHash('sha256').update('anjia-test-secret').digest('hex')

export class Clock {
  constructor(public t: Date = new Date('2026-03-02T02:00:00.000Z')) {}
  now = () => new Date(this.t.getTime())
  advance(ms: number) {
    this.t = new Date(this.t.getTime() + ms)
  }
  set(iso: string) {
    this.t = new Date(iso)
  }
}

export interface TestDb {
  handle: DbHandle
  dialect: Dialect
  dataDir: string
  drop: () => Promise<void>
}

/** A fresh, migrated database of the given dialect. */
export async function createTestDb(dialect: Dialect, opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjia-test-'))
  let handle: DbHandle
  let drop: () => Promise<void>
  if (dialect === 'postgres') {
    const url = process.env.DATABASE_URL!
    // prefixed by the run (pg-setup.cjs) so pg-teardown.cjs can drop them all at the end
    const schema = `${process.env.ANJIA_TEST_RUN ?? 'tmanual'}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`CREATE SCHEMA ${schema}`)
    await admin.end()
    handle = createDb({ databaseUrl: url, schema })
    drop = async () => {
      // the schema itself is dropped by pg-teardown.cjs once every file is done
      await handle.destroy().catch(() => undefined)
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  } else {
    handle = createDb({ sqliteFile: path.join(dataDir, 'anjia.db') })
    drop = async () => {
      await handle.destroy().catch(() => undefined)
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }
  if (opts.migrate !== false) await migrateToLatest(handle.db, handle.schema)
  return { handle, dialect, dataDir, drop }
}

export interface TestApp {
  app: App
  db: TestDb
  config: AppConfig
  clock: Clock
  /** every JSON log line the app wrote */
  logs: string[]
  close: () => Promise<void>
}

/** Builds the app over a fresh database with the demo community seeded. */
export async function createTestApp(dialect: Dialect, opts: { seed?: boolean; config?: Partial<AppConfig> } = {}): Promise<TestApp> {
  const db = await createTestDb(dialect)
  const clock = new Clock()
  const config = loadConfig(
    // every test request comes from one address: the request-rate limit is set high unless a test sets its own
    { ANJIA_SECRET_KEY: TEST_SECRET, DATA_DIR: db.dataDir, LOG_LEVEL: 'info', WEB_ROOT: path.join(db.dataDir, 'no-web'), RATE_LIMIT_MAX: '1000000' },
    { now: clock.now, ...opts.config }
  )
  if (opts.seed !== false) await seedDemo(db.handle.db, config)
  const logs: string[] = []
  const app = await buildApp({ config, db: db.handle, logger: { stream: { write: (line: string) => void logs.push(line) } } })
  await app.ready()
  return {
    app,
    db,
    config,
    clock,
    logs,
    close: async () => {
      await app.close()
      await db.drop()
    }
  }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** A minimal valid PNG (1x1, white; it decodes: uploads are decoded and re-encoded). */
export const PNG_1x1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000970485973000003e8000003e801b57b526b' +
    '0000000d4944415408d763f8ffffff7f0009fb03fdd1838cf00000000049454e44ae426082',
  'hex'
)

/** A real 2x2 grey JPEG (baseline, no EXIF). */
export const JPEG_2x2 = Buffer.from(
  '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/' +
    'wAARCAACAAIDASIAAhEBAxEB/8QAFAABAAAAAAAAAAAAAAAAAAAAAP/EABQQAQAAAAAAAAAAAAAAAAAAAAD/xAAUAQEAAAAAAAAAAAAAAAAAAAAA/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAwDAQACEQMRAD8AAA//2Q==',
  'base64'
)

/** A multipart/form-data body with one file field. */
export function multipart(file: Buffer, filename = 'scan.png', field = 'file', mime = 'application/octet-stream') {
  const boundary = '----anjia' + crypto.randomBytes(8).toString('hex')
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${mime}\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`)
  ])
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/**
 * A connection address standing for the client `label` (inject's remoteAddress): the server
 * knows a client by its address only, so tests that need separate clients use separate ones.
 */
export function clientAddress(label: string): string {
  const h = crypto.createHash('sha256').update(label).digest()
  return `10.${h[0]}.${h[1]}.${h[2]}`
}

/** Verifies the demo owner of `houseIndex` and returns the session body. */
export async function verifyAs(
  t: TestApp,
  houseIndex: number,
  extra: { delegate?: { name: string; idNumber: string }; wxCode?: string; client?: string } = {}
) {
  const { demoOwnerCredentials } = await import('../../server/src/seed/demo')
  const c = demoOwnerCredentials(houseIndex)
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/owner/verify',
    remoteAddress: clientAddress(extra.client ?? `client-${houseIndex}-${Math.random()}`),
    payload: {
      token: c.token,
      ownerName: c.ownerName,
      ownerIdTail: c.idTail,
      ...(extra.delegate ? { delegate: extra.delegate } : {}),
      ...(extra.wxCode ? { wxCode: extra.wxCode } : {})
    }
  })
  if (res.statusCode !== 200) throw new Error(`verify failed: ${res.statusCode} ${res.body}`)
  return res.json() as { sessionToken: string; expiresAt: string; role: 'owner' | 'delegate'; house: { id: number; label: string } }
}

/** Logs a demo staff account in and returns its token. */
export async function staffLogin(t: TestApp, role: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/staff/login', payload: { username: role, password: `anjia-${role}-2026` } })
  if (res.statusCode !== 200) throw new Error(`staff login failed: ${res.statusCode} ${res.body}`)
  return res.json().token
}

/** A valid 18-digit resident ID (check digit computed) for delegates in tests. */
export function makeIdNumber(first17 = '11010519491231002'): string {
  const { idCheckDigit } = require('../../server/src/lib/crypto') as typeof import('../../server/src/lib/crypto')
  return first17 + idCheckDigit(first17)
}

/**
 * The message a promise rejects with, or 'resolved'. Use it instead of `rejects.toThrow()` for
 * database errors: better-sqlite3 is a native module loaded once per jest worker, so after the
 * first test file its errors belong to another file's realm, fail jest's `instanceof Error`
 * check, and `rejects.toThrow()` then reports "did not throw" although the write was refused.
 */
export async function rejectionOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'resolved',
    (e: unknown) => String((e as { message?: string })?.message ?? e)
  )
}

/*
 * A second API instance over the SAME database as a TestApp: another DbHandle on the same
 * PostgreSQL schema (its own pool) or the same SQLite file (its own connection), and another
 * buildApp() with the same config and clock. What two production instances share is exactly
 * this: the database, nothing in memory.
 */
import path from 'node:path'
import { buildApp, type App } from '../../server/src/app'
import { createDb, type DbHandle } from '../../server/src/db/database'
import type { TestApp } from './harness'

export interface SecondInstance {
  app: App
  handle: DbHandle
  close: () => Promise<void>
}

export function secondHandle(t: TestApp): DbHandle {
  return t.db.dialect === 'postgres'
    ? createDb({ databaseUrl: process.env.DATABASE_URL!, schema: t.db.handle.schema })
    : createDb({ sqliteFile: path.join(t.db.dataDir, 'anjia.db') })
}

export async function secondInstance(t: TestApp): Promise<SecondInstance> {
  const handle = secondHandle(t)
  const app = await buildApp({ config: t.config, db: handle, logger: false, storage: t.app.storage })
  await app.ready()
  return {
    app,
    handle,
    close: async () => {
      await app.close()
      await handle.destroy()
    }
  }
}

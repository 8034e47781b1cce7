// The attempt log behind the guessing limits (core/attempts.ts): one verify_attempts row per
// limited key per attempt; `client_key` holds the key, `house_id` the house a row is about.
import { PostgresAdapter, sql } from 'kysely'
import type { Executor } from '../db/database'

/**
 * Serialises every attempt on these keys until the transaction ends, on every instance
 * sharing the database: PostgreSQL transaction-level advisory locks, taken in sorted order so
 * two attempts on overlapping keys never deadlock. SQLite needs none: one connection, one
 * transaction at a time.
 */
export async function lockKeys(tx: Executor, keys: string[]): Promise<void> {
  if (!(tx.getExecutor().adapter instanceof PostgresAdapter)) return
  for (const key of [...new Set(keys)].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx)
  }
}

/** Failure timestamps of `key` after `since`, newest first, at most `limit`. */
export async function recentFailures(db: Executor, key: string, since: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('verify_attempts')
    .select('at')
    .where('client_key', '=', key)
    .where('success', '=', 0)
    .where('at', '>', since)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => r.at)
}

/** Writes one failed attempt per key; returns the row ids. */
export async function insertFailures(db: Executor, rows: { key: string; houseId: number | null }[], at: string): Promise<number[]> {
  if (rows.length === 0) return []
  const out = await db
    .insertInto('verify_attempts')
    .values(rows.map((r) => ({ house_id: r.houseId, client_key: r.key, success: 0, at })))
    .returning('id')
    .execute()
  return out.map((r) => Number(r.id))
}

/** Turns taken attempts into successes (they stop counting). */
export async function markSucceeded(db: Executor, ids: number[]): Promise<void> {
  if (ids.length === 0) return
  await db.updateTable('verify_attempts').set({ success: 1 }).where('id', 'in', ids).execute()
}

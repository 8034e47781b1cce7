/*
 * Community set-up (issue 7): slot generation is idempotent per batch + date + start time,
 * so a re-run (or two managers at once) never doubles a slot. The demo and every existing
 * community already have at most one slot per key.
 * FROZEN once shipped: imports nothing from the app.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('slots_batch_date_start_uq')
    .on('slots')
    .columns(['community_id', 'batch', 'date', 'start_time'])
    .unique()
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('slots_batch_date_start_uq').ifExists().execute()
}

/*
 * Community set-up (issue 7): slot generation looks up the slots a batch already has by
 * batch + date + start time. Not unique: a community may run two desks in one window (and
 * tests add extra slots); generation itself never doubles a slot (it locks the batch row,
 * see modules/setup/repository.ts lockBatch).
 * FROZEN once shipped: imports nothing from the app.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('slots_batch_date_start_idx').on('slots').columns(['community_id', 'batch', 'date', 'start_time']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('slots_batch_date_start_idx').ifExists().execute()
}

/*
 * Inspections (issue 4, part 2): the repair note written when a defect is marked fixed, the
 * owner's confirmation time of a fix, and a lookup index for the latest item results of a
 * round. FROZEN once shipped: imports nothing from the app.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('repair_orders').addColumn('note', 'text').execute()
  await db.schema.alterTable('defects').addColumn('confirmed_at', 'text').execute()
  await db.schema
    .createIndex('inspection_results_item_idx')
    .on('inspection_results')
    .columns(['inspection_id', 'room', 'item'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('inspection_results_item_idx').ifExists().execute()
  await db.schema.alterTable('defects').dropColumn('confirmed_at').execute()
  await db.schema.alterTable('repair_orders').dropColumn('note').execute()
}

/*
 * Reception check-ins queued offline (issue 12 item 1): the phone's idempotency key is kept
 * on the check-in it created, so a retry after a lost answer is recognised (the original
 * check-in, 200) like the inspector's entries. Unique, nullable: the owner's own tap has none.
 * FROZEN once shipped: imports nothing from the app.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('checkins').addColumn('idempotency_key', 'text').execute()
  await db.schema.createIndex('checkins_idem_uq').on('checkins').column('idempotency_key').unique().execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('checkins_idem_uq').ifExists().execute()
  await db.schema.alterTable('checkins').dropColumn('idempotency_key').execute()
}

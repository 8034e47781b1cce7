/*
 * On-site day (issue 4): a per-community, per-day queue counter (atomic upsert hands out
 * queue numbers), who called a check-in, and the closing note of follow-up tasks.
 * FROZEN once shipped.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('queue_counters')
    .addColumn('community_id', 'integer', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('last_no', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('queue_counters_pk', ['community_id', 'date'])
    .execute()
  await db.schema.alterTable('checkins').addColumn('called_by', 'integer', (c) => c.references('staff_users.id').onDelete('set null')).execute()
  await db.schema.alterTable('followup_tasks').addColumn('note', 'text').execute()
  await db.schema.alterTable('followup_tasks').addColumn('closed_by', 'integer', (c) => c.references('staff_users.id').onDelete('set null')).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('followup_tasks').dropColumn('closed_by').execute()
  await db.schema.alterTable('followup_tasks').dropColumn('note').execute()
  await db.schema.alterTable('checkins').dropColumn('called_by').execute()
  await db.schema.dropTable('queue_counters').ifExists().execute()
}

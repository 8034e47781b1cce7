/*
 * Scheduler (issue 8 item 4): timed jobs, staff alerts (风险预警), once-only marks, and the
 * owner-notification outbox retry columns.
 * FROZEN once shipped: imports nothing from the app.
 *
 * - scheduler_jobs: one row per job name; an instance runs a job only after winning one
 *   conditional UPDATE on its row (next_run_at due, lease free), so several API instances on
 *   one PostgreSQL run each job run exactly once.
 * - alerts: one row per breach (`key` unique), resolved when the breach ends.
 * - scheduler_marks: "done once" keys (e.g. the reminder of one reservation for one date).
 * - wx_messages: attempts, next_attempt_at (backoff), claimed_at (a stuck 'sending' row).
 */
import { type Kysely, PostgresAdapter } from 'kysely'

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db)
  await db.schema
    .createTable('scheduler_jobs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('next_run_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('locked_by', 'text')
    .addColumn('last_started_at', 'text')
    .addColumn('last_finished_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('runs', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()

  const alerts = db.schema.createTable('alerts')
  await (pg ? alerts.addColumn('id', 'serial', (c) => c.primaryKey()) : alerts.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('key', 'text', (c) => c.notNull().unique())
    /** review_overdue | checkin_wait | followup_overdue | repair_overdue */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('community_id', 'integer', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('case_id', 'integer', (c) => c.references('move_in_cases.id').onDelete('cascade'))
    .addColumn('house_id', 'integer', (c) => c.references('houses.id').onDelete('cascade'))
    .addColumn('responsible_role', 'text', (c) => c.notNull())
    .addColumn('staff_user_id', 'integer', (c) => c.references('staff_users.id').onDelete('set null'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('acked_at', 'text')
    .addColumn('acked_by', 'integer', (c) => c.references('staff_users.id').onDelete('set null'))
    .execute()
  await db.schema.createIndex('alerts_community_open_idx').on('alerts').columns(['community_id', 'resolved_at', 'responsible_role']).execute()
  await db.schema.createIndex('alerts_kind_open_idx').on('alerts').columns(['kind', 'resolved_at']).execute()

  await db.schema
    .createTable('scheduler_marks')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()

  await db.schema.alterTable('wx_messages').addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('wx_messages').addColumn('next_attempt_at', 'text').execute()
  await db.schema.alterTable('wx_messages').addColumn('claimed_at', 'text').execute()
  await db.schema.createIndex('wx_messages_status_idx').on('wx_messages').columns(['status', 'next_attempt_at']).execute()

  // pruning and retention scan by these
  await db.schema.createIndex('owner_sessions_expires_idx').on('owner_sessions').columns(['expires_at']).execute()
  await db.schema.createIndex('staff_sessions_expires_idx').on('staff_sessions').columns(['expires_at']).execute()
  await db.schema.createIndex('verify_attempts_at_idx').on('verify_attempts').columns(['at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('verify_attempts_at_idx').ifExists().execute()
  await db.schema.dropIndex('staff_sessions_expires_idx').ifExists().execute()
  await db.schema.dropIndex('owner_sessions_expires_idx').ifExists().execute()
  await db.schema.dropIndex('wx_messages_status_idx').ifExists().execute()
  await db.schema.alterTable('wx_messages').dropColumn('claimed_at').execute()
  await db.schema.alterTable('wx_messages').dropColumn('next_attempt_at').execute()
  await db.schema.alterTable('wx_messages').dropColumn('attempts').execute()
  await db.schema.dropTable('scheduler_marks').ifExists().execute()
  await db.schema.dropTable('alerts').ifExists().execute()
  await db.schema.dropTable('scheduler_jobs').ifExists().execute()
}

/*
 * Documents + notifications (issue 3): a link on owner notifications, the owner's accepted
 * WeChat subscription templates, and the outbox of subscription messages (sandbox records
 * what it would send, without personal data). FROZEN once shipped.
 */
import { type Kysely, PostgresAdapter } from 'kysely'

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db)
  const table = (name: string) => {
    const tb = db.schema.createTable(name)
    return pg
      ? tb.addColumn('id', 'serial', (c) => c.primaryKey())
      : tb.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
  }
  await db.schema.alterTable('notifications').addColumn('link', 'text').execute()
  await table('wx_subscriptions')
    .addColumn('case_id', 'integer', (c) => c.notNull().references('move_in_cases.id').onDelete('cascade'))
    .addColumn('template_id', 'text', (c) => c.notNull())
    /** one-time subscription credits: each accepted request allows one message */
    .addColumn('credits', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('wx_subscriptions_case_tpl_idx').on('wx_subscriptions').columns(['case_id', 'template_id']).unique().execute()
  await table('wx_messages')
    .addColumn('case_id', 'integer', (c) => c.notNull().references('move_in_cases.id').onDelete('cascade'))
    .addColumn('notification_id', 'integer', (c) => c.references('notifications.id').onDelete('set null'))
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    /** sandbox | sent | failed | skipped */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('wx_messages_case_idx').on('wx_messages').columns(['case_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('wx_messages').ifExists().execute()
  await db.schema.dropTable('wx_subscriptions').ifExists().execute()
  await db.schema.alterTable('notifications').dropColumn('link').execute()
}

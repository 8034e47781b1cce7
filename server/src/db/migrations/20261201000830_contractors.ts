/*
 * Contractors (施工单位, issue 8 item 5): who fixes which defects, and the inspector's
 * verification of each fix.
 * FROZEN once shipped: imports nothing from the app.
 *
 * - contractors: one row per company per community. `trades` is a JSON array of the defect
 *   categories it handles. The contact phone is a company's work contact, printed on the
 *   整改通知单 it receives, so it is stored as text (not an owner's personal data).
 * - repair_orders gains the contractor it is assigned to, the inspector's verification
 *   (verified_at / verified_by), how often a reported fix was rejected (reopened_count) and
 *   the last rejection reason.
 */
import { type Kysely, PostgresAdapter } from 'kysely'

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db)
  const t = db.schema.createTable('contractors')
  await (pg ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('community_id', 'integer', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('trades', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('contact_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contact_phone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('contractors_community_name_uq', ['community_id', 'name'])
    .execute()

  // SQLite cannot drop a column that takes part in a foreign key (down would fail), so the
  // two references are declared on PostgreSQL only; the services check them on both.
  const fk = (table: string) => (c: any) => (pg ? c.references(`${table}.id`) : c)
  await db.schema.alterTable('repair_orders').addColumn('contractor_id', 'integer', fk('contractors')).execute()
  await db.schema.alterTable('repair_orders').addColumn('assigned_at', 'text').execute()
  await db.schema.alterTable('repair_orders').addColumn('verified_at', 'text').execute()
  await db.schema.alterTable('repair_orders').addColumn('verified_by', 'integer', fk('staff_users')).execute()
  await db.schema.alterTable('repair_orders').addColumn('reopened_count', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('repair_orders').addColumn('reject_reason', 'text').execute()
  await db.schema.createIndex('repair_orders_contractor_idx').on('repair_orders').columns(['contractor_id', 'status']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('repair_orders_contractor_idx').ifExists().execute()
  for (const col of ['reject_reason', 'reopened_count', 'verified_by', 'verified_at', 'assigned_at', 'contractor_id']) {
    await db.schema.alterTable('repair_orders').dropColumn(col).execute()
  }
  await db.schema.dropTable('contractors').execute()
}

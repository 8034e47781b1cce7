/*
 * Check-in by scanning (issue 12 item 2): the short code of digits an owner can read aloud at
 * reception when the QR cannot be scanned. One per case and Shanghai day, unique inside the
 * community's day, so a typed code names exactly one owner.
 * FROZEN once shipped: imports nothing from the app.
 */
import { type Kysely, PostgresAdapter } from 'kysely'

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db)
  const t = db.schema.createTable('checkin_short_codes')
  await (pg ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('community_id', 'integer', (c) => c.notNull().references('communities.id').onDelete('cascade'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('case_id', 'integer', (c) => c.notNull().references('move_in_cases.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('checkin_short_codes_code_uq', ['community_id', 'date', 'code'])
    .addUniqueConstraint('checkin_short_codes_case_uq', ['case_id', 'date'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('checkin_short_codes').ifExists().execute()
}

/*
 * Reception windows (issue 12 item 8): how many service windows (窗口) a community's hall has,
 * and at which window each called number is served, so a call says "请 2 号到 3 号窗口".
 * FROZEN once shipped: imports nothing from the app.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('communities').addColumn('reception_windows', 'integer', (c) => c.notNull().defaultTo(1)).execute()
  await db.schema.alterTable('checkins').addColumn('window_no', 'integer').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('checkins').dropColumn('window_no').execute()
  await db.schema.alterTable('communities').dropColumn('reception_windows').execute()
}

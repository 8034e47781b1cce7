/*
 * Payment resume/close (issue 10 item 2): `closed_at` on payment_orders is set once WeChat Pay's
 * order query has confirmed the order CLOSED (or unknown to WeChat) after we asked it to close:
 * only then can no money move on it any more, and only then may the bill get a new order.
 * FROZEN once shipped: imports nothing from the app.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payment_orders').addColumn('closed_at', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('payment_orders').dropColumn('closed_at').execute()
}

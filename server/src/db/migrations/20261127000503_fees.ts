/*
 * Fees and payments (issue 3): one bill per case, idempotency keys and payer/cashier details
 * on payment orders, and receipts that keep what they certify (amount, method, lines) even
 * if the bill is recomputed later. FROZEN once shipped: imports nothing from the app.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // A bill is derived once per case: the unique index makes a concurrent first read create one.
  await db.schema.createIndex('bills_case_uq').on('bills').column('case_id').unique().execute()

  await db.schema.alterTable('payment_orders').addColumn('idempotency_key', 'text').execute()
  await db.schema.alterTable('payment_orders').addColumn('payer_openid', 'text').execute()
  await db.schema.alterTable('payment_orders').addColumn('reference', 'text').execute()
  await db.schema.alterTable('payment_orders').addColumn('staff_user_id', 'integer').execute()
  await db.schema.alterTable('payment_orders').addColumn('failure_reason', 'text').execute()
  await db.schema.alterTable('payment_orders').addColumn('queried_at', 'text').execute()
  await db.schema.createIndex('payment_orders_idem_uq').on('payment_orders').column('idempotency_key').unique().execute()

  await db.schema.alterTable('receipts').addColumn('amount_cents', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('receipts').addColumn('method', 'text', (c) => c.notNull().defaultTo('')).execute()
  await db.schema.alterTable('receipts').addColumn('lines', 'text', (c) => c.notNull().defaultTo('[]')).execute()
  await db.schema.alterTable('receipts').addColumn('issued_by', 'text', (c) => c.notNull().defaultTo('')).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('payment_orders_idem_uq').ifExists().execute()
  await db.schema.dropIndex('bills_case_uq').ifExists().execute()
  for (const col of ['amount_cents', 'method', 'lines', 'issued_by']) {
    await db.schema.alterTable('receipts').dropColumn(col).execute()
  }
  for (const col of ['idempotency_key', 'payer_openid', 'reference', 'staff_user_id', 'failure_reason', 'queried_at']) {
    await db.schema.alterTable('payment_orders').dropColumn(col).execute()
  }
}

/*
 * Several API instances (issue 11): the WeChat Pay sandbox's state moves from DATA_DIR files
 * into the database, so an order created through one instance is known (and its notification
 * verifies) on every other.
 * FROZEN once shipped: imports nothing from the app.
 *
 * - wechatpay_sandbox_keys: one row (id 1): the sandbox's merchant/platform key pairs and APIv3
 *   key as JSON. The first instance to need them inserts; the others read that row.
 * - wechatpay_sandbox_orders: one row per out_trade_no, the sandbox's order record as JSON.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('wechatpay_sandbox_keys')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('keys_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('wechatpay_sandbox_orders')
    .addColumn('out_trade_no', 'text', (c) => c.primaryKey())
    .addColumn('record_json', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('wechatpay_sandbox_orders').execute()
  await db.schema.dropTable('wechatpay_sandbox_keys').execute()
}

/* Shared helpers of the fees/payments tests: sandbox keys from the database and forged notifications. */
import { SANDBOX_APPID, SANDBOX_MCHID } from '../../server/src/modules/payments/gateway'
import { buildSignedNotification, type SandboxKeys, type Transaction } from '../../server/src/modules/payments/wechatpay'
import { bearer, verifyAs, type TestApp } from './harness'

export async function sandboxKeys(t: TestApp): Promise<SandboxKeys> {
  const row = await t.app.db.selectFrom('wechatpay_sandbox_keys').select('keys_json').where('id', '=', 1).executeTakeFirstOrThrow()
  return JSON.parse(row.keys_json)
}

let keySeq = 0
export const idemKey = () => `test-key-${process.pid}-${++keySeq}-${Math.random().toString(36).slice(2, 10)}`

export async function ownerOf(t: TestApp, houseIndex: number, extra: { wxCode?: string } = {}) {
  const s = await verifyAs(t, houseIndex, extra)
  return { token: s.sessionToken, headers: bearer(s.sessionToken), house: s.house }
}

export async function createOrder(t: TestApp, headers: Record<string, string>, platform: 'h5' | 'weapp' = 'h5') {
  const res = await t.app.inject({ method: 'POST', url: '/api/owner/payments', headers, payload: { idempotencyKey: idemKey(), platform } })
  if (res.statusCode !== 200) throw new Error(`create payment failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

export function paidTx(order: { outTradeNo: string; amountCents: number }, overrides: Partial<Transaction> = {}): Transaction {
  return {
    appid: SANDBOX_APPID,
    mchid: SANDBOX_MCHID,
    out_trade_no: order.outTradeNo,
    transaction_id: '4200000000202603021234567890',
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    success_time: '2026-03-02T10:00:00+08:00',
    payer: { openid: 'sbx_payer' },
    amount: { total: order.amountCents, payer_total: order.amountCents, currency: 'CNY', payer_currency: 'CNY' },
    ...overrides
  }
}

/** A notification exactly as WeChat would send it, signed with the sandbox platform key. */
export async function signedNotification(t: TestApp, transaction: Transaction, opts: { id?: string; now?: Date } = {}) {
  const keys = await sandboxKeys(t)
  return buildSignedNotification({
    transaction,
    apiV3Key: keys.apiV3Key,
    platformPrivateKeyPem: keys.platform.privateKeyPem,
    platformSerial: keys.platform.serialNo,
    now: opts.now ?? t.clock.now(),
    id: opts.id
  })
}

export async function postNotify(t: TestApp, n: { headers: Record<string, string>; body: string }) {
  return t.app.inject({ method: 'POST', url: '/api/payments/wechat/notify', headers: n.headers, payload: n.body })
}

export async function countRows(t: TestApp, table: 'receipts' | 'payment_notifications' | 'payment_orders', where?: [string, unknown]) {
  let q = t.app.db.selectFrom(table as 'receipts').select((eb) => eb.fn.countAll<number>().as('n'))
  if (where) q = q.where(where[0] as never, '=', where[1] as never)
  const r = await q.executeTakeFirstOrThrow()
  return Number(r.n)
}

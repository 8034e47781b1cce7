import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createPublicKey, createVerify, generateKeyPairSync } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { buildSignedNotification } from '../../server/src/modules/payments/wechatpay'
import { bearer, createTestApp, dialects, staffLogin, type TestApp } from './harness'
import { countRows, createOrder, idemKey, ownerOf, paidTx, postNotify, sandboxKeys, signedNotification } from './payments.helpers'

async function orderStatus(t: TestApp, id: number) {
  const r = await t.app.db.selectFrom('payment_orders').select(['status', 'transaction_id']).where('id', '=', id).executeTakeFirstOrThrow()
  return r.status
}

describe.each(dialects())('online payments (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    // Nothing listens on port 9: sandbox deliveries fail unless a test listens and sets PUBLIC_URL.
    t = await createTestApp(dialect, { config: { publicUrl: 'http://127.0.0.1:9' } })
  })
  afterAll(async () => t.close())

  test('H5: an order for the whole balance, handed off to the sandbox cashier', async () => {
    const o = await ownerOf(t, 0)
    const { order, handoff } = await createOrder(t, o.headers)
    expect(order).toMatchObject({ status: 'pending', statusText: '支付处理中', amountCents: 961870, sandbox: true })
    expect(order.outTradeNo).toMatch(/^[A-Za-z0-9]{6,32}$/)
    expect(handoff).toEqual({ kind: 'cashier', path: `/owner/cashier/index?id=${order.id}` })
  })

  test('the same idempotency key twice gives the same order', async () => {
    const o = await ownerOf(t, 1)
    const key = idemKey()
    const a = await t.app.inject({ method: 'POST', url: '/api/owner/payments', headers: o.headers, payload: { idempotencyKey: key, platform: 'h5' } })
    const b = await t.app.inject({ method: 'POST', url: '/api/owner/payments', headers: o.headers, payload: { idempotencyKey: key, platform: 'h5' } })
    expect(a.statusCode).toBe(200)
    expect(b.json().order.id).toBe(a.json().order.id)
    expect(await countRows(t, 'payment_orders', ['idempotency_key', key])).toBe(1)
  })

  test('weapp: JSAPI parameters signed with the merchant key for the linked openid', async () => {
    const o = await ownerOf(t, 2, { wxCode: 'sandbox-owner-2' })
    const { order, handoff } = await createOrder(t, o.headers, 'weapp')
    expect(handoff.kind).toBe('jsapi')
    const p = handoff.params
    expect(p.package).toMatch(/^prepay_id=wx/)
    const keys = await sandboxKeys(t)
    const v = createVerify('RSA-SHA256')
    v.update(`wxd0000000000sandbox\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`)
    expect(v.verify(createPublicKey(keys.merchant.publicKeyPem), p.paySign, 'base64')).toBe(true)
    const row = await t.app.db.selectFrom('payment_orders').select(['payer_openid']).where('id', '=', order.id).executeTakeFirstOrThrow()
    expect(row.payer_openid).toMatch(/^sbx_/)
  })

  test('weapp without a WeChat login is refused with WECHAT_NOT_LINKED', async () => {
    const o = await ownerOf(t, 3)
    const res = await t.app.inject({ method: 'POST', url: '/api/owner/payments', headers: o.headers, payload: { idempotencyKey: idemKey(), platform: 'weapp' } })
    expect(res.statusCode).toBe(409)
    expect(res.json().error.code).toBe('WECHAT_NOT_LINKED')
  })

  test('a valid notification marks the order paid once, issues a receipt and settles the fee stage', async () => {
    const o = await ownerOf(t, 4)
    const { order } = await createOrder(t, o.headers)
    const res = await postNotify(t, await signedNotification(t, paidTx(order)))
    expect(res.statusCode).toBe(204)
    const status = (await t.app.inject({ method: 'GET', url: `/api/owner/payments/${order.id}`, headers: o.headers })).json()
    expect(status).toMatchObject({ status: 'paid', statusText: '已支付', receiptId: expect.any(Number) })
    const receipt = (await t.app.inject({ method: 'GET', url: `/api/owner/receipts/${status.receiptId}`, headers: o.headers })).json()
    expect(receipt.number).toMatch(/^AJ-20260302-\d{6}$/)
    expect(receipt).toMatchObject({ amountCents: order.amountCents, method: 'wechat', reference: '4200000000202603021234567890' })
    expect(receipt.lines.reduce((s: number, l: { amountCents: number }) => s + l.amountCents, 0)).toBe(order.amountCents)
    const bill = (await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: o.headers })).json()
    expect(bill).toMatchObject({ status: 'paid', balanceCents: 0, paidCents: order.amountCents })
    const progress = (await t.app.inject({ method: 'GET', url: '/api/owner/progress', headers: o.headers })).json()
    expect(progress.stages.find((s: { stage: string }) => s.stage === 'fees').status).toBe('done')
    const notes = await t.app.db.selectFrom('notifications').select(['kind', 'title']).where('kind', '=', 'payment').execute()
    expect(notes.length).toBeGreaterThanOrEqual(1)
    // Nothing left to pay: a new order is refused.
    const again = await t.app.inject({ method: 'POST', url: '/api/owner/payments', headers: o.headers, payload: { idempotencyKey: idemKey(), platform: 'h5' } })
    expect(again.json().error.code).toBe('BILL_SETTLED')
  })

  test('the same notification three times: one payment, one receipt', async () => {
    const o = await ownerOf(t, 5)
    const { order } = await createOrder(t, o.headers)
    const n = await signedNotification(t, paidTx(order))
    for (let i = 0; i < 3; i++) expect((await postNotify(t, n)).statusCode).toBe(204)
    expect(await countRows(t, 'receipts', ['payment_order_id', order.id])).toBe(1)
    expect(await countRows(t, 'payment_notifications', ['order_id', order.id])).toBe(1)
    const events = await t.app.db.selectFrom('case_events').select('id').where('stage', '=', 'fees').where('to_status', '=', 'done').execute()
    expect(events.length).toBe(2) // this case and the one of the previous test, once each
  })

  test('a redelivery with another notification id still pays only once', async () => {
    const o = await ownerOf(t, 6)
    const { order } = await createOrder(t, o.headers)
    expect((await postNotify(t, await signedNotification(t, paidTx(order), { id: 'EV-A' }))).statusCode).toBe(204)
    expect((await postNotify(t, await signedNotification(t, paidTx(order), { id: 'EV-B' }))).statusCode).toBe(204)
    expect(await countRows(t, 'receipts', ['payment_order_id', order.id])).toBe(1)
  })

  describe('refused notifications leave the order pending', () => {
    let order: { id: number; outTradeNo: string; amountCents: number }
    beforeAll(async () => {
      const o = await ownerOf(t, 7)
      order = (await createOrder(t, o.headers)).order
    })
    afterEach(async () => {
      expect(await orderStatus(t, order.id)).toBe('pending')
      expect(await countRows(t, 'receipts', ['payment_order_id', order.id])).toBe(0)
    })

    test('forged signature (another key)', async () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
      const keys = await sandboxKeys(t)
      const n = buildSignedNotification({ transaction: paidTx(order), apiV3Key: keys.apiV3Key, platformPrivateKeyPem: other.privateKey, platformSerial: keys.platform.serialNo, now: t.clock.now() })
      const res = await postNotify(t, n)
      expect(res.statusCode).toBe(401)
      expect(res.json()).toEqual({ code: 'FAIL', message: expect.stringContaining('bad_signature') })
    })

    test('tampered ciphertext (body re-signed, GCM tag fails)', async () => {
      const keys = await sandboxKeys(t)
      const n = await signedNotification(t, paidTx(order))
      const env = JSON.parse(n.body)
      const raw = Buffer.from(env.resource.ciphertext, 'base64')
      raw[5] ^= 0x01
      env.resource.ciphertext = raw.toString('base64')
      const body = JSON.stringify(env)
      const { signWechatpayHeaders } = await import('../../server/src/modules/payments/wechatpay')
      const headers = { 'content-type': 'application/json', ...signWechatpayHeaders({ body, platformPrivateKeyPem: keys.platform.privateKeyPem, platformSerial: keys.platform.serialNo, timestamp: Math.floor(t.clock.now().getTime() / 1000) }) }
      const res = await postNotify(t, { headers, body })
      expect(res.statusCode).toBe(401)
      expect(res.json().message).toContain('decrypt_failed')
    })

    test('body changed after signing', async () => {
      const n = await signedNotification(t, paidTx(order))
      const res = await postNotify(t, { headers: n.headers, body: n.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" ') })
      expect(res.statusCode).toBe(401)
    })

    test('wrong amount', async () => {
      const n = await signedNotification(t, paidTx(order, { amount: { total: 1, payer_total: 1, currency: 'CNY' } }))
      const res = await postNotify(t, n)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 'FAIL', message: expect.stringContaining('amount_mismatch') })
    })

    test('another merchant', async () => {
      const res = await postNotify(t, await signedNotification(t, paidTx(order, { mchid: '1234567890' })))
      expect(res.statusCode).toBe(400)
    })

    test('stale timestamp (6 minutes old)', async () => {
      const res = await postNotify(t, await signedNotification(t, paidTx(order), { now: new Date(t.clock.now().getTime() - 6 * 60_000) }))
      expect(res.statusCode).toBe(401)
      expect(res.json().message).toContain('stale_timestamp')
    })

    test('WECHATPAY/SIGNTEST probe', async () => {
      const n = await signedNotification(t, paidTx(order))
      const res = await postNotify(t, { headers: { ...n.headers, 'Wechatpay-Signature': 'WECHATPAY/SIGNTEST/abcdef' }, body: n.body })
      expect(res.statusCode).toBe(401)
      expect(res.json().message).toContain('signtest')
    })

    test('the phone cannot mark the order paid', async () => {
      const o = await ownerOf(t, 7)
      // unknown fields are refused, unsigned notifications are refused, there is no status write
      const extra = await t.app.inject({ method: 'POST', url: '/api/owner/payments', headers: o.headers, payload: { idempotencyKey: idemKey(), platform: 'h5', status: 'paid', amountCents: 1 } })
      expect(extra.statusCode).toBe(400)
      const unsigned = await t.app.inject({ method: 'POST', url: '/api/payments/wechat/notify', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ id: 'x', event_type: 'TRANSACTION.SUCCESS', out_trade_no: order.outTradeNo }) })
      expect(unsigned.statusCode).toBe(401)
      for (const method of ['PATCH', 'PUT'] as const) {
        const r = await t.app.inject({ method, url: `/api/owner/payments/${order.id}`, headers: o.headers, payload: { status: 'paid' } })
        expect(r.statusCode).toBe(404)
      }
      // another owner cannot even see it, nor push its sandbox button
      const other = await ownerOf(t, 8)
      expect((await t.app.inject({ method: 'GET', url: `/api/owner/payments/${order.id}`, headers: other.headers })).statusCode).toBe(404)
      expect((await t.app.inject({ method: 'POST', url: `/api/owner/payments/${order.id}/sandbox-pay`, headers: other.headers, payload: {} })).statusCode).toBe(404)
    })
  })

  test('another house cannot read the receipt', async () => {
    const o = await ownerOf(t, 9)
    const { order } = await createOrder(t, o.headers)
    await postNotify(t, await signedNotification(t, paidTx(order)))
    const receiptId = (await t.app.inject({ method: 'GET', url: `/api/owner/payments/${order.id}`, headers: o.headers })).json().receiptId
    const other = await ownerOf(t, 10)
    const res = await t.app.inject({ method: 'GET', url: `/api/owner/receipts/${receiptId}`, headers: other.headers })
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('NOT_FOUND')
    expect((await t.app.inject({ method: 'GET', url: `/api/owner/receipts/${receiptId}`, headers: o.headers })).statusCode).toBe(200)
  })

  test('no notification: a pending order is settled by querying WeChat once the owner polls', async () => {
    const o = await ownerOf(t, 11)
    const { order } = await createOrder(t, o.headers)
    // the sandbox pays but cannot deliver (nothing listens at PUBLIC_URL)
    const paid = await t.app.inject({ method: 'POST', url: `/api/owner/payments/${order.id}/sandbox-pay`, headers: o.headers, payload: {} })
    expect(paid.statusCode).toBe(200)
    expect(paid.json().status).toBe('pending')
    t.clock.advance(11_000)
    const polled = (await t.app.inject({ method: 'GET', url: `/api/owner/payments/${order.id}`, headers: o.headers })).json()
    expect(polled.status).toBe('paid')
    expect(await countRows(t, 'receipts', ['payment_order_id', order.id])).toBe(1)
  })

  test('a failed sandbox payment shows 支付失败 and the bill stays unpaid', async () => {
    const o = await ownerOf(t, 12)
    const { order } = await createOrder(t, o.headers)
    const res = await t.app.inject({ method: 'POST', url: `/api/owner/payments/${order.id}/sandbox-pay`, headers: o.headers, payload: { result: 'PAYERROR' } })
    expect(res.json()).toMatchObject({ status: 'failed', statusText: '支付失败' })
    const bill = (await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: o.headers })).json()
    expect(bill.status).toBe('unpaid')
  })

  test('the sandbox end to end over real HTTP: cashier confirm → signed notification → paid', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    const saved = t.config.publicUrl
    t.config.publicUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
    try {
      const o = await ownerOf(t, 13)
      const { order } = await createOrder(t, o.headers)
      const res = await t.app.inject({ method: 'POST', url: `/api/owner/payments/${order.id}/sandbox-pay`, headers: o.headers, payload: {} })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject({ status: 'paid', receiptId: expect.any(Number) })
      const noted = await t.app.db.selectFrom('payment_notifications').select('notification_id').where('order_id', '=', order.id).execute()
      expect(noted).toHaveLength(1)
      // the sandbox's own order lives in the database (every instance sees it), not under DATA_DIR
      const kept = await t.app.db.selectFrom('wechatpay_sandbox_orders').select('record_json').where('out_trade_no', '=', order.outTradeNo).executeTakeFirstOrThrow()
      expect(JSON.parse(kept.record_json).tradeState).toBe('SUCCESS')
      expect(fs.readdirSync(t.db.dataDir).filter((f) => f.startsWith('wechatpay'))).toEqual([])
    } finally {
      t.config.publicUrl = saved
    }
  })

  if (dialect === 'postgres') {
    test('concurrent deliveries of one notification on PostgreSQL: exactly one receipt', async () => {
      const o = await ownerOf(t, 14)
      const { order } = await createOrder(t, o.headers)
      const a = await signedNotification(t, paidTx(order), { id: 'EV-RACE-1' })
      const b = await signedNotification(t, paidTx(order), { id: 'EV-RACE-2' })
      const results = await Promise.all([a, a, b, b, a].map((n) => postNotify(t, n)))
      expect(results.map((r) => r.statusCode)).toEqual([204, 204, 204, 204, 204])
      expect(await countRows(t, 'receipts', ['payment_order_id', order.id])).toBe(1)
    })
  }
})

describe.each(dialects())('counter payments (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { publicUrl: 'http://127.0.0.1:9' } })
  })
  afterAll(async () => t.close())

  test('a cashier records two partial payments; each gets a receipt; the bill settles', async () => {
    const o = await ownerOf(t, 0)
    const cashier = await staffLogin(t, 'cashier')
    const first = await t.app.inject({ method: 'POST', url: '/api/staff/payments', headers: bearer(cashier), payload: { houseId: o.house.id, method: 'cash', amountCents: 500000, idempotencyKey: idemKey() } })
    expect(first.statusCode).toBe(200)
    expect(first.json().bill).toMatchObject({ paidCents: 500000, balanceCents: 461870, status: 'partial' })
    expect(first.json().receipt).toMatchObject({ method: 'cash', amountCents: 500000, issuedBy: expect.any(String) })
    expect(first.json().receipt.number).toMatch(/^AJ-\d{8}-\d{6}$/)

    const over = await t.app.inject({ method: 'POST', url: '/api/staff/payments', headers: bearer(cashier), payload: { houseId: o.house.id, method: 'card', amountCents: 461871, reference: 'POS-0001' } })
    expect(over.statusCode).toBe(409)
    expect(over.json().error.code).toBe('OVERPAYMENT')

    const rest = await t.app.inject({ method: 'POST', url: '/api/staff/payments', headers: bearer(cashier), payload: { houseId: o.house.id, method: 'bank_transfer', amountCents: 461870, reference: 'BT-001' } })
    expect(rest.statusCode).toBe(200)
    expect(rest.json().bill).toMatchObject({ balanceCents: 0, status: 'paid' })
    expect(rest.json().receipt.reference).toBe('BT-001')
    expect(rest.json().bill.receipts).toHaveLength(2)

    const more = await t.app.inject({ method: 'POST', url: '/api/staff/payments', headers: bearer(cashier), payload: { houseId: o.house.id, method: 'cash', amountCents: 1 } })
    expect(more.json().error.code).toBe('BILL_SETTLED')
    const progress = (await t.app.inject({ method: 'GET', url: '/api/owner/progress', headers: o.headers })).json()
    expect(progress.stages.find((s: { stage: string }) => s.stage === 'fees').status).toBe('done')
    // the owner sees the cashier's receipt
    const rid = rest.json().receipt.id
    expect((await t.app.inject({ method: 'GET', url: `/api/owner/receipts/${rid}`, headers: o.headers })).statusCode).toBe(200)
  })

  test('a repeated request (same idempotency key) records one payment', async () => {
    const o = await ownerOf(t, 1)
    const cashier = await staffLogin(t, 'manager')
    const payload = { houseId: o.house.id, method: 'alipay', amountCents: 1000, idempotencyKey: idemKey() }
    const a = await t.app.inject({ method: 'POST', url: '/api/staff/payments', headers: bearer(cashier), payload })
    const b = await t.app.inject({ method: 'POST', url: '/api/staff/payments', headers: bearer(cashier), payload })
    expect(a.statusCode).toBe(200)
    expect(b.json().receipt.id).toBe(a.json().receipt.id)
    expect(b.json().bill.paidCents).toBe(1000)
  })

  test('other roles and owners are refused; bad input is a 400', async () => {
    const o = await ownerOf(t, 2)
    const before = await countRows(t, 'payment_orders')
    for (const role of ['reception', 'reviewer', 'inspector']) {
      const token = await staffLogin(t, role)
      const res = await t.app.inject({ method: 'POST', url: '/api/staff/payments', headers: bearer(token), payload: { houseId: o.house.id, method: 'cash', amountCents: 100 } })
      expect(res.statusCode).toBe(403)
    }
    expect((await t.app.inject({ method: 'POST', url: '/api/staff/payments', headers: o.headers, payload: { houseId: o.house.id, method: 'cash', amountCents: 100 } })).statusCode).toBe(401)
    const cashier = await staffLogin(t, 'cashier')
    const bad = [
      { houseId: o.house.id, method: 'wechat', amountCents: 100 },
      { houseId: o.house.id, method: 'cash', amountCents: 0 },
      { houseId: o.house.id, method: 'cash', amountCents: 1.5 },
      { method: 'cash', amountCents: 100 }
    ]
    for (const payload of bad) {
      const res = await t.app.inject({ method: 'POST', url: '/api/staff/payments', headers: bearer(cashier), payload })
      expect(res.statusCode).toBe(400)
    }
    expect(await countRows(t, 'payment_orders')).toBe(before)
  })

  test('an unverified house cannot pay at the counter yet', async () => {
    const cashier = await staffLogin(t, 'cashier')
    const house = await t.app.db.selectFrom('houses').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
    const res = await t.app.inject({ method: 'POST', url: '/api/staff/payments', headers: bearer(cashier), payload: { houseId: house.id, method: 'cash', amountCents: 100 } })
    expect(res.statusCode).toBe(409)
    expect(res.json().error.code).toBe('CASE_NOT_STARTED')
  })

  if (dialect === 'postgres') {
    test('concurrent counter payments of the full balance on PostgreSQL: one wins, no over-payment', async () => {
      const o = await ownerOf(t, 3)
      const bill = (await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: o.headers })).json()
      const cashier = await staffLogin(t, 'cashier')
      const results = await Promise.all(
        Array.from({ length: 5 }, () => t.app.inject({ method: 'POST', url: '/api/staff/payments', headers: bearer(cashier), payload: { houseId: o.house.id, method: 'cash', amountCents: bill.balanceCents } }))
      )
      expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1)
      expect(results.filter((r) => r.statusCode === 409)).toHaveLength(4)
      const after = (await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: o.headers })).json()
      expect(after.paidCents).toBe(bill.totalCents)
    })
  }
})

describe('real merchant mode', () => {
  test('the sandbox route is 404 and notifications are checked with the configured platform key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjia-wxpay-'))
    const merchant = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
    const platform = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
    fs.writeFileSync(path.join(dir, 'merchant.pem'), merchant.privateKey)
    fs.writeFileSync(path.join(dir, 'platform-pub.pem'), platform.publicKey)
    const env = {
      WXPAY_MCHID: '1230000109',
      WXPAY_SERIAL_NO: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01',
      WXPAY_PRIVATE_KEY_PATH: path.join(dir, 'merchant.pem'),
      WXPAY_APIV3_KEY: 'abcdefghijklmnopqrstuvwxyz012345',
      WXPAY_PLATFORM_PUBLIC_KEY_PATH: path.join(dir, 'platform-pub.pem'),
      WXPAY_PLATFORM_PUBLIC_KEY_ID: 'PUB_KEY_ID_0112345678'
    }
    const saved = { ...process.env }
    Object.assign(process.env, env)
    let t: TestApp
    try {
      t = await createTestApp('sqlite', { config: { wx: { appId: 'wx1234567890abcdef', secret: 's', code2SessionUrl: 'sandbox:', sandbox: true } } })
    } finally {
      for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k]
    }
    try {
      const o = await ownerOf(t, 0)
      // a real order would need the network: insert one the way the service does
      const bill = (await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: o.headers })).json()
      const now = t.clock.now().toISOString()
      const row = await t.app.db
        .insertInto('payment_orders')
        .values({ bill_id: bill.id, out_trade_no: 'AJREALMODE000001', channel: 'online', method: 'wechat', amount_cents: bill.totalCents, status: 'pending', transaction_id: null, prepay_id: 'wx_prepay', paid_at: null, created_by: 'owner', created_at: now, updated_at: now, idempotency_key: null, payer_openid: 'o_real', reference: null, staff_user_id: null, failure_reason: null, queried_at: null })
        .returning('id')
        .executeTakeFirstOrThrow()
      const sbx = await t.app.inject({ method: 'POST', url: `/api/owner/payments/${row.id}/sandbox-pay`, headers: o.headers, payload: {} })
      expect(sbx.statusCode).toBe(404)
      const h5 = await t.app.inject({ method: 'POST', url: '/api/owner/payments', headers: o.headers, payload: { idempotencyKey: idemKey(), platform: 'h5' } })
      expect(h5.json().error.code).toBe('PAYMENT_UNAVAILABLE')
      const tx = { ...paidTx({ outTradeNo: 'AJREALMODE000001', amountCents: bill.totalCents }), mchid: env.WXPAY_MCHID, appid: 'wx1234567890abcdef' }
      const sign = (key: string) =>
        buildSignedNotification({ transaction: tx, apiV3Key: env.WXPAY_APIV3_KEY, platformPrivateKeyPem: key, platformSerial: env.WXPAY_PLATFORM_PUBLIC_KEY_ID, now: t.clock.now() })
      // signed by someone else (e.g. the sandbox's key): refused
      const forged = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
      expect((await postNotify(t, sign(forged.privateKey))).statusCode).toBe(401)
      expect((await postNotify(t, sign(platform.privateKey))).statusCode).toBe(204)
      expect(await orderStatus(t, Number(row.id))).toBe('paid')
    } finally {
      await t.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

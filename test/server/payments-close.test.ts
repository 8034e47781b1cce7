/*
 * Payment resume / cancel / close after timeout (issue 10 item 2), on SQLite and PostgreSQL.
 * WeChat is the sandbox over its real protocol; a second sandbox client over the same database
 * plays the payer (pay without a notification = "the notification arrives late").
 */
import { createSandboxGateway, type PaymentGateway } from '../../server/src/modules/payments/gateway'
import { PAY_TIMEOUT_MS } from '../../server/src/modules/payments/service'
import { createTestApp, dialects, type TestApp } from './harness'
import { countRows, createOrder, idemKey, ownerOf, postNotify, signedNotification } from './payments.helpers'
import { secondInstance, type SecondInstance } from './scheduler-helpers'

describe.each(dialects())('payment resume, cancel and close (%s)', (dialect) => {
  let t: TestApp
  let wechat: PaymentGateway
  beforeAll(async () => {
    // nothing listens on port 9: every notification is "late" unless a test posts it
    t = await createTestApp(dialect, { config: { publicUrl: 'http://127.0.0.1:9' } })
    await t.app.inject({ method: 'GET', url: '/api/health' })
    wechat = await createSandboxGateway(t.config, t.app.db)
  })
  afterAll(async () => t.close())

  const row = (id: number) =>
    t.app.db.selectFrom('payment_orders').select(['status', 'closed_at', 'failure_reason']).where('id', '=', id).executeTakeFirstOrThrow()
  const atWechat = async (outTradeNo: string) => (await wechat.client.queryOrder(outTradeNo))?.trade_state
  const cancel = (headers: Record<string, string>, id: number) => t.app.inject({ method: 'POST', url: `/api/owner/payments/${id}/cancel`, headers })
  const resume = (headers: Record<string, string>, id: number) =>
    t.app.inject({ method: 'POST', url: `/api/owner/payments/${id}/resume`, headers, payload: { platform: 'h5' } })
  const newOrder = (headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/api/owner/payments', headers, payload: { idempotencyKey: idemKey(), platform: 'h5' } })

  test('继续支付 hands off the same pending order again; the bill shows it as pending', async () => {
    const o = await ownerOf(t, 0)
    const { order } = await createOrder(t, o.headers)
    const r = await resume(o.headers, order.id)
    expect(r.statusCode).toBe(200)
    expect(r.json()).toMatchObject({ order: { id: order.id, status: 'pending' }, handoff: { kind: 'cashier', path: `/owner/cashier/index?id=${order.id}` } })
    expect((await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: o.headers })).json().pendingPaymentId).toBe(order.id)
    // a new tap on 微信支付 finds the same order, never a second one
    expect((await newOrder(o.headers)).json().order.id).toBe(order.id)
  })

  test('取消本次支付 closes the order at WeChat (confirmed by a query); a new order can follow and the old one cannot be paid', async () => {
    const o = await ownerOf(t, 1)
    const { order } = await createOrder(t, o.headers)
    const r = await cancel(o.headers, order.id)
    expect(r.statusCode).toBe(200)
    expect(r.json()).toMatchObject({ id: order.id, status: 'failed', statusText: '已取消', failureReason: '已取消本次支付' })
    expect(await atWechat(order.outTradeNo)).toBe('CLOSED')
    expect((await row(order.id)).closed_at).not.toBeNull()
    await expect(wechat.sandbox!.pay(order.outTradeNo, { result: 'SUCCESS' })).rejects.toMatchObject({ code: 'ORDER_CLOSED' })
    expect((await resume(o.headers, order.id)).json().error.code).toBe('PAYMENT_CLOSED')
    const again = await newOrder(o.headers)
    expect(again.statusCode).toBe(200)
    expect(again.json().order.id).not.toBe(order.id)
    expect((await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: o.headers })).json().pendingPaymentId).toBe(again.json().order.id)
  })

  test('paid at WeChat just before 取消 (notification late): counts as paid, the late notification adds nothing, no second payment', async () => {
    const o = await ownerOf(t, 2)
    const { order } = await createOrder(t, o.headers)
    const paid = await wechat.sandbox!.pay(order.outTradeNo, { result: 'SUCCESS', notify: false })
    const r = await cancel(o.headers, order.id)
    expect(r.statusCode).toBe(200)
    expect(r.json()).toMatchObject({ status: 'paid', receiptId: expect.any(Number) })
    expect((await postNotify(t, await signedNotification(t, paid.transaction))).statusCode).toBe(204)
    expect(await countRows(t, 'receipts', ['payment_order_id', order.id])).toBe(1)
    expect((await newOrder(o.headers)).json().error.code).toBe('BILL_SETTLED')
  })

  test('a late notification of an order paid while its close was asked still settles it once', async () => {
    const o = await ownerOf(t, 3)
    const { order } = await createOrder(t, o.headers)
    // cancel and pay at the same moment: whichever WeChat saw first decides, and we agree with WeChat
    const [payR, cancelR] = await Promise.allSettled([wechat.sandbox!.pay(order.outTradeNo, { result: 'SUCCESS', notify: false }), cancel(o.headers, order.id)])
    if (payR.status === 'fulfilled') await postNotify(t, await signedNotification(t, payR.value.transaction))
    const state = await atWechat(order.outTradeNo)
    const mine = await row(order.id)
    expect(cancelR.status).toBe('fulfilled')
    if (state === 'SUCCESS') expect(mine.status).toBe('paid')
    else expect([state, mine.status]).toEqual(['CLOSED', 'failed'])
    expect(await countRows(t, 'receipts', ['payment_order_id', order.id])).toBe(state === 'SUCCESS' ? 1 : 0)
  })

  test('a new order after the timeout closes the old one first (confirmed), then places one new order', async () => {
    const o = await ownerOf(t, 4)
    const { order } = await createOrder(t, o.headers)
    t.clock.advance(PAY_TIMEOUT_MS + 1000)
    try {
      const again = await newOrder(o.headers)
      expect(again.statusCode).toBe(200)
      expect(again.json().order.id).not.toBe(order.id)
      expect(await atWechat(order.outTradeNo)).toBe('CLOSED')
      expect(await row(order.id)).toMatchObject({ status: 'failed', closed_at: expect.anything() })
    } finally {
      t.clock.advance(-(PAY_TIMEOUT_MS + 1000))
    }
  })

  test('a failed (PAYERROR) order is closed at WeChat before the next order is placed', async () => {
    const o = await ownerOf(t, 5)
    const { order } = await createOrder(t, o.headers)
    await wechat.sandbox!.pay(order.outTradeNo, { result: 'PAYERROR' })
    // the failure is learned by the overdue query; such an order could still be paid at WeChat until closed
    await t.app.inject({ method: 'GET', url: `/api/owner/payments/${order.id}`, headers: o.headers })
    t.clock.advance(20_000)
    try {
      await t.app.inject({ method: 'GET', url: `/api/owner/payments/${order.id}`, headers: o.headers })
      expect((await row(order.id)).status).toBe('failed')
      const again = await newOrder(o.headers)
      expect(again.statusCode).toBe(200)
      expect(await atWechat(order.outTradeNo)).toBe('CLOSED')
      expect((await row(order.id)).closed_at).not.toBeNull()
    } finally {
      t.clock.advance(-20_000)
    }
  })

  test('concurrent 微信支付 taps with different keys: one pending order', async () => {
    const o = await ownerOf(t, 6)
    const rs = await Promise.all(Array.from({ length: 6 }, () => newOrder(o.headers)))
    const ids = new Set(rs.filter((r) => r.statusCode === 200).map((r) => r.json().order.id))
    expect(ids.size).toBe(1)
    expect(rs.every((r) => r.statusCode === 200 || r.json().error.code === 'PAYMENT_IN_PROGRESS')).toBe(true)
    const pending = await t.app.db
      .selectFrom('payment_orders as p')
      .innerJoin('bills as b', 'b.id', 'p.bill_id')
      .select('p.id')
      .where('p.status', '=', 'pending')
      .where('p.id', 'in', [...ids])
      .execute()
    expect(pending).toHaveLength(1)
  })

  test('another owner can neither cancel nor resume an order (404)', async () => {
    const a = await ownerOf(t, 7)
    const b = await ownerOf(t, 8)
    const { order } = await createOrder(t, a.headers)
    expect((await cancel(b.headers, order.id)).statusCode).toBe(404)
    expect((await resume(b.headers, order.id)).statusCode).toBe(404)
    expect((await row(order.id)).status).toBe('pending')
  })

  describe('close after timeout through the scheduler', () => {
    let b: SecondInstance
    beforeAll(async () => {
      b = await secondInstance(t)
    })
    afterAll(async () => b.close())

    test('two instances run payment_close at once: overdue orders closed once, a paid one settles, a fresh one stays', async () => {
      const o1 = await ownerOf(t, 9)
      const o2 = await ownerOf(t, 10)
      const o3 = await ownerOf(t, 11)
      const { order: unpaid } = await createOrder(t, o1.headers)
      const { order: silentlyPaid } = await createOrder(t, o2.headers)
      await wechat.sandbox!.pay(silentlyPaid.outTradeNo, { result: 'SUCCESS', notify: false })
      t.clock.advance(PAY_TIMEOUT_MS + 60_000)
      try {
        const { order: fresh } = await createOrder(t, o3.headers)
        const now = t.clock.now()
        const [ra, rb] = await Promise.all([t.app.scheduler.runDue(now), b.app.scheduler.runDue(now)])
        const runs = [...ra, ...rb].filter((r) => r.name === 'payment_close')
        expect(runs).toHaveLength(1)
        expect(runs[0].ok).toBe(true)
        expect(await row(unpaid.id)).toMatchObject({ status: 'failed', failure_reason: '超时未支付，订单已关闭', closed_at: expect.anything() })
        expect(await atWechat(unpaid.outTradeNo)).toBe('CLOSED')
        expect((await row(silentlyPaid.id)).status).toBe('paid')
        expect(await countRows(t, 'receipts', ['payment_order_id', silentlyPaid.id])).toBe(1)
        expect((await row(fresh.id)).status).toBe('pending')
        expect(await atWechat(fresh.outTradeNo)).toBe('NOTPAY')
        // the owner starts again: a new order for the closed one's bill
        expect((await newOrder(o1.headers)).statusCode).toBe(200)
      } finally {
        t.clock.advance(-(PAY_TIMEOUT_MS + 60_000))
      }
    })

    // Several handles on one SQLite file cannot interleave transactions in one process (scheduler contract 5):
    // the race is a PostgreSQL matter.
    const onPg = dialect === 'postgres' ? test : test.skip
    onPg('the job racing a payment and a cancel on another instance: WeChat and our books agree, one receipt at most', async () => {
      const owners = await Promise.all([12, 13, 14].map((i) => ownerOf(t, i)))
      const orders = []
      for (const o of owners) orders.push((await createOrder(t, o.headers)).order)
      t.clock.advance(PAY_TIMEOUT_MS + 120_000)
      try {
        const now = t.clock.now()
        await t.app.db.updateTable('scheduler_jobs').set({ next_run_at: now.toISOString() }).where('name', '=', 'payment_close').execute()
        const pays = orders.map((o) => wechat.sandbox!.pay(o.outTradeNo, { result: 'SUCCESS', notify: false }).catch(() => null))
        const cancels = orders.map((o, i) => b.app.inject({ method: 'POST', url: `/api/owner/payments/${o.id}/cancel`, headers: owners[i].headers }))
        const [paid] = await Promise.all([Promise.all(pays), Promise.all(cancels), t.app.scheduler.runDue(now)])
        for (const p of paid) if (p) await postNotify(t, await signedNotification(t, p.transaction))
        for (const o of orders) {
          const state = await atWechat(o.outTradeNo)
          const mine = await row(o.id)
          expect(state === 'SUCCESS' ? 'paid' : 'failed').toBe(mine.status)
          if (state !== 'SUCCESS') expect(state).toBe('CLOSED')
          expect(await countRows(t, 'receipts', ['payment_order_id', o.id])).toBe(state === 'SUCCESS' ? 1 : 0)
        }
      } finally {
        t.clock.advance(-(PAY_TIMEOUT_MS + 120_000))
      }
    })
  })
})

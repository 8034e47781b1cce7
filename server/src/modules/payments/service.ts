/*
 * Payments: online orders handed off to WeChat Pay, the verified notification that alone
 * marks them paid, the order query fallback, and counter payments recorded by the cashier.
 * Every "paid" goes through settleOrder: conditional update, receipt, bill status, stage sync
 * and owner notification in the caller's transaction.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { AppConfig } from '../../config'
import type { Db, Executor } from '../../db/database'
import { ApiError } from '../../errors'
import { shanghaiDate, shanghaiDateTime, shanghaiStamp } from '../../lib/time'
import { renderRecordPdf } from '../../lib/pdf'
import { maskName } from '../../lib/crypto'
import type { OwnerAuth, StaffAuth } from '../../plugins/auth'
import type { PaymentMethod, Receipt } from '../../../../types/fees'
import type { CounterPaymentRequest, CreatePaymentResponse, PaymentOrder, PayPlatform } from '../../../../types/payments'
import { REFERENCE_REQUIRED_METHODS } from '../../../../types/payments'
import { requireStage, syncStages, type Actor } from '../cases/service'
import { openFollowupTask } from '../completion/tasks'
import { notifyOwner } from '../notifications/service'
import { audit } from '../../core/audit'
import { findHouseById, houseLabel, ownerOfCase } from '../../core/houses'
import { findCase } from '../cases/repository'
import { allocate } from '../fees/calc'
import { yuan } from '../../lib/money'
import * as feeRepo from '../fees/repository'
import { billStatusFor, billView, ensureBill, loadBillLines } from '../fees/service'
import type { BillRow } from '../fees/repository'
import { notifyUrl, type PaymentGateway } from './gateway'
import * as repo from './repository'
import type { OrderRow } from './repository'
import {
  WechatPayError,
  buildJsapiPayParams,
  checkTransactionAgainstOrder,
  parseAndVerify,
  type HeaderSource,
  type Transaction
} from './wechatpay'

export interface PaymentDeps {
  db: Db
  config: AppConfig
  gateway: () => PaymentGateway
  log: FastifyBaseLogger
}

/** An order still pending this long is checked with WeChat's order query when the owner polls. */
export const QUERY_AFTER_MS = 10_000
export const QUERY_INTERVAL_MS = 5_000
/** A counter payment waits while an online payment of the same bill may still be in the payer's hands. */
export const ONLINE_IN_PROGRESS_MS = 15 * 60_000
/**
 * An online order left unpaid this long is closed at WeChat by the scheduler (payment_close),
 * the same moment the counter stops waiting for it; 继续支付 is offered until then.
 */
export const PAY_TIMEOUT_MS = ONLINE_IN_PROGRESS_MS
const CLOSED_BY_OWNER = '已取消本次支付'
const CLOSED_BY_TIMEOUT = '超时未支付，订单已关闭'

const STATUS_TEXT = { pending: '支付处理中', paid: '已支付', failed: '支付失败' } as const
const WECHAT_ACTOR: Actor = { type: 'system', id: null, label: '微信支付' }

/** AJ + yyMMddHHmmss (Shanghai) + 10 random: 24 characters, within WeChat's 32. */
function newOutTradeNo(now: Date): string {
  const t = shanghaiStamp(now)
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  const bytes = randomBytes(10)
  let r = ''
  for (const b of bytes) r += alphabet[b % alphabet.length]
  return `AJ${t}${r}`
}

/** An overpayment's refund task is due within three days. */
const REFUND_DUE_MS = 3 * 24 * 3600_000

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string }
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '')
}

async function orderView(db: Executor, order: OrderRow, sandbox: boolean): Promise<PaymentOrder> {
  const bill = await feeRepo.findBillById(db, order.billId)
  const { house, lines } = await loadBillLines(db, bill!)
  return {
    id: order.id,
    outTradeNo: order.outTradeNo,
    amountCents: order.amountCents,
    status: order.status,
    // a closed order was not a failed payment: say what happened to it
    statusText: order.status === 'failed' && order.closedAt !== null ? (order.failureReason === CLOSED_BY_OWNER ? '已取消' : '已关闭') : STATUS_TEXT[order.status],
    failureReason: order.status === 'failed' ? order.failureReason ?? '支付未完成' : null,
    createdAt: order.createdAt,
    paidAt: order.paidAt,
    receiptId: order.status === 'paid' ? await repo.receiptIdOfOrder(db, order.id) : null,
    lines,
    houseLabel: houseLabel(house),
    sandbox
  }
}

/**
 * Marks the order paid exactly once and issues its receipt; false when it was already paid.
 * Must run inside a transaction.
 */
export async function settleOrder(
  tx: Executor,
  order: OrderRow,
  p: { transactionId: string | null; paidAt: string; actor: Actor; issuedBy: string; now: Date; log?: FastifyBaseLogger }
): Promise<{ id: number; number: string } | null> {
  const at = p.now.toISOString()
  await feeRepo.lockBill(tx, order.billId)
  const before = await feeRepo.paidCents(tx, order.billId)
  if (!(await repo.markPaid(tx, order.id, { transactionId: p.transactionId, paidAt: p.paidAt, at }))) return null
  const bill = (await feeRepo.findBillById(tx, order.billId))!
  const { lines } = await loadBillLines(tx, bill)
  const receiptLines = allocate(lines, before, order.amountCents)
  const receipt = await repo.insertReceipt(tx, {
    orderId: order.id,
    datePart: shanghaiDate(p.now).replace(/-/g, ''),
    amountCents: order.amountCents,
    method: order.method,
    lines: JSON.stringify(receiptLines),
    issuedBy: p.issuedBy,
    at
  })
  const paid = before + order.amountCents
  const status = billStatusFor(bill.totalCents, paid)
  if (status !== bill.status) await feeRepo.setBillStatus(tx, bill.id, status, at)
  if (paid > bill.totalCents) {
    // Two online orders paid for the same balance: the money arrived, so it is recorded, and
    // the cashier gets a refund task (回访任务 list) to close once the money went back.
    const overCents = paid - bill.totalCents
    p.log?.warn({ billId: bill.id, orderId: order.id, overCents }, 'bill overpaid, refund task opened')
    await openFollowupTask(tx, {
      caseId: order.caseId,
      kind: 'overpayment_refund',
      reason: `超额缴纳 ¥${yuan(overCents)}（收据 ${receipt.number}），请核实后原路退还业主`,
      dueAt: new Date(p.now.getTime() + REFUND_DUE_MS).toISOString(),
      assigneeRole: 'cashier',
      createdAt: at
    })
  }
  await syncStages(tx, order.caseId, p.actor, p.now)
  await notifyOwner(tx, {
    caseId: order.caseId,
    kind: 'payment',
    title: '缴费成功',
    body:
      status === 'paid'
        ? `已收到 ¥${yuan(order.amountCents)}，入伙费用已缴清。收据号 ${receipt.number}`
        : `已收到 ¥${yuan(order.amountCents)}，还需缴纳 ¥${yuan(bill.totalCents - paid)}。收据号 ${receipt.number}`,
    link: `/owner/receipt/index?id=${receipt.id}`,
    at: p.now
  })
  return receipt
}

function handoff(deps: PaymentDeps, order: OrderRow, platform: PayPlatform): CreatePaymentResponse['handoff'] {
  const gw = deps.gateway()
  if (platform === 'weapp') {
    return {
      kind: 'jsapi',
      params: buildJsapiPayParams({
        appId: gw.appid,
        prepayId: order.prepayId!,
        privateKeyPem: gw.merchantPrivateKeyPem,
        timestamp: Math.floor(deps.config.now().getTime() / 1000)
      })
    }
  }
  return { kind: 'cashier', path: `/owner/cashier/index?id=${order.id}` }
}

/** POST /api/owner/payments: an order for the unpaid balance, handed off to WeChat Pay. */
export async function createOnlinePayment(
  deps: PaymentDeps,
  auth: OwnerAuth,
  body: { idempotencyKey: string; platform: PayPlatform }
): Promise<CreatePaymentResponse> {
  const { db, config } = deps
  const now = config.now()
  await requireStage(db, auth.caseId, 'fees', now)
  const gw = deps.gateway()
  const sandbox = gw.mode === 'sandbox'

  const replay = await repo.findOrderByIdempotencyKey(db, body.idempotencyKey)
  if (replay) return replayOrder(deps, auth, replay, body.platform)

  let openid = await repo.payerOpenidOfCase(db, auth.caseId)
  if (body.platform === 'h5') {
    // Real WeChat Pay JSAPI needs the mini-program; only the sandbox cashier works in a browser.
    if (!sandbox) throw new ApiError(409, 'PAYMENT_UNAVAILABLE', '请在微信小程序中完成在线支付，或到物业服务中心缴费')
    openid ??= `sbx_h5_${auth.caseId}`
  } else if (!openid) {
    throw new ApiError(409, 'WECHAT_NOT_LINKED', '请先在微信小程序中登录后再支付')
  }

  const bill = await ensureBill(db, auth.caseId, now)
  let order: OrderRow | null = null
  try {
    // Edge cases, each tested (payments-close.test.ts):
    //  1. the same balance already waiting for this payer: that order again (no second order);
    //  2. any other order on which money may still move (pending, or failed without WeChat's
    //     confirmed close): closed at WeChat and confirmed by a query BEFORE a new order is
    //     placed; if the query says it was paid, it settles and the balance shrinks;
    //  3. an order whose close WeChat has not confirmed: no new order (409), never two payable.
    for (let round = 0; round < 3 && !order; round++) {
      const step = await db.transaction().execute(async (tx): Promise<{ order: OrderRow } | { close: OrderRow[] }> => {
        await feeRepo.lockBill(tx, bill.id)
        const balance = bill.totalCents - (await feeRepo.paidCents(tx, bill.id))
        if (balance <= 0) throw new ApiError(409, 'BILL_SETTLED', '入伙费用已缴清，无需再次支付')
        const open = await repo.openOnlineOrders(tx, bill.id)
        const reusable = open.find(
          (o) => o.status === 'pending' && o.amountCents === balance && o.payerOpenid === openid && now.getTime() - Date.parse(o.createdAt) < PAY_TIMEOUT_MS
        )
        if (reusable) return { order: reusable }
        if (open.length > 0) return { close: open }
        const id = await repo.insertOrder(tx, {
          billId: bill.id,
          outTradeNo: newOutTradeNo(now),
          channel: 'online',
          method: 'wechat',
          amountCents: balance,
          createdBy: auth.role,
          idempotencyKey: body.idempotencyKey,
          payerOpenid: openid,
          reference: null,
          staffUserId: null,
          at: now.toISOString()
        })
        return { order: (await repo.findOrder(tx, id))! }
      })
      if ('order' in step) order = step.order
      else for (const o of step.close) await closeAndConfirm(deps, o, CLOSED_BY_OWNER)
    }
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    // The same key raced in twice: answer like the winner.
    const winner = await repo.findOrderByIdempotencyKey(db, body.idempotencyKey)
    if (!winner) throw err
    return replayOrder(deps, auth, winner, body.platform)
  }
  if (!order) throw new ApiError(409, 'PAYMENT_IN_PROGRESS', '上一笔支付仍在确认中，请稍后再试')

  if (!order.prepayId) {
    const { house } = await loadBillLines(db, bill)
    try {
      const { prepayId } = await gw.client.createJsapiOrder({
        outTradeNo: order.outTradeNo,
        description: `${house.communityName} ${houseLabel(house)} 入伙费用`.slice(0, 127),
        amountCents: order.amountCents,
        openid: order.payerOpenid!,
        notifyUrl: notifyUrl(config)
      })
      if (!(await repo.setPrepayId(db, order.id, prepayId, config.now().toISOString()))) {
        // closed while WeChat was placing it (cancel / timeout): never hand off a closed order
        throw new ApiError(409, 'PAYMENT_CLOSED', '该支付已关闭，请重新发起支付')
      }
      order = { ...order, prepayId }
    } catch (err) {
      if (err instanceof ApiError) throw err
      const reason = err instanceof WechatPayError ? `${err.code}: ${err.message}` : (err as Error).message
      deps.log.error({ orderId: order.id, reason }, 'wechat pay order creation failed')
      await repo.markFailed(db, order.id, '微信支付下单失败', config.now().toISOString())
      throw new ApiError(502, 'PAYMENT_UNAVAILABLE', '微信支付暂时不可用，请稍后再试或到物业服务中心缴费')
    }
  }
  return { order: await orderView(db, order, sandbox), handoff: handoff(deps, order, body.platform) }
}

async function replayOrder(deps: PaymentDeps, auth: OwnerAuth, order: OrderRow, platform: PayPlatform): Promise<CreatePaymentResponse> {
  if (order.caseId !== auth.caseId || order.channel !== 'online') {
    throw new ApiError(409, 'IDEMPOTENCY_CONFLICT', '请求编号已被使用，请重新发起支付')
  }
  if (order.status === 'paid') throw new ApiError(409, 'BILL_SETTLED', '该笔费用已支付')
  if (order.status === 'failed' || !order.prepayId) throw new ApiError(409, 'IDEMPOTENCY_CONFLICT', '该支付请求未成功，请重新发起支付')
  return { order: await orderView(deps.db, order, deps.gateway().mode === 'sandbox'), handoff: handoff(deps, order, platform) }
}

async function ownOrder(db: Executor, auth: OwnerAuth, id: number): Promise<OrderRow> {
  const order = await repo.findOrder(db, id)
  // Another case's order is "not found", never "forbidden": ids reveal nothing.
  if (!order || order.caseId !== auth.caseId) throw new ApiError(404, 'NOT_FOUND', '支付订单不存在')
  return order
}

/**
 * Asks WeChat about a pending online order and applies the answer with the same rules as a
 * notification. Network trouble leaves the order pending.
 */
export async function reconcile(deps: PaymentDeps, order: OrderRow): Promise<OrderRow> {
  if (order.status !== 'pending' || order.channel !== 'online' || !order.prepayId) return order
  const { db, config } = deps
  const gw = deps.gateway()
  await repo.setQueriedAt(db, order.id, config.now().toISOString())
  let tx: Transaction | null
  try {
    tx = await gw.client.queryOrder(order.outTradeNo)
  } catch (err) {
    deps.log.warn({ orderId: order.id, code: (err as WechatPayError).code }, 'wechat pay order query failed')
    return order
  }
  if (!tx) return order
  await applyTransaction(deps, order, tx, 'query')
  return (await repo.findOrder(db, order.id))!
}

type ApplyResult = { ok: true } | { ok: false; reason: string }

async function applyTransaction(deps: PaymentDeps, order: OrderRow, t: Transaction, source: 'notify' | 'query', notificationId?: string): Promise<ApplyResult> {
  const { db, config } = deps
  const gw = deps.gateway()
  const check = checkTransactionAgainstOrder(t, { outTradeNo: order.outTradeNo, amountCents: order.amountCents, mchid: gw.mchid, appid: gw.appid })
  if (!check.ok) {
    deps.log.error({ orderId: order.id, reason: check.reason, source }, 'wechat pay transaction does not match the order')
    return { ok: false, reason: check.reason }
  }
  const now = config.now()
  await db.transaction().execute(async (tx) => {
    if (notificationId !== undefined && !(await repo.recordNotification(tx, notificationId, order.id, now.toISOString()))) return
    if (t.trade_state === 'SUCCESS') {
      const paidAt = t.success_time && !Number.isNaN(Date.parse(t.success_time)) ? new Date(t.success_time).toISOString() : now.toISOString()
      await settleOrder(tx, order, { transactionId: t.transaction_id ?? null, paidAt, actor: WECHAT_ACTOR, issuedBy: '微信支付', now, log: deps.log })
    } else if (t.trade_state === 'CLOSED' || t.trade_state === 'REVOKED') {
      await repo.markClosed(tx, order.id, t.trade_state_desc || '订单已关闭', now.toISOString())
    } else if (t.trade_state === 'PAYERROR') {
      await repo.markFailed(tx, order.id, t.trade_state_desc || '支付失败', now.toISOString())
    }
  })
  return { ok: true }
}

/**
 * Closes an online order at WeChat and believes only WeChat's order query afterwards:
 *  1. paid a moment before the close (ORDERPAID, or the query says SUCCESS): it settles as paid;
 *  2. the query says CLOSED/REVOKED, or WeChat never had the order: closed here (closed_at);
 *  3. anything else (network, still NOTPAY/USERPAYING): left as it is, to be tried again.
 * A late notification of a paid order still settles it (markPaid accepts failed orders), and
 * a closed order can no longer be paid at WeChat, so no second payment follows from a close.
 */
export async function closeAndConfirm(deps: PaymentDeps, order: OrderRow, reason: string): Promise<OrderRow> {
  if (order.status === 'paid' || order.closedAt !== null || order.channel !== 'online') return order
  const { db, config } = deps
  const gw = deps.gateway()
  try {
    await gw.client.closeOrder(order.outTradeNo)
  } catch (err) {
    const code = (err as WechatPayError).code
    // ORDERPAID / ORDER_NOT_EXIST are answers the query below makes certain; anything else too
    if (code !== 'ORDERPAID' && code !== 'ORDER_NOT_EXIST') deps.log.warn({ orderId: order.id, code }, 'wechat pay close failed')
  }
  let t: Transaction | null
  try {
    t = await gw.client.queryOrder(order.outTradeNo)
  } catch (err) {
    deps.log.warn({ orderId: order.id, code: (err as WechatPayError).code }, 'wechat pay order query after close failed')
    return (await repo.findOrder(db, order.id))!
  }
  await repo.setQueriedAt(db, order.id, config.now().toISOString())
  if (t === null) {
    // Unknown to WeChat: no prepay was ever issued for it, so nobody can pay it.
    await repo.markClosed(db, order.id, reason, config.now().toISOString())
  } else if (t.trade_state === 'SUCCESS') {
    await applyTransaction(deps, order, t, 'query')
  } else if (t.trade_state === 'CLOSED' || t.trade_state === 'REVOKED') {
    await repo.markClosed(db, order.id, reason, config.now().toISOString())
  }
  return (await repo.findOrder(db, order.id))!
}

/** POST /api/owner/payments/:id/cancel — 取消本次支付: closed at WeChat, confirmed by a query. */
export async function cancelOwnerPayment(deps: PaymentDeps, auth: OwnerAuth, id: number): Promise<PaymentOrder> {
  let order = await ownOrder(deps.db, auth, id)
  if (order.channel !== 'online') throw new ApiError(404, 'NOT_FOUND', '支付订单不存在')
  if (order.status === 'pending' && !order.prepayId) throw new ApiError(409, 'PAYMENT_IN_PROGRESS', '正在向微信支付下单，请稍后再试')
  if (order.status !== 'paid') order = await closeAndConfirm(deps, order, CLOSED_BY_OWNER)
  if (order.status === 'pending') throw new ApiError(409, 'PAYMENT_IN_PROGRESS', '暂时无法确认支付结果，请稍后再试')
  return orderView(deps.db, order, deps.gateway().mode === 'sandbox')
}

/** POST /api/owner/payments/:id/resume — 继续支付: the same pending order handed off again. */
export async function resumeOwnerPayment(deps: PaymentDeps, auth: OwnerAuth, id: number, platform: PayPlatform): Promise<CreatePaymentResponse> {
  const order = await ownOrder(deps.db, auth, id)
  if (order.channel !== 'online') throw new ApiError(404, 'NOT_FOUND', '支付订单不存在')
  if (order.status === 'paid') throw new ApiError(409, 'BILL_SETTLED', '该笔费用已支付')
  const age = deps.config.now().getTime() - Date.parse(order.createdAt)
  if (order.status !== 'pending' || !order.prepayId || age >= PAY_TIMEOUT_MS) {
    throw new ApiError(409, 'PAYMENT_CLOSED', '该支付已关闭，请重新发起支付')
  }
  if (platform === 'weapp' && order.payerOpenid?.startsWith('sbx_h5_')) {
    throw new ApiError(409, 'PAYMENT_CLOSED', '该支付在浏览器中发起，请取消后重新发起支付')
  }
  return { order: await orderView(deps.db, order, deps.gateway().mode === 'sandbox'), handoff: handoff(deps, order, platform) }
}

/** The payment_close job: pending online orders older than PAY_TIMEOUT_MS closed at WeChat. */
export async function closeOverdueOrders(deps: PaymentDeps, now: Date, limit = 50): Promise<{ closed: number; paid: number; open: number }> {
  const overdue = await repo.overdueOnlineOrders(deps.db, new Date(now.getTime() - PAY_TIMEOUT_MS).toISOString(), limit)
  const out = { closed: 0, paid: 0, open: 0 }
  for (const o of overdue) {
    const after = await closeAndConfirm(deps, o, CLOSED_BY_TIMEOUT)
    if (after.status === 'paid') out.paid += 1
    else if (after.closedAt !== null) out.closed += 1
    else out.open += 1
  }
  return out
}

export type NotifyOutcome = { status: 204 } | { status: 400 | 401; message: string }

/** POST /api/payments/wechat/notify with the body exactly as received. */
export async function handleNotification(deps: PaymentDeps, headers: HeaderSource, rawBody: string): Promise<NotifyOutcome> {
  const gw = deps.gateway()
  const parsed = parseAndVerify({
    headers,
    rawBody,
    platformPublicKeys: gw.platformPublicKeys,
    apiV3Key: gw.apiV3Key,
    now: deps.config.now()
  })
  if (!parsed.ok) {
    deps.log.warn({ reason: parsed.reason }, 'wechat pay notification refused')
    return { status: 401, message: `验签失败（${parsed.reason}）` }
  }
  const order = await repo.findOrderByOutTradeNo(deps.db, parsed.transaction.out_trade_no)
  if (!order || order.channel !== 'online') {
    deps.log.error({ outTradeNo: parsed.transaction.out_trade_no }, 'wechat pay notification for an unknown order')
    return { status: 400, message: '订单不存在' }
  }
  const r = await applyTransaction(deps, order, parsed.transaction, 'notify', parsed.notification.id)
  if (!r.ok) return { status: 400, message: `订单信息不一致（${r.reason}）` }
  return { status: 204 }
}

/** GET /api/owner/payments/:id — the server's view; queries WeChat when a result is overdue. */
export async function getOwnerPayment(deps: PaymentDeps, auth: OwnerAuth, id: number): Promise<PaymentOrder> {
  let order = await ownOrder(deps.db, auth, id)
  const now = deps.config.now().getTime()
  if (
    order.status === 'pending' &&
    now - Date.parse(order.createdAt) >= QUERY_AFTER_MS &&
    (order.queriedAt === null || now - Date.parse(order.queriedAt) >= QUERY_INTERVAL_MS)
  ) {
    order = await reconcile(deps, order)
  }
  return orderView(deps.db, order, deps.gateway().mode === 'sandbox')
}

/**
 * POST /api/owner/payments/:id/sandbox-pay — the sandbox cashier's "confirm": the sandbox, not
 * the phone, then notifies our notify URL over HTTP; the answer reports what the server decided.
 */
export async function sandboxPay(deps: PaymentDeps, auth: OwnerAuth, id: number, result: 'SUCCESS' | 'PAYERROR'): Promise<PaymentOrder> {
  const gw = deps.gateway()
  if (!gw.sandbox) throw new ApiError(404, 'NOT_FOUND', '请求的内容不存在')
  const order = await ownOrder(deps.db, auth, id)
  if (order.status === 'paid') throw new ApiError(409, 'BILL_SETTLED', '该笔费用已支付')
  if (order.status !== 'pending' || !order.prepayId) throw new ApiError(409, 'CONFLICT', '该支付订单已失效，请重新发起支付')
  const paying = gw.sandbox.pay(order.outTradeNo, { result })
  paying.catch(() => undefined)
  try {
    // Wait a little for the notification round trip; the page keeps polling otherwise.
    await Promise.race([paying, new Promise((resolve) => setTimeout(resolve, 3_000).unref())])
  } catch (err) {
    if (err instanceof WechatPayError) throw new ApiError(409, 'CONFLICT', `沙箱支付失败：${err.message}`)
    throw err
  }
  let fresh = (await repo.findOrder(deps.db, order.id))!
  // WeChat notifies successes only: a failure is learned by querying.
  if (fresh.status === 'pending' && result === 'PAYERROR') fresh = await reconcile(deps, fresh)
  return orderView(deps.db, fresh, true)
}

/** GET /api/owner/receipts/:id — only receipts of the owner's own case, with their own full name. */
export async function getOwnerReceipt(db: Executor, auth: OwnerAuth, id: number): Promise<Receipt> {
  const r = await repo.findReceipt(db, id)
  if (!r || r.caseId !== auth.caseId) throw new ApiError(404, 'NOT_FOUND', '收据不存在')
  return receiptView(db, r, undefined, true)
}

const METHOD_TEXT: Record<string, string> = { wechat: '微信支付', cash: '现金', card: '刷卡', bank_transfer: '银行转账', alipay: '支付宝' }

/** GET /api/owner/receipts/:id/pdf — the same receipt as a PDF the owner saves. */
export async function ownerReceiptPdf(db: Executor, auth: OwnerAuth, id: number): Promise<{ pdf: Buffer; fileName: string }> {
  const r = await getOwnerReceipt(db, auth, id)
  const pdf = await renderRecordPdf({
    title: '收据',
    subtitle: `${r.communityName}　收据号 ${r.number}`,
    rows: [
      ['收款单位', r.company],
      ['房屋', r.houseLabel],
      ['付款人', r.payerName],
      ['收款方式', r.methodText],
      ...(r.reference ? ([['交易单号', r.reference]] as [string, string][]) : []),
      ['收款时间', shanghaiDateTime(r.issuedAt)],
      ['经办', r.handledBy]
    ],
    table: { head: ['项目', '金额（元）'], rows: [...r.lines.map((l) => [l.label, yuan(l.amountCents)] as [string, string]), ['合计', yuan(r.amountCents)]], totalRow: true },
    footer: `本收据由${r.company || r.communityName}开具，电子版与纸质收据具有同等效力。`
  })
  return { pdf, fileName: `收据-${r.number}.pdf` }
}

export async function getStaffReceipt(db: Executor, staff: StaffAuth, id: number): Promise<Receipt> {
  const r = await repo.findReceipt(db, id)
  if (!r) throw new ApiError(404, 'NOT_FOUND', '收据不存在')
  const view = await receiptView(db, r, staff.communityId)
  return view
}

async function receiptView(db: Executor, r: NonNullable<Awaited<ReturnType<typeof repo.findReceipt>>>, communityId?: number, ownName = false): Promise<Receipt> {
  const bill = (await feeRepo.findBillByCase(db, r.caseId))!
  const { house, settings } = await loadBillLines(db, bill)
  if (communityId !== undefined && house.communityId !== communityId) throw new ApiError(404, 'NOT_FOUND', '收据不存在')
  const kase = await findCase(db, r.caseId)
  const owner = await ownerOfCase(db, { ownerId: kase?.ownerId ?? null, houseId: house.id })
  return {
    id: r.id,
    number: r.number,
    communityName: settings.name,
    company: settings.company,
    houseLabel: houseLabel(house),
    payerName: owner ? (ownName ? owner.name : maskName(owner.name)) : '',
    amountCents: r.amountCents,
    method: r.method as PaymentMethod,
    methodText: METHOD_TEXT[r.method] ?? r.method,
    // online receipts were issued by the system: WeChat is the channel, nobody handled them
    handledBy: r.method === 'wechat' ? '线上支付' : r.issuedBy,
    reference: r.reference,
    lines: r.lines,
    issuedAt: r.issuedAt,
    issuedBy: r.issuedBy
  }
}

/** POST /api/staff/payments — a counter payment of at most the balance, receipted at once. */
export async function recordCounterPayment(deps: PaymentDeps, staff: StaffAuth, body: CounterPaymentRequest) {
  const { db, config } = deps
  if ((body.houseId === undefined) === (body.caseId === undefined)) {
    throw new ApiError(400, 'VALIDATION_FAILED', '请指定房屋或办理记录（二选一）')
  }
  // The slip or transfer reference is what reconciles a card or transfer payment with the bank.
  if ((REFERENCE_REQUIRED_METHODS as readonly string[]).includes(body.method) && !body.reference?.trim()) {
    throw new ApiError(
      400,
      'PAYMENT_REFERENCE_REQUIRED',
      body.method === 'card' ? '刷卡收款请填写 POS 签购单上的凭证号' : '转账收款请填写银行转账流水号'
    )
  }
  const kase = await repo.findCounterCase(db, body.caseId !== undefined ? { caseId: body.caseId } : { houseId: body.houseId! })
  if (!kase || kase.communityId !== staff.communityId) {
    if (body.houseId !== undefined && !kase) {
      const house = await findHouseById(db, body.houseId)
      if (house && house.communityId === staff.communityId) {
        throw new ApiError(409, 'CASE_NOT_STARTED', '业主尚未核验身份，请先协助业主完成身份核验')
      }
    }
    throw new ApiError(404, 'NOT_FOUND', '未找到该房屋的入伙办理记录')
  }
  if (!kase.verifiedAt) throw new ApiError(409, 'CASE_NOT_STARTED', '业主尚未核验身份，请先协助业主完成身份核验')
  const caseId = kase.id

  if (body.idempotencyKey) {
    const prior = await repo.findOrderByIdempotencyKey(db, body.idempotencyKey)
    if (prior) {
      if (prior.caseId !== caseId || prior.channel !== 'counter' || prior.amountCents !== body.amountCents || prior.method !== body.method) {
        throw new ApiError(409, 'IDEMPOTENCY_CONFLICT', '请求编号已被使用，请刷新后重试')
      }
      return counterResult(db, staff, prior)
    }
  }

  const now = config.now()
  const bill = await ensureBill(db, caseId, now)
  // Online orders of this bill that WeChat may already have settled: learn that first.
  for (const o of await repo.pendingOnlineOrders(db, bill.id)) {
    const fresh = await reconcile(deps, o)
    if (fresh.status === 'pending' && now.getTime() - Date.parse(fresh.createdAt) < ONLINE_IN_PROGRESS_MS) {
      throw new ApiError(409, 'PAYMENT_IN_PROGRESS', '业主正在线上支付，请稍后刷新再收款')
    }
  }

  const actor: Actor = { type: 'staff', id: staff.userId, label: `收银 ${staff.displayName}` }
  let orderId: number
  try {
    orderId = await db.transaction().execute(async (tx) => {
      await feeRepo.lockBill(tx, bill.id)
      const balance = bill.totalCents - (await feeRepo.paidCents(tx, bill.id))
      if (balance <= 0) throw new ApiError(409, 'BILL_SETTLED', '该户入伙费用已缴清')
      if (body.amountCents > balance) throw new ApiError(409, 'OVERPAYMENT', `收款金额超过待缴金额，最多可收 ¥${yuan(balance)}`)
      const id = await repo.insertOrder(tx, {
        billId: bill.id,
        outTradeNo: newOutTradeNo(now),
        channel: 'counter',
        method: body.method,
        amountCents: body.amountCents,
        createdBy: `staff:${staff.userId}`,
        idempotencyKey: body.idempotencyKey ?? null,
        payerOpenid: null,
        reference: body.reference?.trim() || null,
        staffUserId: staff.userId,
        at: now.toISOString()
      })
      const order = (await repo.findOrder(tx, id))!
      await settleOrder(tx, order, { transactionId: null, paidAt: now.toISOString(), actor, issuedBy: staff.displayName, now, log: deps.log })
      await audit(tx, { actorType: 'staff', actorId: staff.userId, action: 'counter_payment', target: `case:${caseId}`, detail: `order:${id} ${body.method} ${body.amountCents}`, at: now.toISOString() })
      return id
    })
  } catch (err) {
    if (!body.idempotencyKey || !isUniqueViolation(err)) throw err
    const winner = await repo.findOrderByIdempotencyKey(db, body.idempotencyKey)
    if (!winner) throw err
    return counterResult(db, staff, winner)
  }
  return counterResult(db, staff, (await repo.findOrder(db, orderId))!)
}

async function counterResult(db: Executor, staff: StaffAuth, order: OrderRow) {
  const receiptId = await repo.receiptIdOfOrder(db, order.id)
  const bill = (await feeRepo.findBillById(db, order.billId)) as BillRow
  return { receipt: await getStaffReceipt(db, staff, receiptId!), bill: await billView(db, bill) }
}

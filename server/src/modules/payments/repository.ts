import type { Executor } from '../../db/database'

export interface OrderRow {
  id: number
  billId: number
  caseId: number
  outTradeNo: string
  channel: 'online' | 'counter'
  method: string
  amountCents: number
  status: 'pending' | 'paid' | 'failed'
  transactionId: string | null
  prepayId: string | null
  paidAt: string | null
  createdBy: string
  createdAt: string
  idempotencyKey: string | null
  payerOpenid: string | null
  reference: string | null
  staffUserId: number | null
  failureReason: string | null
  queriedAt: string | null
  /** WeChat's order query confirmed the order closed after we closed it: no money can move on it */
  closedAt: string | null
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v))

function orderQuery(db: Executor) {
  return db
    .selectFrom('payment_orders as p')
    .innerJoin('bills as b', 'b.id', 'p.bill_id')
    .select([
      'p.id',
      'p.bill_id',
      'b.case_id',
      'p.out_trade_no',
      'p.channel',
      'p.method',
      'p.amount_cents',
      'p.status',
      'p.transaction_id',
      'p.prepay_id',
      'p.paid_at',
      'p.created_by',
      'p.created_at',
      'p.idempotency_key',
      'p.payer_openid',
      'p.reference',
      'p.staff_user_id',
      'p.failure_reason',
      'p.queried_at',
      'p.closed_at'
    ])
}

type Raw = Awaited<ReturnType<ReturnType<typeof orderQuery>['executeTakeFirstOrThrow']>>

function toOrder(r: Raw): OrderRow {
  return {
    id: Number(r.id),
    billId: Number(r.bill_id),
    caseId: Number(r.case_id),
    outTradeNo: r.out_trade_no,
    channel: r.channel === 'counter' ? 'counter' : 'online',
    method: r.method,
    amountCents: Number(r.amount_cents),
    status: r.status as OrderRow['status'],
    transactionId: r.transaction_id,
    prepayId: r.prepay_id,
    paidAt: str(r.paid_at),
    createdBy: r.created_by,
    createdAt: String(r.created_at),
    idempotencyKey: r.idempotency_key,
    payerOpenid: r.payer_openid,
    reference: r.reference,
    staffUserId: r.staff_user_id === null ? null : Number(r.staff_user_id),
    failureReason: r.failure_reason,
    queriedAt: str(r.queried_at),
    closedAt: str(r.closed_at)
  }
}

export async function findOrder(db: Executor, id: number): Promise<OrderRow | null> {
  const r = await orderQuery(db).where('p.id', '=', id).executeTakeFirst()
  return r ? toOrder(r) : null
}

export async function findOrderByOutTradeNo(db: Executor, outTradeNo: string): Promise<OrderRow | null> {
  const r = await orderQuery(db).where('p.out_trade_no', '=', outTradeNo).executeTakeFirst()
  return r ? toOrder(r) : null
}

export async function findOrderByIdempotencyKey(db: Executor, key: string): Promise<OrderRow | null> {
  const r = await orderQuery(db).where('p.idempotency_key', '=', key).executeTakeFirst()
  return r ? toOrder(r) : null
}

export async function pendingOnlineOrders(db: Executor, billId: number): Promise<OrderRow[]> {
  const rows = await orderQuery(db)
    .where('p.bill_id', '=', billId)
    .where('p.channel', '=', 'online')
    .where('p.status', '=', 'pending')
    .where('p.prepay_id', 'is not', null)
    .orderBy('p.id', 'desc')
    .execute()
  return rows.map(toOrder)
}

/**
 * Online orders of the bill on which money may still move: pending ones (with or without a
 * prepay id yet) and failed ones WeChat has not confirmed closed. A new order waits for them.
 */
export async function openOnlineOrders(db: Executor, billId: number): Promise<OrderRow[]> {
  const rows = await orderQuery(db)
    .where('p.bill_id', '=', billId)
    .where('p.channel', '=', 'online')
    .where((eb) =>
      eb.or([eb('p.status', '=', 'pending'), eb.and([eb('p.status', '=', 'failed'), eb('p.closed_at', 'is', null), eb('p.prepay_id', 'is not', null)])])
    )
    .orderBy('p.id', 'desc')
    .execute()
  return rows.map(toOrder)
}

/** Pending online orders placed at or before `before` (the close-after-timeout job), oldest first. */
export async function overdueOnlineOrders(db: Executor, before: string, limit: number): Promise<OrderRow[]> {
  const rows = await orderQuery(db)
    .where('p.channel', '=', 'online')
    .where('p.status', '=', 'pending')
    .where('p.created_at', '<=', before)
    .orderBy('p.id', 'asc')
    .limit(limit)
    .execute()
  return rows.map(toOrder)
}

/**
 * WeChat confirmed the order closed (or never had it): failed with the reason, closed_at set.
 * Conditional: a paid order stays paid.
 */
export async function markClosed(db: Executor, id: number, reason: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('payment_orders')
    .set((eb) => ({ status: 'failed', failure_reason: eb.fn.coalesce('failure_reason', eb.val(reason)), closed_at: at, updated_at: at }))
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'failed'])
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function insertOrder(
  db: Executor,
  o: {
    billId: number
    outTradeNo: string
    channel: 'online' | 'counter'
    method: string
    amountCents: number
    createdBy: string
    idempotencyKey: string | null
    payerOpenid: string | null
    reference: string | null
    staffUserId: number | null
    at: string
  }
): Promise<number> {
  const r = await db
    .insertInto('payment_orders')
    .values({
      bill_id: o.billId,
      out_trade_no: o.outTradeNo,
      channel: o.channel,
      method: o.method,
      amount_cents: o.amountCents,
      status: 'pending',
      transaction_id: null,
      prepay_id: null,
      paid_at: null,
      created_by: o.createdBy,
      created_at: o.at,
      updated_at: o.at,
      idempotency_key: o.idempotencyKey,
      payer_openid: o.payerOpenid,
      reference: o.reference,
      staff_user_id: o.staffUserId,
      failure_reason: null,
      queried_at: null
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

/** false when the order is no longer pending (closed meanwhile): its prepay id must not be handed off. */
export async function setPrepayId(db: Executor, id: number, prepayId: string, at: string): Promise<boolean> {
  const r = await db.updateTable('payment_orders').set({ prepay_id: prepayId, updated_at: at }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function setQueriedAt(db: Executor, id: number, at: string) {
  await db.updateTable('payment_orders').set({ queried_at: at }).where('id', '=', id).execute()
}

/**
 * The only way an order becomes paid: a conditional update, so two deliveries (notification
 * and order query, or two notifications) cannot both win. A failed order still becomes paid
 * when WeChat reports a success: the money moved.
 */
export async function markPaid(db: Executor, id: number, p: { transactionId: string | null; paidAt: string; at: string }): Promise<boolean> {
  const r = await db
    .updateTable('payment_orders')
    .set({ status: 'paid', transaction_id: p.transactionId, paid_at: p.paidAt, updated_at: p.at })
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'failed'])
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function markFailed(db: Executor, id: number, reason: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('payment_orders')
    .set({ status: 'failed', failure_reason: reason, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** Records a notification id; false when it was seen before (a duplicate delivery). */
export async function recordNotification(db: Executor, notificationId: string, orderId: number, at: string): Promise<boolean> {
  const r = await db
    .insertInto('payment_notifications')
    .values({ notification_id: notificationId, order_id: orderId, received_at: at })
    .onConflict((oc) => oc.column('notification_id').doNothing())
    .returning('id')
    .executeTakeFirst()
  return r !== undefined
}

export async function insertReceipt(
  db: Executor,
  r: { orderId: number; datePart: string; amountCents: number; method: string; lines: string; issuedBy: string; at: string }
): Promise<{ id: number; number: string }> {
  const row = await db
    .insertInto('receipts')
    .values({
      payment_order_id: r.orderId,
      number: `tmp-${r.orderId}`,
      issued_at: r.at,
      amount_cents: r.amountCents,
      method: r.method,
      lines: r.lines,
      issued_by: r.issuedBy
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const id = Number(row.id)
  // The id makes the number unique; the date makes it readable on paper.
  const number = `AJ-${r.datePart}-${String(id).padStart(6, '0')}`
  await db.updateTable('receipts').set({ number }).where('id', '=', id).execute()
  return { id, number }
}

export async function findReceipt(db: Executor, id: number) {
  const r = await db
    .selectFrom('receipts as r')
    .innerJoin('payment_orders as p', 'p.id', 'r.payment_order_id')
    .innerJoin('bills as b', 'b.id', 'p.bill_id')
    .select(['r.id', 'r.number', 'r.issued_at', 'r.amount_cents', 'r.method', 'r.lines', 'r.issued_by', 'p.transaction_id', 'p.reference', 'b.case_id'])
    .where('r.id', '=', id)
    .executeTakeFirst()
  if (!r) return null
  return {
    id: Number(r.id),
    number: r.number,
    issuedAt: String(r.issued_at),
    amountCents: Number(r.amount_cents),
    method: r.method,
    lines: JSON.parse(r.lines) as { label: string; amountCents: number }[],
    issuedBy: r.issued_by,
    reference: r.transaction_id ?? r.reference ?? null,
    caseId: Number(r.case_id)
  }
}

export async function receiptIdOfOrder(db: Executor, orderId: number): Promise<number | null> {
  const r = await db.selectFrom('receipts').select('id').where('payment_order_id', '=', orderId).executeTakeFirst()
  return r ? Number(r.id) : null
}

/** The openid the owner's WeChat login linked to this case (the latest one). */
/** The case a counter payment is for (by case or by house), with its community and whether it is verified. */
export async function findCounterCase(db: Executor, by: { caseId: number } | { houseId: number }) {
  const q = db.selectFrom('move_in_cases as mc').innerJoin('houses as h', 'h.id', 'mc.house_id').select(['mc.id', 'mc.verified_at', 'h.community_id'])
  const r = await ('caseId' in by ? q.where('mc.id', '=', by.caseId) : q.where('mc.house_id', '=', by.houseId)).executeTakeFirst()
  return r ? { id: Number(r.id), verifiedAt: r.verified_at, communityId: Number(r.community_id) } : null
}

export async function payerOpenidOfCase(db: Executor, caseId: number): Promise<string | null> {
  const r = await db
    .selectFrom('wechat_links')
    .select('openid')
    .where('case_id', '=', caseId)
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return r?.openid ?? null
}

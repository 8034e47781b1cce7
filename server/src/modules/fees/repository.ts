import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import type { FeeLine, PaymentMethod, PaymentStatus, ReceiptSummary, BillPayment } from '../../../../types/fees'
import type { FeeRate } from './calc'

export interface BillRow {
  id: number
  caseId: number
  status: string
  totalCents: number
  createdAt: string
  updatedAt: string
}

export interface CommunityFeeSettings {
  name: string
  company: string
  prepaidMonths: number
}

export async function loadCommunitySettings(db: Executor, communityId: number): Promise<CommunityFeeSettings> {
  const c = await db
    .selectFrom('communities')
    .select(['name', 'company', 'prepaid_months'])
    .where('id', '=', communityId)
    .executeTakeFirstOrThrow()
  return { name: c.name, company: c.company, prepaidMonths: Number(c.prepaid_months) }
}

export async function loadRates(db: Executor, communityId: number): Promise<FeeRate[]> {
  const rows = await db
    .selectFrom('fee_rates')
    .select(['kind', 'label', 'basis', 'rate_cents'])
    .where('community_id', '=', communityId)
    .orderBy('sort')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ kind: r.kind, label: r.label, basis: r.basis, rateCents: Number(r.rate_cents) }))
}

const toBill = (r: { id: number; case_id: number; status: string; total_cents: number; created_at: string | Date; updated_at: string | Date }): BillRow => ({
  id: Number(r.id),
  caseId: Number(r.case_id),
  status: r.status,
  totalCents: Number(r.total_cents),
  createdAt: String(r.created_at),
  updatedAt: String(r.updated_at)
})

export async function findBillByCase(db: Executor, caseId: number): Promise<BillRow | null> {
  const r = await db
    .selectFrom('bills')
    .select(['id', 'case_id', 'status', 'total_cents', 'created_at', 'updated_at'])
    .where('case_id', '=', caseId)
    .executeTakeFirst()
  return r ? toBill(r) : null
}

export async function findBillById(db: Executor, billId: number): Promise<BillRow | null> {
  const r = await db
    .selectFrom('bills')
    .select(['id', 'case_id', 'status', 'total_cents', 'created_at', 'updated_at'])
    .where('id', '=', billId)
    .executeTakeFirst()
  return r ? toBill(r) : null
}

/** Inserts the case's bill unless one exists (unique case_id); null when another writer won. */
export async function insertBill(db: Executor, caseId: number, totalCents: number, status: string, at: string): Promise<number | null> {
  const r = await db
    .insertInto('bills')
    .values({ case_id: caseId, status, total_cents: totalCents, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .returning('id')
    .executeTakeFirst()
  return r ? Number(r.id) : null
}

export async function insertLines(db: Executor, billId: number, lines: FeeLine[]): Promise<void> {
  if (lines.length === 0) return
  await db
    .insertInto('fee_lines')
    .values(
      lines.map((l) => ({
        bill_id: billId,
        kind: l.kind,
        label: l.label,
        quantity: l.quantity,
        unit_cents: l.unitCents,
        amount_cents: l.amountCents
      }))
    )
    .execute()
}

export async function loadLines(db: Executor, billId: number, unitFor: (kind: string) => string): Promise<FeeLine[]> {
  const rows = await db
    .selectFrom('fee_lines')
    .select(['kind', 'label', 'quantity', 'unit_cents', 'amount_cents'])
    .where('bill_id', '=', billId)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    kind: r.kind,
    label: r.label,
    quantity: Number(r.quantity),
    unit: unitFor(r.kind),
    unitCents: Number(r.unit_cents),
    amountCents: Number(r.amount_cents)
  }))
}

/**
 * Serialises writers of one bill: the row lock taken by this UPDATE (PostgreSQL) holds until
 * the transaction ends, so a balance read after it cannot be stale. SQLite serialises writers anyway.
 */
export async function lockBill(db: Executor, billId: number): Promise<void> {
  await db.updateTable('bills').set({ updated_at: sql`updated_at` as never }).where('id', '=', billId).execute()
}

export async function setBillStatus(db: Executor, billId: number, status: string, at: string): Promise<void> {
  await db.updateTable('bills').set({ status, updated_at: at }).where('id', '=', billId).execute()
}

export async function paidCents(db: Executor, billId: number): Promise<number> {
  const r = await db
    .selectFrom('payment_orders')
    .select(sql<number>`coalesce(sum(amount_cents), 0)`.as('paid'))
    .where('bill_id', '=', billId)
    .where('status', '=', 'paid')
    .executeTakeFirst()
  return Number(r?.paid ?? 0)
}

export async function listPayments(db: Executor, billId: number): Promise<BillPayment[]> {
  const rows = await db
    .selectFrom('payment_orders as p')
    .leftJoin('receipts as r', 'r.payment_order_id', 'p.id')
    .select(['p.id', 'p.method', 'p.channel', 'p.amount_cents', 'p.status', 'p.created_at', 'p.paid_at', 'r.id as receipt_id'])
    .where('p.bill_id', '=', billId)
    // Online orders abandoned before the hand-off are noise for the owner.
    .where((eb) => eb.or([eb('p.status', '!=', 'failed'), eb('p.prepay_id', 'is not', null)]))
    .orderBy('p.id', 'desc')
    .execute()
  return rows.map((r) => ({
    id: Number(r.id),
    method: r.method as PaymentMethod,
    channel: r.channel === 'counter' ? 'counter' : 'online',
    amountCents: Number(r.amount_cents),
    status: r.status as PaymentStatus,
    createdAt: String(r.created_at),
    paidAt: r.paid_at === null ? null : String(r.paid_at),
    receiptId: r.receipt_id === null || r.receipt_id === undefined ? null : Number(r.receipt_id)
  }))
}

export async function listReceipts(db: Executor, billId: number): Promise<ReceiptSummary[]> {
  const rows = await db
    .selectFrom('receipts as r')
    .innerJoin('payment_orders as p', 'p.id', 'r.payment_order_id')
    .select(['r.id', 'r.number', 'r.amount_cents', 'r.method', 'r.issued_at'])
    .where('p.bill_id', '=', billId)
    .orderBy('r.id')
    .execute()
  return rows.map((r) => ({
    id: Number(r.id),
    number: r.number,
    amountCents: Number(r.amount_cents),
    method: r.method as PaymentMethod,
    issuedAt: String(r.issued_at)
  }))
}

import type { Db, Executor } from '../../db/database'
import { ApiError } from '../../errors'
import type { Bill, BillStatus } from '../../../../types/fees'
import type { StaffBillList } from '../../../../types/payments'
import { maskName, sha256 } from '../../lib/crypto'
import type { OwnerAuth, StaffAuth } from '../../plugins/auth'
import { findCase } from '../cases/repository'
import { requireStage } from '../cases/service'
import { audit } from '../../core/audit'
import { findHouseById, houseLabel, searchHouses, type HouseRow } from '../../core/houses'
import { computeLines, totalOf, type FeeRate } from './calc'
import * as repo from './repository'
import type { BillRow } from './repository'

export function billStatusFor(totalCents: number, paid: number): BillStatus {
  if (paid >= totalCents) return 'paid'
  return paid > 0 ? 'partial' : 'unpaid'
}

function unitLookup(rates: FeeRate[], prepaidMonths: number) {
  const basis = new Map(rates.map((r) => [r.kind, r.basis]))
  return (kind: string) => {
    const b = basis.get(kind)
    return b === 'per_m2_month' ? `m²·${prepaidMonths}个月` : b === 'per_m2' ? 'm²' : '项'
  }
}

async function houseOfCase(db: Executor, caseId: number): Promise<HouseRow> {
  const kase = await findCase(db, caseId)
  if (!kase) throw new ApiError(404, 'NOT_FOUND', '未找到入伙办理记录')
  const house = await findHouseById(db, kase.houseId)
  if (!house) throw new ApiError(404, 'NOT_FOUND', '未找到房屋信息')
  return house
}

/**
 * The case's bill, derived from the house area and the community's fee rates and stored on
 * first use (bill + lines in one transaction; the unique case_id lets one concurrent caller win).
 */
export async function ensureBill(db: Db, caseId: number, now: Date): Promise<BillRow> {
  const existing = await repo.findBillByCase(db, caseId)
  if (existing) return existing
  return db.transaction().execute(async (tx) => {
    const house = await houseOfCase(tx, caseId)
    const settings = await repo.loadCommunitySettings(tx, house.communityId)
    const rates = await repo.loadRates(tx, house.communityId)
    if (rates.length === 0) throw new ApiError(409, 'CONFLICT', '小区尚未配置收费标准，请联系物业服务中心')
    const lines = computeLines(rates, house.area, settings.prepaidMonths)
    const total = totalOf(lines)
    const at = now.toISOString()
    const id = await repo.insertBill(tx, caseId, total, billStatusFor(total, 0), at)
    if (id !== null) await repo.insertLines(tx, id, lines)
    const bill = await repo.findBillByCase(tx, caseId)
    if (!bill) throw new Error('bill insert failed')
    return bill
  })
}

/**
 * The bill as soon as the owner may see it (the home page asks on every load), so the home
 * says what to pay and how much instead of "生成中"; null while the community has no rates.
 */
export async function ensureBillIfPriced(db: Db, caseId: number, now: Date): Promise<BillRow | null> {
  const existing = await repo.findBillByCase(db, caseId)
  if (existing) return existing
  const house = await houseOfCase(db, caseId)
  if ((await repo.loadRates(db, house.communityId)).length === 0) return null
  return ensureBill(db, caseId, now)
}

/** Everything the bill page shows: lines, total, paid, balance, payments and receipts. */
export async function billView(db: Executor, bill: BillRow): Promise<Bill> {
  const house = await houseOfCase(db, bill.caseId)
  const settings = await repo.loadCommunitySettings(db, house.communityId)
  const rates = await repo.loadRates(db, house.communityId)
  const lines = await repo.loadLines(db, bill.id, unitLookup(rates, settings.prepaidMonths))
  const paid = await repo.paidCents(db, bill.id)
  const payments = await repo.listPayments(db, bill.id)
  const pending = payments.find((p) => p.status === 'pending' && p.channel === 'online')
  return {
    id: bill.id,
    houseLabel: houseLabel(house),
    area: house.area,
    prepaidMonths: settings.prepaidMonths,
    lines,
    totalCents: bill.totalCents,
    paidCents: paid,
    balanceCents: Math.max(0, bill.totalCents - paid),
    status: billStatusFor(bill.totalCents, paid),
    pendingPaymentId: pending ? pending.id : null,
    payments,
    receipts: await repo.listReceipts(db, bill.id),
    createdAt: bill.createdAt
  }
}

export async function loadBillLines(db: Executor, bill: BillRow) {
  const house = await houseOfCase(db, bill.caseId)
  const settings = await repo.loadCommunitySettings(db, house.communityId)
  const rates = await repo.loadRates(db, house.communityId)
  return { house, settings, lines: await repo.loadLines(db, bill.id, unitLookup(rates, settings.prepaidMonths)) }
}

/** GET /api/owner/bill */
export async function getOwnerBill(db: Db, auth: OwnerAuth, now: Date): Promise<Bill> {
  await requireStage(db, auth.caseId, 'fees', now)
  return billView(db, await ensureBill(db, auth.caseId, now))
}

/** GET /api/staff/bills?q= — verified cases get their bill (created on first look). */
export async function lookupBills(db: Db, staff: StaffAuth, q: string, now: Date): Promise<StaffBillList> {
  const rows = await searchHouses(db, staff.communityId, q.trim())
  const items: StaffBillList['items'] = []
  for (const r of rows) {
    const bill = r.caseId !== null && r.verified ? await billView(db, await ensureBill(db, r.caseId, now)) : null
    items.push({
      houseId: r.houseId,
      caseId: r.caseId,
      houseLabel: houseLabel(r),
      ownerName: r.ownerName ? maskName(r.ownerName) : '',
      verified: r.verified,
      bill
    })
  }
  // The query may be an owner's name: the audit keeps a hash of it, and which houses were shown.
  await audit(db, {
    actorType: 'staff',
    actorId: staff.userId,
    action: 'staff.bill_lookup',
    target: `community:${staff.communityId}`,
    detail: JSON.stringify({ q: sha256(q).slice(0, 16), houses: items.map((i) => i.houseId) }),
    at: now.toISOString()
  })
  return { items }
}

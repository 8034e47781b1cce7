import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import type { CaseFacts, Policy } from './engine'
import type { Stage, StageStatus } from '../../../../types/progress'

export interface CaseRow {
  id: number
  houseId: number
  ownerId: number | null
  verifiedAt: string | null
  verifiedRole: 'owner' | 'delegate' | null
  doneAt: string | null
}

function toCase(r: { id: number; house_id: number; owner_id: number | null; verified_at: string | null; verified_role: string | null; done_at: string | null }): CaseRow {
  return {
    id: Number(r.id),
    houseId: Number(r.house_id),
    ownerId: r.owner_id === null ? null : Number(r.owner_id),
    verifiedAt: r.verified_at,
    verifiedRole: r.verified_role === 'owner' || r.verified_role === 'delegate' ? r.verified_role : null,
    doneAt: r.done_at
  }
}

const CASE_COLUMNS = ['id', 'house_id', 'owner_id', 'verified_at', 'verified_role', 'done_at'] as const

export async function findCaseByHouse(db: Executor, houseId: number): Promise<CaseRow | null> {
  const r = await db.selectFrom('move_in_cases').select(CASE_COLUMNS).where('house_id', '=', houseId).executeTakeFirst()
  return r ? toCase(r) : null
}

export async function findCase(db: Executor, caseId: number): Promise<CaseRow | null> {
  const r = await db.selectFrom('move_in_cases').select(CASE_COLUMNS).where('id', '=', caseId).executeTakeFirst()
  return r ? toCase(r) : null
}

/** Creates the case with no stage rows; the service seeds them from the derived progress. */
export async function insertCase(db: Executor, houseId: number, at: string): Promise<number> {
  const r = await db
    .insertInto('move_in_cases')
    .values({ house_id: houseId, owner_id: null, verified_at: null, verified_role: null, done_at: null, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('house_id').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (r) return Number(r.id)
  // Lost a race with a concurrent verification of the same house.
  const existing = await findCaseByHouse(db, houseId)
  if (!existing) throw new Error('case insert failed')
  return existing.id
}

export async function markVerified(db: Executor, caseId: number, v: { ownerId: number; role: 'owner' | 'delegate'; at: string }) {
  const current = await findCase(db, caseId)
  // An owner's own verification outranks a delegate's; a delegate never downgrades it.
  const role = current?.verifiedRole === 'owner' ? 'owner' : v.role
  await db
    .updateTable('move_in_cases')
    .set({ owner_id: v.ownerId, verified_role: role, verified_at: current?.verifiedAt ?? v.at, updated_at: v.at })
    .where('id', '=', caseId)
    .execute()
}

export async function getStageStatuses(db: Executor, caseId: number): Promise<Map<Stage, StageStatus>> {
  const rows = await db.selectFrom('case_stages').select(['stage', 'status']).where('case_id', '=', caseId).execute()
  return new Map(rows.map((r) => [r.stage as Stage, r.status as StageStatus]))
}

export async function upsertStageStatus(db: Executor, caseId: number, stage: Stage, status: StageStatus, at: string) {
  await db
    .insertInto('case_stages')
    .values({ case_id: caseId, stage, status, updated_at: at })
    .onConflict((oc) => oc.columns(['case_id', 'stage']).doUpdateSet({ status, updated_at: at }))
    .execute()
}

export interface Actor {
  type: 'owner' | 'delegate' | 'staff' | 'system'
  id: number | null
  /** shown in the timeline, e.g. 业主 / 委托人 / 客服 张敏 */
  label: string
}

export async function insertEvent(
  db: Executor,
  e: { caseId: number; stage: Stage; from: StageStatus; to: StageStatus; actor: Actor; note?: string | null; at: string }
) {
  await db
    .insertInto('case_events')
    .values({
      case_id: e.caseId,
      stage: e.stage,
      from_status: e.from,
      to_status: e.to,
      actor_type: e.actor.type,
      actor_id: e.actor.id,
      actor_label: e.actor.label,
      note: e.note ?? null,
      at: e.at
    })
    .execute()
}

export async function listEvents(db: Executor, caseId: number, limit = 50) {
  const rows = await db
    .selectFrom('case_events')
    .select(['stage', 'from_status', 'to_status', 'actor_type', 'actor_label', 'at', 'id'])
    .where('case_id', '=', caseId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    stage: r.stage as Stage,
    from: r.from_status as StageStatus,
    to: r.to_status as StageStatus,
    actor: r.actor_type === 'staff' ? `staff:${r.actor_label}` : r.actor_type,
    at: r.at
  }))
}

export async function loadPolicy(db: Executor, communityId: number): Promise<Policy> {
  const c = await db
    .selectFrom('communities')
    .select(['policy_fees_required_for_keys', 'policy_agreements_required_for_keys', 'reservation_cutoff_hours'])
    .where('id', '=', communityId)
    .executeTakeFirstOrThrow()
  return {
    feesRequiredForKeys: Number(c.policy_fees_required_for_keys) === 1,
    agreementsRequiredForKeys: Number(c.policy_agreements_required_for_keys) === 1,
    reservationCutoffHours: Number(c.reservation_cutoff_hours)
  }
}

/** Checklist of a case: conditional items become required when their condition holds. */
export async function loadChecklist(db: Executor, caseId: number, communityId: number) {
  const items = await db
    .selectFrom('checklist_items')
    .select(['code', 'title', 'description', 'requirement', 'condition', 'sort'])
    .where('community_id', '=', communityId)
    .orderBy('sort')
    .orderBy('id')
    .execute()
  const subs = await db
    .selectFrom('document_submissions')
    .select(['item_code', 'status', 'reason', 'submitted_at', 'reviewed_at'])
    .where('case_id', '=', caseId)
    .execute()
  const delegateCount = await db
    .selectFrom('delegates')
    .select(sql<number>`count(*)`.as('n'))
    .where('case_id', '=', caseId)
    .executeTakeFirst()
  const hasDelegate = Number(delegateCount?.n ?? 0) > 0
  const byCode = new Map(subs.map((s) => [s.item_code, s]))
  return items
    .map((i) => {
      const conditionHolds = i.requirement === 'conditional' && i.condition === 'delegate' && hasDelegate
      const required = i.requirement === 'required' || conditionHolds
      const applicable = i.requirement !== 'conditional' || conditionHolds
      const s = byCode.get(i.code)
      return {
        code: i.code,
        title: i.title,
        description: i.description,
        requirement: i.requirement as 'required' | 'optional' | 'conditional',
        required,
        applicable,
        status: (s?.status ?? 'missing') as 'missing' | 'submitted' | 'approved' | 'rejected',
        reason: s?.reason ?? null,
        submittedAt: s?.submitted_at ?? null,
        reviewedAt: s?.reviewed_at ?? null
      }
    })
    .filter((i) => i.applicable)
}

/** Every fact the engine needs, read in one place so the derivation stays pure. */
export async function loadFacts(db: Executor, c: CaseRow, communityId: number): Promise<CaseFacts> {
  const checklist = await loadChecklist(db, c.id, communityId)

  const delegate = await db
    .selectFrom('delegates')
    .select(['status'])
    .where('case_id', '=', c.id)
    .orderBy('id', 'desc')
    .executeTakeFirst()
  const poa = checklist.find((i) => i.code === 'power_of_attorney')
  const delegateStatus =
    c.verifiedRole === 'delegate' && delegate
      ? !poa || poa.status === 'missing'
        ? null
        : (delegate.status as 'pending_review' | 'approved' | 'rejected')
      : null

  const reservation = await db
    .selectFrom('reservations as r')
    .innerJoin('slots as s', 's.id', 'r.slot_id')
    .select(['s.date', 's.start_time', 's.end_time'])
    .where('r.case_id', '=', c.id)
    .where('r.status', '=', 'active')
    .executeTakeFirst()

  const activeAgreements = await db
    .selectFrom('agreements as a')
    .innerJoin('houses as h', 'h.community_id', 'a.community_id')
    .select(['a.kind', 'a.title'])
    .where('h.id', '=', c.houseId)
    .where('a.active', '=', 1)
    .orderBy('a.id')
    .execute()
  // A signature of any version of a kind counts: publishing a new version does not unsign it.
  const signedRows = await db
    .selectFrom('signatures as s')
    .innerJoin('agreements as a', 'a.id', 's.agreement_id')
    .select(['a.kind', 's.signed_at'])
    .where('s.case_id', '=', c.id)
    .orderBy('s.id')
    .execute()
  const signedByKind = new Map<string, string>()
  for (const r of signedRows) if (!signedByKind.has(r.kind)) signedByKind.set(r.kind, r.signed_at)
  const agreements = activeAgreements.map((a) => ({ kind: a.kind, title: a.title, signed_at: signedByKind.get(a.kind) ?? null }))

  const bill = await db
    .selectFrom('bills')
    .select(['id', 'status', 'total_cents', 'updated_at'])
    .where('case_id', '=', c.id)
    .where('status', '!=', 'cancelled')
    .orderBy('id', 'desc')
    .executeTakeFirst()
  let fees: CaseFacts['fees'] = null
  if (bill) {
    const paid = await db
      .selectFrom('payment_orders')
      .select(sql<number>`coalesce(sum(amount_cents), 0)`.as('paid'))
      .where('bill_id', '=', bill.id)
      .where('status', '=', 'paid')
      .executeTakeFirst()
    fees = {
      totalCents: Number(bill.total_cents),
      paidCents: Number(paid?.paid ?? 0),
      settledAt: bill.status === 'paid' ? bill.updated_at : null
    }
  }

  const checkin = await db
    .selectFrom('checkins')
    .select(['date', 'queue_no', 'arrived_at'])
    .where('case_id', '=', c.id)
    .orderBy('date', 'desc')
    .executeTakeFirst()

  const inspection = await db
    .selectFrom('inspections')
    .select(['status', 'result', 'owner_signed_at'])
    .where('case_id', '=', c.id)
    .orderBy('round', 'desc')
    .executeTakeFirst()
  const openDefects = await db
    .selectFrom('defects')
    .select(sql<number>`count(*)`.as('n'))
    .where('case_id', '=', c.id)
    .where('status', '!=', 'confirmed')
    .executeTakeFirst()
  let inspectionStatus: CaseFacts['inspection']['status'] = 'none'
  if (inspection) {
    if (inspection.status !== 'completed') inspectionStatus = 'in_progress'
    else inspectionStatus = inspection.result === 'passed' ? 'passed' : 'defects_open'
  }

  const keys = await db.selectFrom('key_handovers').select(['handed_at']).where('case_id', '=', c.id).executeTakeFirst()
  const followup = await db
    .selectFrom('followup_tasks')
    .select(['due_at', 'closed_at', 'status'])
    .where('case_id', '=', c.id)
    .where('kind', '=', 'first_visit')
    .orderBy('id')
    .executeTakeFirst()

  return {
    verifiedAt: c.verifiedAt,
    role: c.verifiedRole,
    delegateStatus,
    documents: checklist.map((i) => ({ code: i.code, title: i.title, required: i.required, status: i.status, reason: i.reason })),
    reservation: reservation ? { date: reservation.date, start: reservation.start_time, end: reservation.end_time } : null,
    agreements: agreements.map((a) => ({ kind: a.kind, title: a.title, signedAt: a.signed_at ?? null })),
    fees,
    checkin: checkin ? { date: checkin.date, queueNo: Number(checkin.queue_no), at: checkin.arrived_at } : null,
    inspection: {
      status: inspectionStatus,
      openDefects: inspection ? Number(openDefects?.n ?? 0) : 0,
      ownerSignedAt: inspection?.owner_signed_at ?? null
    },
    keys: { handedAt: keys?.handed_at ?? null },
    done: { at: c.doneAt },
    followup: { dueAt: followup?.due_at ?? null, doneAt: followup?.status === 'done' ? followup.closed_at : null }
  }
}

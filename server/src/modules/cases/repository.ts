import { sql, type ExpressionBuilder } from 'kysely'
import { compiledOnce } from '../../db/compiled'
import type { Executor } from '../../db/database'
import type { Database } from '../../db/schema'
import { HOUSE_COLUMNS, toHouse, type HouseRow, type RawHouse } from '../../core/houses'
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

/*
 * The queries below run on every progress read and every stage sync (the home page, each
 * booking): compiled once per dialect (db/compiled.ts), the builder stays the source.
 */
const caseQuery = compiledOnce((db: Executor, caseId: number) => db.selectFrom('move_in_cases').select(CASE_COLUMNS).where('id', '=', caseId))

export async function findCase(db: Executor, caseId: number): Promise<CaseRow | null> {
  const r = (await caseQuery(db, caseId)).rows[0]
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

const stageStatusesQuery = compiledOnce((db: Executor, caseId: number) => db.selectFrom('case_stages').select(['stage', 'status']).where('case_id', '=', caseId))

export async function getStageStatuses(db: Executor, caseId: number): Promise<Map<Stage, StageStatus>> {
  const { rows } = await stageStatusesQuery(db, caseId)
  return new Map(rows.map((r) => [r.stage as Stage, r.status as StageStatus]))
}

const upsertStageQuery = compiledOnce((db: Executor, caseId: number, stage: Stage, status: StageStatus, at: string, status2: StageStatus, at2: string) =>
  db
    .insertInto('case_stages')
    .values({ case_id: caseId, stage, status, updated_at: at })
    .onConflict((oc) => oc.columns(['case_id', 'stage']).doUpdateSet({ status: status2, updated_at: at2 }))
)

export async function upsertStageStatus(db: Executor, caseId: number, stage: Stage, status: StageStatus, at: string) {
  await upsertStageQuery(db, caseId, stage, status, at, status, at)
}

export interface Actor {
  type: 'owner' | 'delegate' | 'staff' | 'system'
  id: number | null
  /** shown in the timeline, e.g. 业主 / 委托人 / 客服 张敏 */
  label: string
}

const insertEventQuery = compiledOnce(
  (
    db: Executor,
    caseId: number,
    stage: Stage,
    from: StageStatus,
    to: StageStatus,
    actorType: Actor['type'],
    actorId: number | null,
    actorLabel: string,
    note: string | null,
    at: string
  ) =>
    db.insertInto('case_events').values({
      case_id: caseId,
      stage,
      from_status: from,
      to_status: to,
      actor_type: actorType,
      actor_id: actorId,
      actor_label: actorLabel,
      note,
      at
    })
)

export async function insertEvent(
  db: Executor,
  e: { caseId: number; stage: Stage; from: StageStatus; to: StageStatus; actor: Actor; note?: string | null; at: string }
) {
  await insertEventQuery(db, e.caseId, e.stage, e.from, e.to, e.actor.type, e.actor.id, e.actor.label, e.note ?? null, e.at)
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

const policyQuery = compiledOnce((db: Executor, communityId: number) =>
  db
    .selectFrom('communities')
    .select(['policy_fees_required_for_keys', 'policy_agreements_required_for_keys', 'reservation_cutoff_hours'])
    .where('id', '=', communityId)
)

function toPolicy(c: { policy_fees_required_for_keys: number; policy_agreements_required_for_keys: number; reservation_cutoff_hours: number }): Policy {
  return {
    feesRequiredForKeys: Number(c.policy_fees_required_for_keys) === 1,
    agreementsRequiredForKeys: Number(c.policy_agreements_required_for_keys) === 1,
    reservationCutoffHours: Number(c.reservation_cutoff_hours)
  }
}

export async function loadPolicy(db: Executor, communityId: number): Promise<Policy> {
  const c = (await policyQuery(db, communityId)).rows[0]
  if (!c) throw new Error(`community ${communityId} not found`)
  return toPolicy(c)
}

/**
 * Checklist of a case: conditional items become required when their condition holds. The
 * community's items with the case's submission of each, one statement (a submission is unique
 * per case and item).
 */
const checklistQuery = compiledOnce((db: Executor, caseId: number, communityId: number) =>
  db
    .selectFrom('checklist_items as i')
    .leftJoin('document_submissions as s', (join) => join.onRef('s.item_code', '=', 'i.code').on('s.case_id', '=', caseId))
    .select(['i.code', 'i.title', 'i.description', 'i.requirement', 'i.condition', 's.status', 's.reason', 's.submitted_at', 's.reviewed_at'])
    .where('i.community_id', '=', communityId)
    .orderBy('i.sort')
    .orderBy('i.id')
)
const delegateCountQuery = compiledOnce((db: Executor, caseId: number) =>
  db.selectFrom('delegates').select(sql<number>`count(*)`.as('n')).where('case_id', '=', caseId)
)

/** `hasDelegate`: known by the caller (loadCaseContext reads it with the case); otherwise counted. */
export async function loadChecklist(db: Executor, caseId: number, communityId: number, hasDelegate?: boolean) {
  const { rows: items } = await checklistQuery(db, caseId, communityId)
  if (hasDelegate === undefined) hasDelegate = Number((await delegateCountQuery(db, caseId)).rows[0]?.n ?? 0) > 0
  return items
    .map((i) => {
      const conditionHolds = i.requirement === 'conditional' && i.condition === 'delegate' && hasDelegate
      const required = i.requirement === 'required' || conditionHolds
      const applicable = i.requirement !== 'conditional' || conditionHolds
      return {
        code: i.code,
        title: i.title,
        description: i.description,
        requirement: i.requirement as 'required' | 'optional' | 'conditional',
        required,
        applicable,
        status: (i.status ?? 'missing') as 'missing' | 'submitted' | 'approved' | 'rejected',
        reason: i.reason ?? null,
        submittedAt: i.submitted_at ?? null,
        reviewedAt: i.reviewed_at ?? null
      }
    })
    .filter((i) => i.applicable)
}

/**
 * The community's published agreements with the case's signature of each kind: a signature of
 * any version of a kind counts (publishing a new version does not unsign it), the first one
 * signed (by id) giving the time. One statement; it was two (the agreements, then the case's
 * signatures when any agreement was published).
 */
const agreementsQuery = compiledOnce((db: Executor, houseId: number, caseId: number) =>
  db
    .selectFrom('agreements as a')
    .innerJoin('houses as h', 'h.community_id', 'a.community_id')
    .select(['a.kind', 'a.title'])
    .select((eb) =>
      eb
        .selectFrom('signatures as s')
        .innerJoin('agreements as sa', 'sa.id', 's.agreement_id')
        .select('s.signed_at')
        .where('s.case_id', '=', caseId)
        .whereRef('sa.kind', '=', 'a.kind')
        .orderBy('s.id')
        .limit(1)
        .as('signed_at')
    )
    .where('h.id', '=', houseId)
    .where('a.active', '=', 1)
    .orderBy('a.id')
)

/**
 * The facts that are one row each (the active reservation, the bill and what is paid on it,
 * the latest check-in and inspection with its open defects, the keys, the first visit) as
 * scalar subqueries of contextQuery: one round trip instead of eight. Each subquery is the
 * query it replaced, with LIMIT 1 on the order it had (the first row taken as before; checkins
 * and inspections are unique per case and date / round, so that row is the same one).
 */
function singleFactColumns(eb: ExpressionBuilder<Database, never>, caseId: number) {
  const reservation = () =>
    eb
      .selectFrom('reservations as r')
      .innerJoin('slots as s', 's.id', 'r.slot_id')
      .where('r.case_id', '=', caseId)
      // a literal, not a bound value: see ACTIVE in reservations/repository (partial index)
      .where('r.status', '=', sql.lit('active'))
      .limit(1)
  const bill = () => eb.selectFrom('bills').where('case_id', '=', caseId).where('status', '!=', 'cancelled').orderBy('id', 'desc').limit(1)
  const checkin = () => eb.selectFrom('checkins').where('case_id', '=', caseId).orderBy('date', 'desc').limit(1)
  const inspection = () => eb.selectFrom('inspections').where('case_id', '=', caseId).orderBy('round', 'desc').limit(1)
  const defects = () => eb.selectFrom('defects').where('case_id', '=', caseId).where('status', '!=', 'confirmed')
  const followup = () => eb.selectFrom('followup_tasks').where('case_id', '=', caseId).where('kind', '=', 'first_visit').orderBy('id').limit(1)
  return [
    reservation().select('s.date').as('res_date'),
    reservation().select('s.start_time').as('res_start'),
    reservation().select('s.end_time').as('res_end'),
    bill().select('id').as('bill_id'),
    bill().select('status').as('bill_status'),
    bill().select('total_cents').as('bill_total'),
    bill().select('updated_at').as('bill_updated'),
    eb
      .selectFrom('payment_orders')
      .select(sql<number>`coalesce(sum(amount_cents), 0)`.as('paid'))
      .where('bill_id', '=', bill().select('id'))
      .where('status', '=', 'paid')
      .as('paid'),
    checkin().select('date').as('checkin_date'),
    checkin().select('queue_no').as('checkin_queue'),
    checkin().select('arrived_at').as('checkin_at'),
    inspection().select('status').as('insp_status'),
    inspection().select('result').as('insp_result'),
    inspection().select('owner_signed_at').as('insp_signed'),
    defects().select(sql<number>`count(*)`.as('n')).as('defects_open'),
    defects().select(sql<number>`coalesce(sum(case when status = 'fixed' then 1 else 0 end), 0)`.as('fixed')).as('defects_fixed'),
    eb.selectFrom('key_handovers').select('handed_at').where('case_id', '=', caseId).limit(1).as('keys_handed'),
    followup().select('due_at').as('fu_due'),
    followup().select('closed_at').as('fu_closed'),
    followup().select('status').as('fu_status')
  ]
}

/**
 * What loadCaseContext needs that is one row per case, in one statement: the case, its house
 * (with building and community), the community's policy, the case's delegates (how many, the
 * latest one's status) and the one-row facts. They were six round trips (case, house, policy,
 * delegate count, delegate status, facts) on every progress read, slot list and booking.
 */
const contextQuery = compiledOnce((db: Executor, caseId: number) =>
  db
    .selectFrom('move_in_cases as mc')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .innerJoin('communities as c', 'c.id', 'h.community_id')
    .select(HOUSE_COLUMNS)
    .select(['mc.owner_id', 'mc.verified_at', 'mc.verified_role', 'mc.done_at', 'c.policy_fees_required_for_keys', 'c.policy_agreements_required_for_keys', 'c.reservation_cutoff_hours'])
    .select((eb) => [
      eb.selectFrom('delegates').select(sql<number>`count(*)`.as('n')).where('case_id', '=', caseId).as('delegate_count'),
      eb.selectFrom('delegates').select('status').where('case_id', '=', caseId).orderBy('id', 'desc').limit(1).as('delegate_status'),
      // the same subqueries as alone (typed against the tables, not the joined names)
      ...singleFactColumns(eb as unknown as ExpressionBuilder<Database, never>, caseId)
    ])
    .where('mc.id', '=', caseId)
)

type SingleFacts = Awaited<ReturnType<typeof contextQuery>>['rows'][number]

export interface CaseContextRows {
  kase: CaseRow
  house: HouseRow
  policy: Policy
  facts: CaseFacts
}

/** The case, its house, the community's policy and every fact the engine needs; null when no such case. */
export async function loadCaseContext(db: Executor, caseId: number): Promise<CaseContextRows | null> {
  const r = (await contextQuery(db, caseId)).rows[0]
  if (!r) return null
  const kase = toCase({ id: caseId, house_id: r.id, owner_id: r.owner_id, verified_at: r.verified_at, verified_role: r.verified_role, done_at: r.done_at })
  const house = toHouse(r as RawHouse)
  const policy = toPolicy(r)
  return { kase, house, policy, facts: await factsOf(db, kase, house.communityId, r) }
}

/** Every fact the engine needs, read in one place so the derivation stays pure. */
async function factsOf(db: Executor, c: CaseRow, communityId: number, f: SingleFacts): Promise<CaseFacts> {
  const checklist = await loadChecklist(db, c.id, communityId, Number(f.delegate_count ?? 0) > 0)

  const poa = checklist.find((i) => i.code === 'power_of_attorney')
  const delegateStatus =
    c.verifiedRole === 'delegate' && f.delegate_status !== null && f.delegate_status !== undefined
      ? !poa || poa.status === 'missing'
        ? null
        : (f.delegate_status as 'pending_review' | 'approved' | 'rejected')
      : null

  const { rows: agreements } = await agreementsQuery(db, c.houseId, c.id)

  const fees: CaseFacts['fees'] =
    f.bill_id === null ? null : { totalCents: Number(f.bill_total), paidCents: Number(f.paid ?? 0), settledAt: f.bill_status === 'paid' ? f.bill_updated : null }

  const inspection = f.insp_status !== null
  let inspectionStatus: CaseFacts['inspection']['status'] = 'none'
  if (inspection) {
    if (f.insp_status !== 'completed') inspectionStatus = 'in_progress'
    else inspectionStatus = f.insp_result === 'passed' ? 'passed' : 'defects_open'
  }

  return {
    verifiedAt: c.verifiedAt,
    role: c.verifiedRole,
    delegateStatus,
    documents: checklist.map((i) => ({ code: i.code, title: i.title, required: i.required, status: i.status, reason: i.reason })),
    reservation: f.res_date !== null ? { date: f.res_date, start: f.res_start as string, end: f.res_end as string } : null,
    agreements: agreements.map((a) => ({ kind: a.kind, title: a.title, signedAt: a.signed_at ?? null })),
    fees,
    checkin: f.checkin_date !== null ? { date: f.checkin_date, queueNo: Number(f.checkin_queue), at: f.checkin_at as string } : null,
    inspection: {
      status: inspectionStatus,
      openDefects: inspection ? Number(f.defects_open ?? 0) : 0,
      awaitingOwner: inspection ? Number(f.defects_fixed ?? 0) : 0,
      ownerSignedAt: inspection ? (f.insp_signed ?? null) : null
    },
    keys: { handedAt: f.keys_handed ?? null },
    done: { at: c.doneAt },
    followup: { dueAt: f.fu_due ?? null, doneAt: f.fu_status === 'done' ? (f.fu_closed ?? null) : null }
  }
}

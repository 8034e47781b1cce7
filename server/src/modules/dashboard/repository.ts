/*
 * The dashboard's SQL: one aggregate query per table, each over one community's houses (and
 * the batch / building filter), grouped by case where a case has many rows. Nothing here runs
 * per house: a 1,000-house community is about a dozen queries whatever its size.
 * Indexes they rely on: migration 20261201000810_dashboard (and the init migration's).
 */
import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import { STAGES, type Stage } from '../../../../types/progress'

export interface Scope {
  communityId: number
  batch: string | null
  building: number | null
}

/** Applies the community and the filters to a query that has `houses as h`. */
function scoped(s: Scope) {
  return <Q>(q: Q): Q => {
    let r = (q as any).where('h.community_id', '=', s.communityId)
    if (s.batch !== null) r = r.where('h.batch', '=', s.batch)
    if (s.building !== null) r = r.where('h.building_id', '=', s.building)
    return r as Q
  }
}

const n = (v: unknown) => Number(v)
const nOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v))

export async function community(db: Executor, id: number) {
  const c = await db
    .selectFrom('communities')
    .select(['id', 'name', 'policy_fees_required_for_keys', 'policy_agreements_required_for_keys'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return {
    id: n(c.id),
    name: c.name,
    feesRequiredForKeys: n(c.policy_fees_required_for_keys) === 1,
    agreementsRequiredForKeys: n(c.policy_agreements_required_for_keys) === 1
  }
}

export async function buildings(db: Executor, communityId: number) {
  const rows = await db.selectFrom('buildings').select(['id', 'name']).where('community_id', '=', communityId).orderBy('sort').orderBy('id').execute()
  return rows.map((r) => ({ id: n(r.id), name: r.name }))
}

/** The batches table, plus every batch code houses carry, with the first / last slot date of each. */
export async function batches(db: Executor, communityId: number) {
  const table = await db
    .selectFrom('batches')
    .select(['code', 'title', 'starts_on', 'ends_on', 'sort', 'id'])
    .where('community_id', '=', communityId)
    .orderBy('sort')
    .orderBy('id')
    .execute()
  const codes = await db.selectFrom('houses').select('batch').where('community_id', '=', communityId).groupBy('batch').orderBy('batch').execute()
  const slots = await db
    .selectFrom('slots')
    .select(['batch', sql<string>`min(date)`.as('first'), sql<string>`max(date)`.as('last')])
    .where('community_id', '=', communityId)
    .groupBy('batch')
    .execute()
  return { table, codes: codes.map((c) => c.batch), slots }
}

export interface HouseFact {
  houseId: number
  batch: string
  buildingId: number
  building: string
  unit: string
  room: string
  caseId: number | null
  verifiedAt: string | null
  doneAt: string | null
  caseCreatedAt: string | null
}

export async function houses(db: Executor, s: Scope): Promise<HouseFact[]> {
  const rows = await db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .leftJoin('move_in_cases as mc', 'mc.house_id', 'h.id')
    .select([
      'h.id',
      'h.batch',
      'h.building_id',
      'b.name as building',
      'h.unit',
      'h.room',
      'mc.id as case_id',
      'mc.verified_at',
      'mc.done_at',
      'mc.created_at as case_created_at'
    ])
    .$call(scoped(s))
    .execute()
  return rows.map((r) => ({
    houseId: n(r.id),
    batch: r.batch,
    buildingId: n(r.building_id),
    building: r.building,
    unit: r.unit,
    room: r.room,
    caseId: nOrNull(r.case_id),
    verifiedAt: r.verified_at ?? null,
    doneAt: r.done_at ?? null,
    caseCreatedAt: r.case_created_at ?? null
  }))
}

export interface StageRow {
  caseId: number
  status: Map<Stage, string>
}

/**
 * The stored stage statuses (case_stages), pivoted to one row per case. Statuses only: the
 * times come from the events (stageSpans), which halves this query, the dashboard's largest.
 */
export async function stageRows(db: Executor, s: Scope): Promise<StageRow[]> {
  const cols = STAGES.map((st, i) => sql<string | null>`max(case when cs.stage = ${sql.lit(st)} then cs.status end)`.as(`s${i}`))
  const rows = (await db
    .selectFrom('houses as h')
    .innerJoin('move_in_cases as mc', 'mc.house_id', 'h.id')
    .innerJoin('case_stages as cs', 'cs.case_id', 'mc.id')
    .select(['mc.id as case_id', ...cols])
    .$call(scoped(s))
    .groupBy('mc.id')
    .execute()) as unknown as Record<string, unknown>[]
  return rows.map((r) => {
    const status = new Map<Stage, string>()
    STAGES.forEach((st, i) => {
      if (r[`s${i}`] != null) status.set(st, String(r[`s${i}`]))
    })
    return { caseId: n(r.case_id), status }
  })
}

/** Per case and stage: when it first left `locked`, when it was first done, and its last change (case_events). */
export async function stageSpans(db: Executor, s: Scope) {
  const rows = await db
    .selectFrom('houses as h')
    .innerJoin('move_in_cases as mc', 'mc.house_id', 'h.id')
    .innerJoin('case_events as ce', 'ce.case_id', 'mc.id')
    .select([
      'mc.id as case_id',
      'ce.stage',
      sql<string | null>`min(case when ce.from_status = 'locked' then ce.at end)`.as('opened_at'),
      sql<string | null>`min(case when ce.to_status = 'done' then ce.at end)`.as('done_at'),
      sql<string>`max(ce.at)`.as('last_at')
    ])
    .$call(scoped(s))
    .groupBy(['mc.id', 'ce.stage'])
    .execute()
  return rows.map((r) => ({ caseId: n(r.case_id), stage: r.stage as Stage, openedAt: r.opened_at, doneAt: r.done_at, lastAt: r.last_at }))
}

/** Cases with an active reservation, with its slot date (the on-site rule and the export). */
export async function reservations(db: Executor, s: Scope) {
  const rows = await db
    .selectFrom('houses as h')
    .innerJoin('move_in_cases as mc', 'mc.house_id', 'h.id')
    .innerJoin('reservations as r', 'r.case_id', 'mc.id')
    .innerJoin('slots as sl', 'sl.id', 'r.slot_id')
    .select(['mc.id as case_id', 'sl.date', 'sl.start_time', 'r.created_at'])
    .where('r.status', '=', 'active')
    .$call(scoped(s))
    .execute()
  return rows.map((r) => ({ caseId: n(r.case_id), date: r.date, start: r.start_time, createdAt: r.created_at }))
}

/** Check-ins per case: the first arrival, and today's (date = the Shanghai day) with its call. */
export async function checkins(db: Executor, s: Scope, today: string) {
  const rows = await db
    .selectFrom('houses as h')
    .innerJoin('move_in_cases as mc', 'mc.house_id', 'h.id')
    .innerJoin('checkins as ci', 'ci.case_id', 'mc.id')
    .select([
      'mc.id as case_id',
      sql<string>`min(ci.arrived_at)`.as('first_at'),
      sql<string | null>`max(case when ci.date = ${today} then ci.arrived_at end)`.as('today_at'),
      sql<string | null>`min(case when ci.date = ${today} and ci.called_at is null and ci.finished_at is null then ci.arrived_at end)`.as('waiting_since'),
      sql<number | null>`min(case when ci.date = ${today} and ci.called_at is null and ci.finished_at is null then ci.queue_no end)`.as('queue_no')
    ])
    .$call(scoped(s))
    .groupBy('mc.id')
    .execute()
  return rows.map((r) => ({ caseId: n(r.case_id), firstAt: r.first_at, todayAt: r.today_at, waitingSince: r.waiting_since, queueNo: nOrNull(r.queue_no) }))
}

/** Inspection rounds with the number of defects each found. */
export async function inspectionRounds(db: Executor, s: Scope) {
  const rows = await db
    .selectFrom('houses as h')
    .innerJoin('move_in_cases as mc', 'mc.house_id', 'h.id')
    .innerJoin('inspections as i', 'i.case_id', 'mc.id')
    .leftJoin('defects as d', 'd.inspection_id', 'i.id')
    .select(['mc.id as case_id', 'i.round', 'i.status', 'i.completed_at', 'i.owner_signed_at', sql<number>`count(d.id)`.as('defects')])
    .$call(scoped(s))
    .groupBy(['mc.id', 'i.id', 'i.round', 'i.status', 'i.completed_at', 'i.owner_signed_at'])
    .execute()
  return rows.map((r) => ({
    caseId: n(r.case_id),
    round: n(r.round),
    completed: r.status === 'completed',
    completedAt: r.completed_at,
    ownerSignedAt: r.owner_signed_at,
    defects: n(r.defects)
  }))
}

/** Defects per case and category. */
export async function defectCounts(db: Executor, s: Scope) {
  const rows = await db
    .selectFrom('houses as h')
    .innerJoin('move_in_cases as mc', 'mc.house_id', 'h.id')
    .innerJoin('defects as d', 'd.case_id', 'mc.id')
    .select(['mc.id as case_id', 'd.category', sql<number>`count(*)`.as('n'), sql<string>`min(d.created_at)`.as('first_at')])
    .$call(scoped(s))
    .groupBy(['mc.id', 'd.category'])
    .execute()
  return rows.map((r) => ({ caseId: n(r.case_id), category: r.category, count: n(r.n), firstAt: r.first_at }))
}

/** The community's contractors and their repair orders on the scope's houses. */
export async function contractorRepairs(db: Executor, s: Scope) {
  const [list, rows] = await Promise.all([
    db.selectFrom('contractors').select(['id', 'name', 'active']).where('community_id', '=', s.communityId).orderBy('active', 'desc').orderBy('name').orderBy('id').execute(),
    db
      .selectFrom('houses as h')
      .innerJoin('move_in_cases as mc', 'mc.house_id', 'h.id')
      .innerJoin('defects as d', 'd.case_id', 'mc.id')
      .innerJoin('repair_orders as ro', 'ro.defect_id', 'd.id')
      .select(['ro.contractor_id', 'ro.status', 'ro.due_date', 'ro.fixed_at', 'ro.verified_at', 'ro.reopened_count'])
      .where('ro.contractor_id', 'is not', null)
      .$call(scoped(s))
      .execute()
  ])
  return {
    contractors: list.map((c) => ({ id: n(c.id), name: c.name })),
    repairs: rows.map((r) => ({
      contractorId: n(r.contractor_id),
      status: r.status,
      dueDate: r.due_date,
      fixedAt: r.fixed_at,
      verifiedAt: r.verified_at,
      reopenedCount: n(r.reopened_count)
    }))
  }
}

/** Every repair order with its defect and the inspector of the round that found it. */
export async function repairs(db: Executor, s: Scope) {
  const rows = await db
    .selectFrom('houses as h')
    .innerJoin('move_in_cases as mc', 'mc.house_id', 'h.id')
    .innerJoin('defects as d', 'd.case_id', 'mc.id')
    .innerJoin('repair_orders as ro', 'ro.defect_id', 'd.id')
    .innerJoin('inspections as i', 'i.id', 'd.inspection_id')
    .leftJoin('staff_users as su', 'su.id', 'i.inspector_id')
    .select([
      'mc.id as case_id',
      'ro.id',
      'ro.due_date',
      'ro.fixed_at',
      'ro.created_at',
      'd.category',
      'd.room',
      'd.description',
      'i.inspector_id',
      'su.display_name as inspector_name'
    ])
    .$call(scoped(s))
    .execute()
  return rows.map((r) => ({
    caseId: n(r.case_id),
    id: n(r.id),
    dueDate: r.due_date,
    fixedAt: r.fixed_at,
    createdAt: r.created_at,
    category: r.category,
    room: r.room,
    description: r.description,
    inspector: r.inspector_id === null || r.inspector_name === null ? null : { id: n(r.inspector_id), name: String(r.inspector_name) }
  }))
}

export async function handovers(db: Executor, s: Scope) {
  const rows = await db
    .selectFrom('houses as h')
    .innerJoin('move_in_cases as mc', 'mc.house_id', 'h.id')
    .innerJoin('key_handovers as k', 'k.case_id', 'mc.id')
    .select(['mc.id as case_id', 'k.handed_at'])
    .$call(scoped(s))
    .execute()
  return rows.map((r) => ({ caseId: n(r.case_id), handedAt: r.handed_at }))
}

/*
 * Why the next two filter in code and not in WHERE: a predicate on status would let SQLite
 * (no statistics) start from the status index and read every community's rows before the
 * join narrows them to one; with only h.community_id indexable, the plan starts from the
 * community's houses and reads each case's few rows by case_id.
 */

/** Documents submitted and not reviewed since `before` (ISO) or earlier. */
export async function lateReviews(db: Executor, s: Scope, before: string) {
  const rows = await db
    .selectFrom('houses as h')
    .innerJoin('move_in_cases as mc', 'mc.house_id', 'h.id')
    .innerJoin('document_submissions as ds', 'ds.case_id', 'mc.id')
    .leftJoin('checklist_items as ci', (j) => j.onRef('ci.community_id', '=', 'h.community_id').onRef('ci.code', '=', 'ds.item_code'))
    .select(['mc.id as case_id', 'ds.item_code', 'ci.title', 'ds.submitted_at', 'ds.status'])
    .$call(scoped(s))
    .execute()
  return rows
    .filter((r) => r.status === 'submitted' && r.submitted_at !== null && r.submitted_at <= before)
    .map((r) => ({ caseId: n(r.case_id), subject: r.title ?? r.item_code, since: r.submitted_at as string }))
}

/** Open follow-up tasks past their due time. */
export async function lateFollowups(db: Executor, s: Scope, now: string) {
  const rows = await db
    .selectFrom('houses as h')
    .innerJoin('move_in_cases as mc', 'mc.house_id', 'h.id')
    .innerJoin('followup_tasks as t', 't.case_id', 'mc.id')
    .select(['mc.id as case_id', 't.kind', 't.reason', 't.assignee_role', 't.created_at', 't.due_at', 't.status'])
    .$call(scoped(s))
    .execute()
  return rows.filter((r) => r.status === 'open' && r.due_at < now).map((r) => ({ caseId: n(r.case_id), kind: r.kind, reason: r.reason, role: r.assignee_role, createdAt: r.created_at, dueAt: r.due_at }))
}

export async function surveyResponses(db: Executor, s: Scope) {
  const rows = await db
    .selectFrom('houses as h')
    .innerJoin('move_in_cases as mc', 'mc.house_id', 'h.id')
    .innerJoin('survey_responses as r', 'r.case_id', 'mc.id')
    .select(['mc.id as case_id', 'r.scores', 'r.comments', 'r.csi', 'r.submitted_at', 'r.id'])
    .$call(scoped(s))
    .orderBy('r.submitted_at')
    .orderBy('r.id')
    .execute()
  const parse = (t: string) => {
    try {
      const v = JSON.parse(t)
      return v && typeof v === 'object' ? v : {}
    } catch {
      return {}
    }
  }
  return rows.map((r) => ({
    caseId: n(r.case_id),
    scores: parse(r.scores) as Record<string, number>,
    comments: parse(r.comments) as Record<string, string>,
    csi: Number(r.csi),
    submittedAt: r.submitted_at
  }))
}

/** The first registered owner's name per house (the export's masked owner column). */
export async function ownerNames(db: Executor, s: Scope) {
  const rows = await db
    .selectFrom('houses as h')
    .innerJoin('registered_owners as o', 'o.house_id', 'h.id')
    .select(['h.id as house_id', 'o.name', 'o.id'])
    .$call(scoped(s))
    .orderBy('o.id')
    .execute()
  const out = new Map<number, string>()
  for (const r of rows) if (!out.has(n(r.house_id))) out.set(n(r.house_id), r.name)
  return out
}

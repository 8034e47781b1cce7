import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import type { CheckinStatus } from '../../../../types/checkin'

export interface CheckinRow {
  id: number
  caseId: number
  date: string
  queueNo: number
  arrivedAt: string
  calledAt: string | null
  finishedAt: string | null
  calledBy: string | null
  houseLabel: string
  ownerName: string
}

export function statusOf(r: { calledAt: string | null; finishedAt: string | null }): CheckinStatus {
  return r.finishedAt ? 'finished' : r.calledAt ? 'called' : 'waiting'
}

/** Check-ins of one community and day, in queue order, with the house and owner for display. */
function dayQuery(db: Executor, communityId: number, date: string) {
  return db
    .selectFrom('checkins as ci')
    .innerJoin('move_in_cases as mc', 'mc.id', 'ci.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .leftJoin('registered_owners as ro', 'ro.id', 'mc.owner_id')
    .leftJoin('staff_users as su', 'su.id', 'ci.called_by')
    .select([
      'ci.id',
      'ci.case_id',
      'ci.date',
      'ci.queue_no',
      'ci.arrived_at',
      'ci.called_at',
      'ci.finished_at',
      'su.display_name as called_by',
      'b.name as building',
      'h.unit',
      'h.room',
      'ro.name as owner_name'
    ])
    .where('h.community_id', '=', communityId)
    .where('ci.date', '=', date)
}

type RawRow = {
  id: number
  case_id: number
  date: string
  queue_no: number
  arrived_at: string
  called_at: string | null
  finished_at: string | null
  called_by: string | null
  building: string
  unit: string
  room: string
  owner_name: string | null
}

function toRow(r: RawRow): CheckinRow {
  return {
    id: Number(r.id),
    caseId: Number(r.case_id),
    date: r.date,
    queueNo: Number(r.queue_no),
    arrivedAt: r.arrived_at,
    calledAt: r.called_at,
    finishedAt: r.finished_at,
    calledBy: r.called_by,
    houseLabel: `${r.building}${r.unit}单元${r.room}`,
    ownerName: r.owner_name ?? ''
  }
}

export async function listDay(db: Executor, communityId: number, date: string): Promise<CheckinRow[]> {
  const rows = await dayQuery(db, communityId, date).orderBy('ci.queue_no').execute()
  return rows.map((r) => toRow(r as RawRow))
}

export async function findCheckinInCommunity(db: Executor, id: number, communityId: number): Promise<CheckinRow | null> {
  const r = await db
    .selectFrom('checkins as ci')
    .innerJoin('move_in_cases as mc', 'mc.id', 'ci.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .select(['ci.date'])
    .where('ci.id', '=', id)
    .where('h.community_id', '=', communityId)
    .executeTakeFirst()
  if (!r) return null
  const full = await dayQuery(db, communityId, r.date).where('ci.id', '=', id).executeTakeFirst()
  return full ? toRow(full as RawRow) : null
}

export async function findCaseCheckin(db: Executor, caseId: number, date: string) {
  const r = await db
    .selectFrom('checkins')
    .select(['id', 'case_id', 'date', 'queue_no', 'arrived_at', 'called_at', 'finished_at'])
    .where('case_id', '=', caseId)
    .where('date', '=', date)
    .executeTakeFirst()
  return r
    ? { id: Number(r.id), caseId: Number(r.case_id), date: r.date, queueNo: Number(r.queue_no), arrivedAt: r.arrived_at, calledAt: r.called_at, finishedAt: r.finished_at }
    : null
}

/** Atomically takes the next queue number of a community's day (one upsert, no read-then-write). */
export async function takeQueueNo(tx: Executor, communityId: number, date: string): Promise<number> {
  const r = await tx
    .insertInto('queue_counters')
    .values({ community_id: communityId, date, last_no: 1 })
    .onConflict((oc) => oc.columns(['community_id', 'date']).doUpdateSet({ last_no: sql<number>`queue_counters.last_no + 1` }))
    .returning('last_no')
    .executeTakeFirstOrThrow()
  return Number(r.last_no)
}

/** Inserts the check-in; null when the case already has one that day (unique case + date). */
export async function insertCheckin(tx: Executor, c: { caseId: number; date: string; queueNo: number; at: string }): Promise<number | null> {
  const r = await tx
    .insertInto('checkins')
    .values({ case_id: c.caseId, date: c.date, queue_no: c.queueNo, arrived_at: c.at, called_at: null, finished_at: null })
    .onConflict((oc) => oc.columns(['case_id', 'date']).doNothing())
    .returning('id')
    .executeTakeFirst()
  return r ? Number(r.id) : null
}

/** Waiting (not yet called) check-ins of the day before `queueNo`. */
export async function countAhead(db: Executor, communityId: number, date: string, queueNo: number): Promise<number> {
  const r = await db
    .selectFrom('checkins as ci')
    .innerJoin('move_in_cases as mc', 'mc.id', 'ci.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .select(sql<number>`count(*)`.as('n'))
    .where('h.community_id', '=', communityId)
    .where('ci.date', '=', date)
    .where('ci.called_at', 'is', null)
    .where('ci.queue_no', '<', queueNo)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

/** The most recently called number of the day (being served or just served). */
export async function lastCalledNo(db: Executor, communityId: number, date: string): Promise<number | null> {
  const r = await db
    .selectFrom('checkins as ci')
    .innerJoin('move_in_cases as mc', 'mc.id', 'ci.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .select(['ci.queue_no'])
    .where('h.community_id', '=', communityId)
    .where('ci.date', '=', date)
    .where('ci.called_at', 'is not', null)
    .orderBy('ci.called_at', 'desc')
    .orderBy('ci.queue_no', 'desc')
    .executeTakeFirst()
  return r ? Number(r.queue_no) : null
}

/** call → finish durations (ms) of the last `limit` finished services of the day. */
export async function recentServiceDurations(db: Executor, communityId: number, date: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('checkins as ci')
    .innerJoin('move_in_cases as mc', 'mc.id', 'ci.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .select(['ci.called_at', 'ci.finished_at'])
    .where('h.community_id', '=', communityId)
    .where('ci.date', '=', date)
    .where('ci.finished_at', 'is not', null)
    .where('ci.called_at', 'is not', null)
    .orderBy('ci.finished_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => Date.parse(r.finished_at!) - Date.parse(r.called_at!)).filter((ms) => Number.isFinite(ms) && ms >= 0)
}

/** The first waiting check-ins of the day (candidates for call-next). */
export async function waitingCandidates(db: Executor, communityId: number, date: string, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('checkins as ci')
    .innerJoin('move_in_cases as mc', 'mc.id', 'ci.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .select(['ci.id'])
    .where('h.community_id', '=', communityId)
    .where('ci.date', '=', date)
    .where('ci.called_at', 'is', null)
    .orderBy('ci.queue_no')
    .limit(limit)
    .execute()
  return rows.map((r) => Number(r.id))
}

/**
 * Marks one check-in called, only if nobody called it meanwhile: the conditional UPDATE is
 * the lock (a concurrent caller re-evaluates `called_at IS NULL` and updates nothing).
 */
export async function markCalled(db: Executor, id: number, staffId: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('checkins')
    .set({ called_at: at, called_by: staffId })
    .where('id', '=', id)
    .where('called_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function markFinished(db: Executor, id: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('checkins')
    .set({ finished_at: at })
    .where('id', '=', id)
    .where('called_at', 'is not', null)
    .where('finished_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** Active reservations of a community's day with their slots, houses and owners. */
export async function listDayReservations(db: Executor, communityId: number, date: string) {
  const slots = await db
    .selectFrom('slots')
    .select(['id', 'batch', 'start_time', 'end_time', 'capacity'])
    .where('community_id', '=', communityId)
    .where('date', '=', date)
    .orderBy('start_time')
    .orderBy('batch')
    .execute()
  const reservations = await db
    .selectFrom('reservations as r')
    .innerJoin('slots as s', 's.id', 'r.slot_id')
    .innerJoin('move_in_cases as mc', 'mc.id', 'r.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .leftJoin('registered_owners as ro', 'ro.id', 'mc.owner_id')
    .select(['r.slot_id', 'r.case_id', 'b.name as building', 'h.unit', 'h.room', 'ro.name as owner_name'])
    .where('s.community_id', '=', communityId)
    .where('s.date', '=', date)
    .where('r.status', '=', 'active')
    .orderBy('r.id')
    .execute()
  return {
    slots: slots.map((s) => ({ id: Number(s.id), batch: s.batch, start: s.start_time, end: s.end_time, capacity: Number(s.capacity) })),
    reservations: reservations.map((r) => ({
      slotId: Number(r.slot_id),
      caseId: Number(r.case_id),
      houseLabel: `${r.building}${r.unit}单元${r.room}`,
      ownerName: r.owner_name ?? ''
    }))
  }
}

import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import type { CheckinStatus } from '../../../../types/checkin'
import { houseLabelSql } from '../../core/houses'

export interface CheckinRow {
  id: number
  caseId: number
  date: string
  queueNo: number
  arrivedAt: string
  calledAt: string | null
  finishedAt: string | null
  calledBy: string | null
  windowNo: number | null
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
      'ci.window_no',
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
  window_no: number | null
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
    windowNo: r.window_no === null ? null : Number(r.window_no),
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
    .select(['id', 'case_id', 'date', 'queue_no', 'arrived_at', 'called_at', 'finished_at', 'window_no'])
    .where('case_id', '=', caseId)
    .where('date', '=', date)
    .executeTakeFirst()
  return r
    ? {
        id: Number(r.id),
        caseId: Number(r.case_id),
        date: r.date,
        queueNo: Number(r.queue_no),
        arrivedAt: r.arrived_at,
        calledAt: r.called_at,
        finishedAt: r.finished_at,
        windowNo: r.window_no === null ? null : Number(r.window_no)
      }
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
export async function insertCheckin(
  tx: Executor,
  c: { caseId: number; date: string; queueNo: number; at: string; key?: string | null }
): Promise<number | null> {
  const r = await tx
    .insertInto('checkins')
    .values({ case_id: c.caseId, date: c.date, queue_no: c.queueNo, arrived_at: c.at, called_at: null, finished_at: null, idempotency_key: c.key ?? null })
    // no conflict target: the case's day (checkins_case_date_uq) or a key already used (checkins_idem_uq)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst()
  return r ? Number(r.id) : null
}

/** The check-in a reception phone's idempotency key created, with its house's community. */
export async function findCheckinByKey(db: Executor, key: string) {
  const r = await db
    .selectFrom('checkins as ci')
    .innerJoin('move_in_cases as mc', 'mc.id', 'ci.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .select(['ci.id', 'ci.case_id', 'ci.date', 'ci.queue_no', 'mc.house_id', 'h.community_id'])
    .where('ci.idempotency_key', '=', key)
    .executeTakeFirst()
  return r
    ? { id: Number(r.id), caseId: Number(r.case_id), date: r.date, queueNo: Number(r.queue_no), houseId: Number(r.house_id), communityId: Number(r.community_id) }
    : null
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
export async function markCalled(db: Executor, id: number, staffId: number, at: string, windowNo: number): Promise<boolean> {
  const r = await db
    .updateTable('checkins')
    .set({ called_at: at, called_by: staffId, window_no: windowNo })
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

/** The cases among `caseIds` whose keys were handed over: one query for the whole day board. */
export async function casesWithKeysHanded(db: Executor, caseIds: number[]): Promise<Set<number>> {
  if (caseIds.length === 0) return new Set()
  const rows = await db.selectFrom('key_handovers').select('case_id').where('case_id', 'in', caseIds).execute()
  return new Set(rows.map((r) => Number(r.case_id)))
}

// ---------------------------------------------------------------------------------------
// Short codes (digits read aloud) and the house + ID tail lookup of reception

export async function findShortCode(db: Executor, caseId: number, date: string): Promise<string | null> {
  const r = await db.selectFrom('checkin_short_codes').select('code').where('case_id', '=', caseId).where('date', '=', date).executeTakeFirst()
  return r ? r.code : null
}

/** Inserts the code; false when the code is taken that day in the community or the case already has one. */
export async function insertShortCode(db: Executor, c: { communityId: number; date: string; code: string; caseId: number; at: string }): Promise<boolean> {
  const r = await db
    .insertInto('checkin_short_codes')
    .values({ community_id: c.communityId, date: c.date, code: c.code, case_id: c.caseId, created_at: c.at })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst()
  return r !== undefined
}

export async function findCaseByShortCode(db: Executor, communityId: number, date: string, code: string): Promise<number | null> {
  const r = await db
    .selectFrom('checkin_short_codes')
    .select('case_id')
    .where('community_id', '=', communityId)
    .where('date', '=', date)
    .where('code', '=', code)
    .executeTakeFirst()
  return r ? Number(r.case_id) : null
}

/** The house of a community whose label (楼栋 + 单元 + 室, as houseLabel writes it) is exactly `label`. */
export async function findHouseIdByLabel(db: Executor, communityId: number, label: string): Promise<number | null> {
  const r = await db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select('h.id')
    .where('h.community_id', '=', communityId)
    .where(houseLabelSql(), '=', label)
    .executeTakeFirst()
  return r ? Number(r.id) : null
}

export async function ownersOfHouse(db: Executor, houseId: number) {
  const rows = await db.selectFrom('registered_owners').select(['id', 'name', 'id_cipher']).where('house_id', '=', houseId).orderBy('id').execute()
  return rows.map((r) => ({ id: Number(r.id), name: r.name, idCipher: r.id_cipher }))
}

export async function caseOfHouse(db: Executor, houseId: number): Promise<number | null> {
  const r = await db.selectFrom('move_in_cases').select('id').where('house_id', '=', houseId).orderBy('id', 'desc').executeTakeFirst()
  return r ? Number(r.id) : null
}

/** How many service windows the community's hall has (set-up). */
export async function receptionWindows(db: Executor, communityId: number): Promise<number> {
  const r = await db.selectFrom('communities').select('reception_windows').where('id', '=', communityId).executeTakeFirst()
  return Math.max(1, Number(r?.reception_windows ?? 1))
}

export interface HallRow {
  queueNo: number
  calledAt: string | null
  finishedAt: string | null
  windowNo: number | null
  building: string
  unit: string
  room: string
}

/** The hall TV's view of a day: numbers, windows and house parts only (no owner, no ids). */
export async function listHallDay(db: Executor, communityId: number, date: string): Promise<HallRow[]> {
  const rows = await db
    .selectFrom('checkins as ci')
    .innerJoin('move_in_cases as mc', 'mc.id', 'ci.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['ci.queue_no', 'ci.called_at', 'ci.finished_at', 'ci.window_no', 'b.name as building', 'h.unit', 'h.room'])
    .where('h.community_id', '=', communityId)
    .where('ci.date', '=', date)
    .orderBy('ci.queue_no')
    .execute()
  return rows.map((r) => ({
    queueNo: Number(r.queue_no),
    calledAt: r.called_at,
    finishedAt: r.finished_at,
    windowNo: r.window_no === null ? null : Number(r.window_no),
    building: r.building,
    unit: r.unit,
    room: r.room
  }))
}

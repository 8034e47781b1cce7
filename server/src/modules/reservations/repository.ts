import { sql } from 'kysely'
import { compiledOnce } from '../../db/compiled'
import type { Executor } from '../../db/database'

export type ReservationStatus = 'active' | 'cancelled' | 'rescheduled' | 'expired'

export interface SlotRow {
  id: number
  communityId: number
  batch: string
  date: string
  start: string
  end: string
  capacity: number
  booked: number
}

function toSlot(r: { id: number; community_id: number; batch: string; date: string; start_time: string; end_time: string; capacity: number; booked: number }): SlotRow {
  return {
    id: Number(r.id),
    communityId: Number(r.community_id),
    batch: r.batch,
    date: r.date,
    start: r.start_time,
    end: r.end_time,
    capacity: Number(r.capacity),
    booked: Number(r.booked)
  }
}

/**
 * 'active' written into the SQL, not bound: `reservations_one_active_per_house` is a partial
 * index (WHERE status = 'active'), and SQLite plans a statement whose bound parameter meets a
 * partial index's condition again on every run (measured: 39 µs instead of 6 µs per lookup).
 */
export const ACTIVE = sql.lit('active')

const SLOT_COLUMNS = ['s.id', 's.community_id', 's.batch', 's.date', 's.start_time', 's.end_time', 's.capacity', 's.booked'] as const

/** The slots of one community batch between two dates (inclusive), in time order. */
export async function listSlots(db: Executor, communityId: number, batch: string, from: string, to: string): Promise<SlotRow[]> {
  const rows = await db
    .selectFrom('slots as s')
    .select(SLOT_COLUMNS)
    .where('s.community_id', '=', communityId)
    .where('s.batch', '=', batch)
    .where('s.date', '>=', from)
    .where('s.date', '<=', to)
    .orderBy('s.date')
    .orderBy('s.start_time')
    .orderBy('s.id')
    .execute()
  return rows.map(toSlot)
}

/**
 * A slot only if it belongs to the batch of `houseId`'s community, with that community's
 * cut-off hours: one query on the hot path of the reservation rush.
 */
const slotForHouseQuery = compiledOnce((db: Executor, slotId: number, houseId: number) =>
  db
    .selectFrom('slots as s')
    .innerJoin('houses as h', (j) => j.onRef('h.community_id', '=', 's.community_id').onRef('h.batch', '=', 's.batch'))
    .innerJoin('communities as c', 'c.id', 's.community_id')
    .select([...SLOT_COLUMNS, 'c.reservation_cutoff_hours', 'c.name as community_name', 'c.address', 'c.service_phone'])
    .where('s.id', '=', slotId)
    .where('h.id', '=', houseId)
)

export interface SlotForHouse extends SlotRow {
  cutoffHours: number
  /** the community's service centre, where the owner comes (the booking's answer names it) */
  community: CommunityPlace
}

export interface CommunityPlace {
  name: string
  address: string
  service_phone: string
}

export async function findSlotForHouse(db: Executor, slotId: number, houseId: number): Promise<SlotForHouse | null> {
  const r = (await slotForHouseQuery(db, slotId, houseId)).rows[0]
  return r
    ? { ...toSlot(r), cutoffHours: Number(r.reservation_cutoff_hours), community: { name: r.community_name, address: r.address, service_phone: r.service_phone } }
    : null
}

export interface ReservationRow {
  id: number
  caseId: number
  houseId: number
  slotId: number
  status: ReservationStatus
  idempotencyKey: string | null
  createdAt: string
  slotDate: string
  slotStart: string
}

/** The house's reservation made with `key` and its active one (zero, one or two rows). */
const byKeyOrActiveQuery = compiledOnce((db: Executor, houseId: number, key: string) =>
  db
    .selectFrom('reservations as r')
    .innerJoin('slots as s', 's.id', 'r.slot_id')
    .select(['r.id', 'r.case_id', 'r.house_id', 'r.slot_id', 'r.status', 'r.idempotency_key', 'r.created_at', 's.date', 's.start_time'])
    // two indexed lookups (the unique key; the one-active-per-house partial index), not a scan
    .where((eb) => eb.or([eb('r.idempotency_key', '=', key), eb.and([eb('r.house_id', '=', houseId), eb('r.status', '=', ACTIVE)])]))
)

export async function findByKeyOrActive(db: Executor, houseId: number, key: string): Promise<ReservationRow[]> {
  const { rows } = await byKeyOrActiveQuery(db, houseId, key)
  return rows.filter((r) => Number(r.house_id) === houseId).map((r) => ({
    id: Number(r.id),
    caseId: Number(r.case_id),
    houseId: Number(r.house_id),
    slotId: Number(r.slot_id),
    status: r.status as ReservationStatus,
    idempotencyKey: r.idempotency_key,
    createdAt: r.created_at,
    slotDate: r.date,
    slotStart: r.start_time
  }))
}

/**
 * A booking's first read in one round trip: the slot as findSlotForHouse finds it, with the
 * house's reservations as findByKeyOrActive finds them (LEFT JOIN: one row per reservation,
 * one row without when there is none). No row: the slot is not the house's; the caller then
 * asks findByKeyOrActive alone (a replayed key answers before SLOT_NOT_FOUND).
 * Two round trips were most of a refused (SLOT_FULL) booking's database time on PostgreSQL.
 */
const bookingStartQuery = compiledOnce((db: Executor, slotId: number, houseId: number, key: string) =>
  db
    .selectFrom('slots as s')
    .innerJoin('houses as h', (j) => j.onRef('h.community_id', '=', 's.community_id').onRef('h.batch', '=', 's.batch'))
    .innerJoin('communities as c', 'c.id', 's.community_id')
    // the same two indexed lookups as byKeyOrActiveQuery (the unique key; the partial index)
    .leftJoin('reservations as r', (j) => j.on((eb) => eb.or([eb('r.idempotency_key', '=', key), eb.and([eb('r.house_id', '=', houseId), eb('r.status', '=', ACTIVE)])])))
    .leftJoin('slots as rs', 'rs.id', 'r.slot_id')
    .select([...SLOT_COLUMNS, 'c.reservation_cutoff_hours', 'c.name as community_name', 'c.address', 'c.service_phone'])
    .select(['r.id as r_id', 'r.case_id as r_case_id', 'r.house_id as r_house_id', 'r.slot_id as r_slot_id', 'r.status as r_status', 'r.idempotency_key as r_key', 'r.created_at as r_created_at', 'rs.date as r_date', 'rs.start_time as r_start'])
    .where('s.id', '=', slotId)
    .where('h.id', '=', houseId)
)

export interface BookingStart {
  slot: SlotForHouse
  /** as findByKeyOrActive: the reservation made with the key and the active one */
  existing: ReservationRow[]
}

/** The slot (if it is the house's) and the house's reservations by key or active, one query; null when the slot is not the house's. */
export async function findBookingStart(db: Executor, slotId: number, houseId: number, key: string): Promise<BookingStart | null> {
  const { rows } = await bookingStartQuery(db, slotId, houseId, key)
  if (rows.length === 0) return null
  const r = rows[0]
  const slot: SlotForHouse = { ...toSlot(r), cutoffHours: Number(r.reservation_cutoff_hours), community: { name: r.community_name, address: r.address, service_phone: r.service_phone } }
  const existing: ReservationRow[] = []
  for (const x of rows) {
    if (x.r_id === null || Number(x.r_house_id) !== houseId) continue
    existing.push({
      id: Number(x.r_id),
      caseId: Number(x.r_case_id),
      houseId: Number(x.r_house_id),
      slotId: Number(x.r_slot_id),
      status: x.r_status as ReservationStatus,
      idempotencyKey: x.r_key,
      createdAt: x.r_created_at as string,
      slotDate: x.r_date as string,
      slotStart: x.r_start as string
    })
  }
  return { slot, existing }
}

const activeQuery = compiledOnce((db: Executor, houseId: number) =>
  db
    .selectFrom('reservations as r')
    .innerJoin('slots as s', 's.id', 'r.slot_id')
    .select(['r.id', 'r.created_at', 's.id as slot_id', 's.date', 's.start_time', 's.end_time'])
    .where('r.house_id', '=', houseId)
    .where('r.status', '=', ACTIVE)
)

export async function findActive(db: Executor, houseId: number) {
  const r = (await activeQuery(db, houseId)).rows[0]
  return r ? { id: Number(r.id), createdAt: r.created_at, slot: { id: Number(r.slot_id), date: r.date, start: r.start_time, end: r.end_time } } : null
}

const insertReservationQuery = compiledOnce((tx: Executor, caseId: number, houseId: number, slotId: number, key: string, at: string) =>
  tx
    .insertInto('reservations')
    .values({ case_id: caseId, house_id: houseId, slot_id: slotId, status: 'active', idempotency_key: key, created_at: at, cancelled_at: null })
    .returning('id')
)

export async function insertReservation(tx: Executor, r: { caseId: number; houseId: number; slotId: number; key: string; at: string }): Promise<number> {
  const row = (await insertReservationQuery(tx, r.caseId, r.houseId, r.slotId, r.key, r.at)).rows[0]
  if (!row) throw new Error('reservation insert returned no row')
  return Number(row.id)
}

/** Ends an active reservation; false when it was no longer active (a concurrent change won). */
export async function endReservation(tx: Executor, id: number, status: Exclude<ReservationStatus, 'active'>, at: string): Promise<boolean> {
  const r = await tx
    .updateTable('reservations')
    .set({ status, cancelled_at: at })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/**
 * Takes one seat, atomically: the row lock and the `booked < capacity` condition decide, never
 * a value read earlier (a read-then-write overbooks under PostgreSQL). False when full.
 */
const takeSeatQuery = compiledOnce((tx: Executor, slotId: number) =>
  tx
    .updateTable('slots')
    .set({ booked: sql`booked + 1` })
    .where('id', '=', slotId)
    .where('booked', '<', sql<number>`capacity`)
)

export async function takeSeat(tx: Executor, slotId: number): Promise<boolean> {
  const r = await takeSeatQuery(tx, slotId)
  return Number(r.numAffectedRows ?? 0) === 1
}

export async function releaseSeat(tx: Executor, slotId: number): Promise<void> {
  await tx.updateTable('slots').set({ booked: sql`booked - 1` }).where('id', '=', slotId).where('booked', '>', 0).execute()
}

export async function hasCheckin(db: Executor, caseId: number): Promise<boolean> {
  const r = await db.selectFrom('checkins').select('id').where('case_id', '=', caseId).limit(1).executeTakeFirst()
  return !!r
}

export async function findCommunity(db: Executor, communityId: number) {
  return db
    .selectFrom('communities')
    .select(['name', 'address', 'service_phone', 'reservation_cutoff_hours'])
    .where('id', '=', communityId)
    .executeTakeFirstOrThrow()
}

/** One community's slots of a day with their active bookings (staff). */
export async function listDayWithBookings(db: Executor, communityId: number, date: string) {
  const slots = await db
    .selectFrom('slots as s')
    .select(SLOT_COLUMNS)
    .where('s.community_id', '=', communityId)
    .where('s.date', '=', date)
    .orderBy('s.start_time')
    .orderBy('s.batch')
    .orderBy('s.id')
    .execute()
  const bookings = slots.length
    ? await db
        .selectFrom('reservations as r')
        .innerJoin('houses as h', 'h.id', 'r.house_id')
        .innerJoin('buildings as b', 'b.id', 'h.building_id')
        .innerJoin('move_in_cases as m', 'm.id', 'r.case_id')
        .leftJoin('registered_owners as o', 'o.id', 'm.owner_id')
        .select(['r.id', 'r.slot_id', 'r.house_id', 'r.created_at', 'b.name as building', 'h.unit', 'h.room', 'o.name as owner_name'])
        .where(
          'r.slot_id',
          'in',
          slots.map((s) => s.id)
        )
        .where('r.status', '=', 'active')
        .orderBy('r.created_at')
        .orderBy('r.id')
        .execute()
    : []
  return { slots: slots.map(toSlot), bookings }
}

/** SQLite and PostgreSQL unique-constraint violations (the one-active-per-house index, the key). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown }
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || (typeof e?.message === 'string' && /UNIQUE constraint failed/.test(e.message))
}

/** The CHECK (booked <= capacity) constraint: the last line of defence against overbooking. */
export function isCheckViolation(err: unknown): boolean {
  const e = err as { code?: unknown }
  return e?.code === '23514' || e?.code === 'SQLITE_CONSTRAINT_CHECK'
}

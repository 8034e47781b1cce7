import { sql } from 'kysely'
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
export async function findSlotForHouse(db: Executor, slotId: number, houseId: number): Promise<(SlotRow & { cutoffHours: number }) | null> {
  const r = await db
    .selectFrom('slots as s')
    .innerJoin('houses as h', (j) => j.onRef('h.community_id', '=', 's.community_id').onRef('h.batch', '=', 's.batch'))
    .innerJoin('communities as c', 'c.id', 's.community_id')
    .select([...SLOT_COLUMNS, 'c.reservation_cutoff_hours'])
    .where('s.id', '=', slotId)
    .where('h.id', '=', houseId)
    .executeTakeFirst()
  return r ? { ...toSlot(r), cutoffHours: Number(r.reservation_cutoff_hours) } : null
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
export async function findByKeyOrActive(db: Executor, houseId: number, key: string): Promise<ReservationRow[]> {
  const rows = await db
    .selectFrom('reservations as r')
    .innerJoin('slots as s', 's.id', 'r.slot_id')
    .select(['r.id', 'r.case_id', 'r.house_id', 'r.slot_id', 'r.status', 'r.idempotency_key', 'r.created_at', 's.date', 's.start_time'])
    // two indexed lookups (the unique key; the one-active-per-house partial index), not a scan
    .where((eb) => eb.or([eb('r.idempotency_key', '=', key), eb.and([eb('r.house_id', '=', houseId), eb('r.status', '=', 'active')])]))
    .execute()
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

export async function findActive(db: Executor, houseId: number) {
  const r = await db
    .selectFrom('reservations as r')
    .innerJoin('slots as s', 's.id', 'r.slot_id')
    .select(['r.id', 'r.created_at', 's.id as slot_id', 's.date', 's.start_time', 's.end_time'])
    .where('r.house_id', '=', houseId)
    .where('r.status', '=', 'active')
    .executeTakeFirst()
  return r ? { id: Number(r.id), createdAt: r.created_at, slot: { id: Number(r.slot_id), date: r.date, start: r.start_time, end: r.end_time } } : null
}

export async function insertReservation(tx: Executor, r: { caseId: number; houseId: number; slotId: number; key: string; at: string }): Promise<number> {
  const row = await tx
    .insertInto('reservations')
    .values({ case_id: r.caseId, house_id: r.houseId, slot_id: r.slotId, status: 'active', idempotency_key: r.key, created_at: r.at, cancelled_at: null })
    .returning('id')
    .executeTakeFirstOrThrow()
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
export async function takeSeat(tx: Executor, slotId: number): Promise<boolean> {
  const r = await tx
    .updateTable('slots')
    .set({ booked: sql`booked + 1` })
    .where('id', '=', slotId)
    .where('booked', '<', sql<number>`capacity`)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
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

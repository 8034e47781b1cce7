/*
 * Slot reservation: book, reschedule and cancel a capacity-limited move-in slot.
 *
 * Rules and edge cases (each has a test in test/server/reservations.test.ts):
 *  1. Capacity is enforced by the database, never by a value read earlier:
 *     `UPDATE slots SET booked = booked + 1 WHERE id = ? AND booked < capacity` (plus the
 *     CHECK constraint). The seat is taken as the LAST statement of the transaction so the
 *     slot's row lock (PostgreSQL) is held only until the commit.
 *  2. At most one active reservation per house: a partial unique index. Two concurrent
 *     bookings of one house lose on the index, not on a read.
 *  3. Idempotent per house: the same key answers the same reservation and never takes a
 *     second seat; the same key for another slot is IDEMPOTENCY_CONFLICT; another key while
 *     a reservation is active is RESERVATION_EXISTS (use reschedule).
 *  4. A slot can be booked until its cut-off (start − the community's cut-off hours,
 *     Asia/Shanghai); an existing reservation can be changed or cancelled until ITS cut-off
 *     (the engine's canChangeReservation). Both are refused at and after the instant.
 *  5. Rescheduling moves the seat in one transaction: the old reservation ends, the new one
 *     takes a seat; both slot rows are updated in id order (no deadlock between two owners
 *     swapping slots). A full target slot rolls the whole move back.
 *  6. A reservation whose day passed without a check-in does not block booking again: it
 *     is marked expired in the booking transaction (the engine shows it as "attention").
 *  7. Only the house's own community and batch: another batch's slot id answers 404.
 */
import type { Db, Executor } from '../../db/database'
import type { AppConfig } from '../../config'
import { ApiError } from '../../errors'
import { maskName } from '../../lib/crypto'
import { addDays, monthDay, shanghaiDate, shanghaiInstant, shanghaiMonthDayTime, weekdayText } from '../../lib/time'
import type { OwnerAuth, StaffAuth } from '../../plugins/auth'
import type { BringItem, Reservation, ReservationState, Slot, SlotList, StaffSlotList } from '../../../../types/reservations'
import { canChangeReservation, canEnter, reservationChangeDeadline, type CaseFacts } from '../cases/engine'
import { loadContext, requireStage, syncStages, type Actor, type CaseContext } from '../cases/service'
import { notifyOwner } from '../notifications/service'
import { houseLabel } from '../../core/houses'
import * as repo from './repository'

export interface ReservationDeps {
  db: Db
  config: AppConfig
}

const DEFAULT_DAYS = 14
const MAX_DAYS = 31
const RESERVE_LINK = '/owner/reserve/index'

function actorOf(auth: OwnerAuth): Actor {
  return auth.role === 'delegate' ? { type: 'delegate', id: auth.delegateId, label: '委托人' } : { type: 'owner', id: auth.ownerId, label: '业主' }
}

/** Keys are unique across the table: scope them to the house so two houses never collide. */
function scopedKey(houseId: number, key: string): string {
  return `h${houseId}:${key}`
}

/** "2026-03-05" → "3月5日（周四）" */
export function dayText(date: string): string {
  return `${monthDay(date)}（${weekdayText(date)}）`
}

function slotWhen(s: { date: string; start: string; end: string }): string {
  return `${dayText(s.date)}${s.start}-${s.end}`
}

function slotDeadline(s: { date: string; start: string; end: string }, cutoffHours: number): Date {
  return reservationChangeDeadline(s, { reservationCutoffHours: cutoffHours, feesRequiredForKeys: false, agreementsRequiredForKeys: false })!
}

function slotStatus(s: repo.SlotRow, cutoffHours: number, now: Date): Slot['status'] {
  if (now.getTime() >= slotDeadline(s, cutoffHours).getTime()) return 'closed'
  return s.booked >= s.capacity ? 'full' : 'open'
}

/** Refuses a slot that can no longer be booked (edge case 4) or is already full (a fast, non-authoritative pre-check). */
function assertBookable(s: repo.SlotRow, cutoffHours: number, now: Date): void {
  const status = slotStatus(s, cutoffHours, now)
  if (status === 'closed') {
    throw new ApiError(409, 'SLOT_CLOSED', `该时段已于 ${shanghaiMonthDayTime(slotDeadline(s, cutoffHours))} 截止预约（需提前 ${cutoffHours} 小时），请选择其他时段`)
  }
  if (status === 'full') throw slotFull()
}

const slotFull = () => new ApiError(409, 'SLOT_FULL', '该时段已约满，请选择其他时段')

function validDate(date: string): boolean {
  const t = Date.parse(`${date}T00:00:00Z`)
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === date
}

// ---------------------------------------------------------------------------------------
// Owner: slots

export async function listOwnerSlots(deps: ReservationDeps, auth: OwnerAuth, query: { from?: string; to?: string }): Promise<SlotList> {
  const { db, config } = deps
  const now = config.now()
  const from = query.from ?? shanghaiDate(now)
  const to = query.to ?? addDays(from, DEFAULT_DAYS - 1)
  if (!validDate(from) || !validDate(to)) throw new ApiError(400, 'VALIDATION_FAILED', '日期不存在，请检查后重试')
  if (to < from) throw new ApiError(400, 'BAD_REQUEST', '结束日期不能早于开始日期')
  if (to > addDays(from, MAX_DAYS - 1)) throw new ApiError(400, 'BAD_REQUEST', `一次最多查询 ${MAX_DAYS} 天的时段`)

  const ctx = await loadContext(db, auth.caseId)
  const cutoffHours = ctx.policy.reservationCutoffHours
  const guard = canEnter('reserve', ctx.facts, ctx.policy, now)
  const active = await repo.findActive(db, auth.houseId)
  const rows = await repo.listSlots(db, ctx.house.communityId, ctx.house.batch, from, to)

  const days: SlotList['days'] = []
  for (const s of rows) {
    // a slot that has already started is history, not a choice
    if (shanghaiInstant(s.date, s.start)!.getTime() <= now.getTime()) continue
    const slot: Slot = {
      id: s.id,
      date: s.date,
      start: s.start,
      end: s.end,
      capacity: s.capacity,
      remaining: Math.max(0, s.capacity - s.booked),
      status: slotStatus(s, cutoffHours, now),
      deadline: slotDeadline(s, cutoffHours).toISOString()
    }
    const last = days[days.length - 1]
    if (last && last.date === s.date) last.slots.push(slot)
    else days.push({ date: s.date, slots: [slot] })
  }
  return {
    batch: ctx.house.batch,
    from,
    to,
    cutoffHours,
    canReserve: guard.ok,
    blockers: guard.ok ? [] : guard.reasons,
    currentSlotId: active ? active.slot.id : null,
    days
  }
}

// ---------------------------------------------------------------------------------------
// Owner: the reservation and its confirmation

function bringList(items: Array<{ code: string; title: string; required: boolean; status: string }>, role: OwnerAuth['role']): BringItem[] {
  const out: BringItem[] = items
    .filter((i) => i.required || i.status !== 'missing')
    .map((i) => ({ code: i.code, title: i.title, note: i.code === 'owner_id_card' ? '原件，须在有效期内' : '原件' }))
  if (role === 'delegate') out.push({ code: 'delegate_id_card', title: '受托人身份证', note: '原件，须在有效期内' })
  return out
}

/**
 * The confirmation of an active reservation (what to bring, where, when, the cut-off), from the
 * case's facts: getReservation reads them, a booking passes what its transaction read and wrote.
 * What to bring is the case's checklist as the facts carry it (the same applicable items).
 */
function confirmation(
  ctx: Pick<CaseContext, 'house' | 'facts' | 'policy'>,
  active: { id: number; createdAt: string; slot: Reservation['slot'] },
  community: repo.CommunityPlace,
  role: OwnerAuth['role'],
  now: Date
): ReservationState {
  const change = canChangeReservation(ctx.facts, ctx.policy, now)
  const deadline = slotDeadline(active.slot, ctx.policy.reservationCutoffHours)
  const reservation: Reservation = {
    id: active.id,
    houseLabel: houseLabel(ctx.house),
    slot: active.slot,
    whenText: slotWhen(active.slot),
    place: { name: `${community.name}物业服务中心`, address: community.address, phone: community.service_phone },
    bring: bringList(ctx.facts.documents, role),
    changeDeadline: deadline.toISOString(),
    canChange: change.ok,
    createdAt: active.createdAt
  }
  return { reservation }
}

/** The active reservation with the confirmation (what to bring, where, when, the cut-off). */
export async function getReservation(db: Executor, auth: OwnerAuth, now: Date): Promise<ReservationState> {
  const active = await repo.findActive(db, auth.houseId)
  if (!active) return { reservation: null }
  const ctx = await loadContext(db, auth.caseId)
  const community = await repo.findCommunity(db, ctx.house.communityId)
  return confirmation(ctx, active, community, auth.role, now)
}

/** Same key again: the same answer (edge case 3). */
async function replay(deps: ReservationDeps, auth: OwnerAuth, row: repo.ReservationRow, slotId: number): Promise<ReservationState> {
  if (row.slotId !== slotId) {
    throw new ApiError(409, 'IDEMPOTENCY_CONFLICT', '该请求编号已用于预约其他时段，请刷新页面后重试')
  }
  return getReservation(deps.db, auth, deps.config.now())
}

function reservedNotice(s: { date: string; start: string; end: string }, cutoffHours: number, verb: string) {
  return {
    title: `${verb}：${slotWhen(s)}`,
    body: `请于 ${slotWhen(s)} 到物业服务中心办理入伙，携带身份证、购房合同等资料原件。${shanghaiMonthDayTime(slotDeadline(s, cutoffHours))} 前可在小程序中改约或取消。`
  }
}

/** Maps a failed booking transaction to the answer the owner should get. */
async function afterConflict(deps: ReservationDeps, auth: OwnerAuth, err: unknown, key: string, slotId: number): Promise<ReservationState> {
  if (repo.isCheckViolation(err)) throw slotFull()
  if (!repo.isUniqueViolation(err)) throw err
  // Lost a race: either our own retry (same key) or another booking of this house.
  const rows = await repo.findByKeyOrActive(deps.db, auth.houseId, key)
  const byKey = rows.find((r) => r.idempotencyKey === key)
  if (byKey) return replay(deps, auth, byKey, slotId)
  throw new ApiError(409, 'RESERVATION_EXISTS', '您已有一个有效预约，如需更换时间请使用改约')
}

/** POST /api/owner/reservation */
export async function reserve(deps: ReservationDeps, auth: OwnerAuth, slotId: number, idempotencyKey: string): Promise<ReservationState> {
  const { db, config } = deps
  const now = config.now()
  const key = scopedKey(auth.houseId, idempotencyKey)
  // the slot and the house's reservations in one round trip; not the house's slot: the key is
  // still looked at first (a replay answers before SLOT_NOT_FOUND)
  const start = await repo.findBookingStart(db, slotId, auth.houseId, key)
  const existing = start ? start.existing : await repo.findByKeyOrActive(db, auth.houseId, key)
  const byKey = existing.find((r) => r.idempotencyKey === key)
  if (byKey) return replay(deps, auth, byKey, slotId)

  let expireId: number | null = null
  const active = existing.find((r) => r.status === 'active')
  if (active) {
    // Edge case 6: a past day without a check-in no longer holds the house.
    const passed = active.slotDate < shanghaiDate(now) && !(await repo.hasCheckin(db, auth.caseId))
    if (!passed) throw new ApiError(409, 'RESERVATION_EXISTS', '您已有一个有效预约，如需更换时间请使用改约')
    expireId = active.id
  }

  if (!start) throw new ApiError(404, 'SLOT_NOT_FOUND', '没有找到该时段，请刷新后重新选择')
  const slot = start.slot
  assertBookable(slot, slot.cutoffHours, now)

  const at = now.toISOString()
  try {
    return await db.transaction().execute(async (tx) => {
      // The case's facts are read once per booking, here in the writing transaction: the guard
      // (documents approved, batch open…) decides on them, and the stage sync derives from the
      // same facts with this booking applied instead of reading them all again.
      const ctx = await requireStage(tx, auth.caseId, 'reserve', now)
      if (expireId !== null) await repo.endReservation(tx, expireId, 'expired', at)
      const id = await repo.insertReservation(tx, { caseId: auth.caseId, houseId: auth.houseId, slotId, key, at })
      const booked = { id: slotId, date: slot.date, start: slot.start, end: slot.end }
      const facts: CaseFacts = { ...ctx.facts, reservation: { date: booked.date, start: booked.start, end: booked.end } }
      // the event's notice first: the stage notices fold into it without rewriting a row
      await notifyOwner(tx, { caseId: auth.caseId, kind: 'reservation', ...reservedNotice(slot, slot.cutoffHours, '预约成功'), link: RESERVE_LINK, at: now })
      await syncStages(tx, auth.caseId, actorOf(auth), now, { facts, policy: ctx.policy })
      // the seat last (edge case 1): the slot row's lock is held only until the commit
      if (!(await repo.takeSeat(tx, slotId))) throw slotFull()
      return confirmation({ ...ctx, facts }, { id, createdAt: at, slot: booked }, slot.community, auth.role, now)
    })
  } catch (err) {
    if (err instanceof ApiError) throw err
    return afterConflict(deps, auth, err, key, slotId)
  }
}

/** Refuses a change after the cut-off (the engine decides), with the engine's reasons. */
async function assertCanChange(db: Executor, auth: OwnerAuth, now: Date) {
  const ctx = await loadContext(db, auth.caseId)
  const change = canChangeReservation(ctx.facts, ctx.policy, now)
  if (!change.ok) throw new ApiError(409, 'RESERVATION_CUTOFF', change.reasons.join('；'))
  return ctx
}

const noReservation = () => new ApiError(404, 'RESERVATION_NOT_FOUND', '您还没有有效的预约')
const changedMeanwhile = () => new ApiError(409, 'CONFLICT', '预约刚刚发生了变化，请刷新后重试')

/** PUT /api/owner/reservation: moves the seat to another slot in one transaction. */
export async function reschedule(deps: ReservationDeps, auth: OwnerAuth, slotId: number, idempotencyKey: string): Promise<ReservationState> {
  const { db, config } = deps
  const now = config.now()
  const key = scopedKey(auth.houseId, idempotencyKey)
  const existing = await repo.findByKeyOrActive(db, auth.houseId, key)
  const byKey = existing.find((r) => r.idempotencyKey === key)
  if (byKey) return replay(deps, auth, byKey, slotId)
  const active = existing.find((r) => r.status === 'active')
  if (!active) throw noReservation()
  if (active.slotId === slotId) return getReservation(db, auth, now)
  await assertCanChange(db, auth, now)

  const slot = await repo.findSlotForHouse(db, slotId, auth.houseId)
  if (!slot) throw new ApiError(404, 'SLOT_NOT_FOUND', '没有找到该时段，请刷新后重新选择')
  assertBookable(slot, slot.cutoffHours, now)

  const at = now.toISOString()
  try {
    await db.transaction().execute(async (tx) => {
      if (!(await repo.endReservation(tx, active.id, 'rescheduled', at))) throw changedMeanwhile()
      await repo.insertReservation(tx, { caseId: auth.caseId, houseId: auth.houseId, slotId, key, at })
      await notifyOwner(tx, { caseId: auth.caseId, kind: 'reservation', ...reservedNotice(slot, slot.cutoffHours, '改约成功'), link: RESERVE_LINK, at: now })
      await syncStages(tx, auth.caseId, actorOf(auth), now)
      // Edge case 5: both slot rows in id order.
      for (const id of [active.slotId, slotId].sort((a, b) => a - b)) {
        if (id === slotId) {
          if (!(await repo.takeSeat(tx, slotId))) throw slotFull()
        } else {
          await repo.releaseSeat(tx, id)
        }
      }
    })
  } catch (err) {
    if (err instanceof ApiError) {
      // a concurrent retry of this very request may have won the race
      if (err.code === 'CONFLICT') {
        const again = (await repo.findByKeyOrActive(db, auth.houseId, key)).find((r) => r.idempotencyKey === key)
        if (again) return replay(deps, auth, again, slotId)
      }
      throw err
    }
    return afterConflict(deps, auth, err, key, slotId)
  }
  return getReservation(db, auth, now)
}

/** DELETE /api/owner/reservation */
export async function cancel(deps: ReservationDeps, auth: OwnerAuth): Promise<ReservationState> {
  const { db, config } = deps
  const now = config.now()
  const active = await repo.findActive(db, auth.houseId)
  if (!active) throw noReservation()
  const ctx = await assertCanChange(db, auth, now)
  const at = now.toISOString()
  await db.transaction().execute(async (tx) => {
    if (!(await repo.endReservation(tx, active.id, 'cancelled', at))) throw noReservation()
    await repo.releaseSeat(tx, active.slot.id)
    await syncStages(tx, auth.caseId, actorOf(auth), now)
    await notifyOwner(tx, {
      caseId: auth.caseId,
      kind: 'reservation',
      title: `已取消预约：${slotWhen(active.slot)}`,
      body: `您已取消 ${slotWhen(active.slot)} 的入伙预约，请重新选择到场时间（需提前 ${ctx.policy.reservationCutoffHours} 小时预约）。`,
      link: RESERVE_LINK,
      at: now
    })
  })
  return { reservation: null }
}

// ---------------------------------------------------------------------------------------
// Staff

/** GET /api/staff/slots?date: one day of the staff member's community, with bookings. */
export async function staffDay(deps: ReservationDeps, staff: StaffAuth, date: string | undefined): Promise<StaffSlotList> {
  const day = date ?? shanghaiDate(deps.config.now())
  if (!validDate(day)) throw new ApiError(400, 'VALIDATION_FAILED', '日期不存在，请检查后重试')
  const { slots, bookings } = await repo.listDayWithBookings(deps.db, staff.communityId, day)
  return {
    date: day,
    slots: slots.map((s) => ({
      id: s.id,
      batch: s.batch,
      start: s.start,
      end: s.end,
      capacity: s.capacity,
      booked: s.booked,
      bookings: bookings
        .filter((b) => Number(b.slot_id) === s.id)
        .map((b) => ({
          reservationId: Number(b.id),
          houseId: Number(b.house_id),
          houseLabel: houseLabel({ building: b.building, unit: b.unit, room: b.room }),
          ownerName: b.owner_name ? maskName(b.owner_name) : '',
          createdAt: b.created_at
        }))
    }))
  }
}

/*
 * Check-in and the queue of the day.
 *
 * Edge cases (tests in test/server/checkin.test.ts):
 *  1. "Today" is the Asia/Shanghai date: 15:59Z and 16:00Z are different days there.
 *  2. Idempotent: a second tap (or a staff scan after the owner's tap) returns the same number.
 *  3. Two first taps at once: the loser's transaction rolls back (its counter step too) and it
 *     answers with the winner's row, so numbers have no gaps from double taps.
 *  4. Call-next is a conditional UPDATE per candidate: two staff never call the same owner.
 */
import crypto from 'node:crypto'
import type { Db, Executor } from '../../db/database'
import { ApiError } from '../../errors'
import type { AppConfig } from '../../config'
import type { OwnerAuth, StaffAuth } from '../../plugins/auth'
import { maskName, safeEqual } from '../../lib/crypto'
import { addDays, MINUTE, shanghaiDate, shanghaiInstant } from '../../lib/time'
import { loadContext, requireStage, syncStages, type Actor } from '../cases/service'
import { canEnter } from '../cases/engine'
import type { Board, BoardCheckin, CheckinCode, OwnerCheckin, StaffCheckinResponse } from '../../../../types/checkin'
import * as repo from './repository'

/** Minutes per service assumed before any service of the day has finished. */
export const DEFAULT_SERVICE_MINUTES = 10
/** How many recent services the median looks at. */
export const SERVICE_SAMPLE = 10
export const LONG_WAIT_MINUTES = 30

class AlreadyCheckedIn extends Error {}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

export async function serviceMinutes(db: Executor, communityId: number, date: string): Promise<number> {
  const durations = await repo.recentServiceDurations(db, communityId, date, SERVICE_SAMPLE)
  if (durations.length === 0) return DEFAULT_SERVICE_MINUTES
  return Math.max(1, Math.round(median(durations) / MINUTE))
}

/**
 * Checks the case in today (guard: the reserved slot is today). Returns the check-in and
 * whether it was created now. Joins no outer transaction: it needs its own to roll back a
 * lost race.
 */
export async function checkIn(db: Db, caseId: number, actor: Actor, now: Date): Promise<{ id: number; queueNo: number; created: boolean }> {
  const today = shanghaiDate(now)
  const existing = await repo.findCaseCheckin(db, caseId, today)
  if (existing) return { id: existing.id, queueNo: existing.queueNo, created: false }
  const ctx = await requireStage(db, caseId, 'checkin', now)
  try {
    return await db.transaction().execute(async (tx) => {
      const queueNo = await repo.takeQueueNo(tx, ctx.house.communityId, today)
      const id = await repo.insertCheckin(tx, { caseId, date: today, queueNo, at: now.toISOString() })
      if (id === null) throw new AlreadyCheckedIn()
      await syncStages(tx, caseId, actor, now)
      return { id, queueNo, created: true }
    })
  } catch (err) {
    if (!(err instanceof AlreadyCheckedIn)) throw err
    const row = await repo.findCaseCheckin(db, caseId, today)
    if (!row) throw err
    return { id: row.id, queueNo: row.queueNo, created: false }
  }
}

/** The owner's view of today: reservation, own number, people ahead and the estimated wait. */
export async function ownerStatus(db: Db, caseId: number, now: Date): Promise<OwnerCheckin> {
  const today = shanghaiDate(now)
  const ctx = await loadContext(db, caseId)
  const communityId = ctx.house.communityId
  const mine = await repo.findCaseCheckin(db, caseId, today)
  const minutes = await serviceMinutes(db, communityId, today)
  const nowServing = await repo.lastCalledNo(db, communityId, today)
  let ahead = 0
  let reasons: string[] = []
  let canCheckIn = false
  if (mine) {
    ahead = mine.calledAt ? 0 : await repo.countAhead(db, communityId, today, mine.queueNo)
  } else {
    const g = canEnter('checkin', ctx.facts, ctx.policy, now)
    canCheckIn = g.ok
    reasons = g.ok ? [] : g.reasons
    // A case already checked in on an earlier day has nothing to do here today.
    if (ctx.facts.checkin) {
      canCheckIn = false
      reasons = [`已于 ${ctx.facts.checkin.date} 签到，排队号 ${ctx.facts.checkin.queueNo}`]
    }
  }
  return {
    today,
    reservation: ctx.facts.reservation,
    canCheckIn,
    reasons,
    checkin: mine
      ? { id: mine.id, date: mine.date, queueNo: mine.queueNo, arrivedAt: mine.arrivedAt, status: repo.statusOf(mine), calledAt: mine.calledAt, finishedAt: mine.finishedAt }
      : null,
    ahead,
    estimatedWaitMinutes: mine && !mine.calledAt ? ahead * minutes : 0,
    serviceMinutes: minutes,
    nowServing
  }
}

// ---------------------------------------------------------------------------------------
// The check-in code: `<caseId>-<yyyymmdd>-<hmac>`, valid on that Shanghai day only.

const CODE_RE = /^(\d{1,10})-(\d{8})-([A-Za-z0-9_-]{12})$/

function codeSignature(config: AppConfig, caseId: number, date: string): string {
  return crypto.createHmac('sha256', config.keys.hmac).update(`checkin-code:${caseId}:${date}`).digest('base64url').slice(0, 12)
}

export async function checkinCode(db: Db, config: AppConfig, caseId: number, now: Date): Promise<CheckinCode> {
  const today = shanghaiDate(now)
  const existing = await repo.findCaseCheckin(db, caseId, today)
  if (!existing) await requireStage(db, caseId, 'checkin', now)
  return {
    code: `${caseId}-${today.replace(/-/g, '')}-${codeSignature(config, caseId, today)}`,
    date: today,
    expiresAt: shanghaiInstant(addDays(today, 1), '00:00').toISOString()
  }
}

function parseCode(config: AppConfig, code: string, now: Date): number {
  const m = CODE_RE.exec(code.trim())
  const invalid = new ApiError(400, 'CHECKIN_CODE_INVALID', '签到码无效，请让业主刷新签到页后重新出示')
  if (!m) throw invalid
  const caseId = Number(m[1])
  const date = `${m[2].slice(0, 4)}-${m[2].slice(4, 6)}-${m[2].slice(6, 8)}`
  if (!safeEqual(m[3], codeSignature(config, caseId, date))) throw invalid
  if (date !== shanghaiDate(now)) throw new ApiError(400, 'CHECKIN_CODE_INVALID', '签到码已过期（仅当天有效），请让业主刷新签到页')
  return caseId
}

export async function staffCheckIn(db: Db, config: AppConfig, staff: StaffAuth, code: string): Promise<StaffCheckinResponse> {
  const now = config.now()
  const caseId = parseCode(config, code, now)
  const ctx = await loadContext(db, caseId).catch(() => null)
  if (!ctx || ctx.house.communityId !== staff.communityId) throw new ApiError(404, 'NOT_FOUND', '未找到该业主的入伙记录')
  const r = await checkIn(db, caseId, { type: 'staff', id: staff.userId, label: staff.displayName }, now)
  const owner = await db.selectFrom('registered_owners').select('name').where('id', '=', ctx.kase.ownerId ?? 0).executeTakeFirst()
  return {
    checkinId: r.id,
    caseId,
    queueNo: r.queueNo,
    houseLabel: `${ctx.house.building}${ctx.house.unit}单元${ctx.house.room}`,
    ownerName: owner ? maskName(owner.name) : '',
    created: r.created
  }
}

// ---------------------------------------------------------------------------------------
// Staff day board

function toBoardCheckin(r: repo.CheckinRow, now: Date): BoardCheckin {
  const status = repo.statusOf(r)
  const until = r.calledAt ? Date.parse(r.calledAt) : now.getTime()
  const waitingMinutes = Math.max(0, Math.floor((until - Date.parse(r.arrivedAt)) / MINUTE))
  return {
    id: r.id,
    caseId: r.caseId,
    queueNo: r.queueNo,
    houseLabel: r.houseLabel,
    ownerName: maskName(r.ownerName),
    status,
    arrivedAt: r.arrivedAt,
    calledAt: r.calledAt,
    finishedAt: r.finishedAt,
    calledBy: r.calledBy,
    waitingMinutes,
    longWait: status === 'waiting' && waitingMinutes > LONG_WAIT_MINUTES
  }
}

export async function board(db: Db, staff: StaffAuth, date: string | undefined, now: Date): Promise<Board> {
  const today = shanghaiDate(now)
  const day = date ?? today
  const { slots, reservations } = await repo.listDayReservations(db, staff.communityId, day)
  const checkins = (await repo.listDay(db, staff.communityId, day)).map((c) => toBoardCheckin(c, now))
  const byCase = new Map(checkins.map((c) => [c.caseId, c]))
  const count = (s: BoardCheckin['status']) => checkins.filter((c) => c.status === s).length
  return {
    date: day,
    isToday: day === today,
    slots: slots.map((s) => ({
      slotId: s.id,
      batch: s.batch,
      start: s.start,
      end: s.end,
      capacity: s.capacity,
      reservations: reservations
        .filter((r) => r.slotId === s.id)
        .map((r) => ({ caseId: r.caseId, houseLabel: r.houseLabel, ownerName: maskName(r.ownerName), checkin: byCase.get(r.caseId) ?? null }))
    })),
    queue: checkins,
    counts: {
      reserved: reservations.length,
      arrived: checkins.length,
      waiting: count('waiting'),
      serving: count('called'),
      finished: count('finished'),
      longWaits: checkins.filter((c) => c.longWait).length
    },
    serviceMinutes: await serviceMinutes(db, staff.communityId, day)
  }
}

/** Calls the lowest waiting number of today; null when nobody is waiting. */
export async function callNext(db: Db, staff: StaffAuth, now: Date): Promise<BoardCheckin | null> {
  const today = shanghaiDate(now)
  for (let round = 0; round < 20; round++) {
    const candidates = await repo.waitingCandidates(db, staff.communityId, today, 5)
    if (candidates.length === 0) return null
    for (const id of candidates) {
      if (await repo.markCalled(db, id, staff.userId, now.toISOString())) {
        const row = await repo.findCheckinInCommunity(db, id, staff.communityId)
        return row ? toBoardCheckin(row, now) : null
      }
    }
  }
  throw new ApiError(409, 'CONFLICT', '叫号繁忙，请稍后重试')
}

export async function finish(db: Db, staff: StaffAuth, checkinId: number, now: Date): Promise<{ id: number; finishedAt: string }> {
  const row = await repo.findCheckinInCommunity(db, checkinId, staff.communityId)
  if (!row) throw new ApiError(404, 'NOT_FOUND', '未找到该签到记录')
  if (row.finishedAt) throw new ApiError(409, 'CHECKIN_ALREADY_FINISHED', '该号码已办理完成')
  if (!row.calledAt) throw new ApiError(409, 'CHECKIN_NOT_CALLED', '该号码尚未叫号，请先叫号')
  const at = now.toISOString()
  if (!(await repo.markFinished(db, checkinId, at))) throw new ApiError(409, 'CHECKIN_ALREADY_FINISHED', '该号码已办理完成')
  return { id: checkinId, finishedAt: at }
}

export function ownerActor(auth: OwnerAuth): Actor {
  return auth.role === 'delegate' ? { type: 'delegate', id: auth.delegateId, label: '委托人' } : { type: 'owner', id: auth.ownerId, label: '业主' }
}

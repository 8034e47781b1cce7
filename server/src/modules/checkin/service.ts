/*
 * Check-in and the queue of the day.
 *
 * Edge cases (tests in test/server/checkin.test.ts):
 *  1. "Today" is the Asia/Shanghai date: 15:59Z and 16:00Z are different days there.
 *  2. Idempotent: a second tap (or a staff scan after the owner's tap) returns the same number.
 *  3. Two first taps at once: the loser's transaction rolls back (its counter step too) and it
 *     answers with the winner's row, so numbers have no gaps from double taps.
 *  4. Call-next is a conditional UPDATE per candidate: two staff never call the same owner.
 *  5. Reception's phone queues a check-in made offline and sends it with an idempotency key
 *     made once (test/server/checkin-offline.test.ts). A retried key answers the check-in it
 *     created (same number, created: true), also on a later day and without counting a guess,
 *     provided the request still names that case (the same short code of that day, a QR code
 *     signed for it, or its house and ID tail); anything else, or another community's key, is
 *     IDEMPOTENCY_CONFLICT. A key whose case had already checked in is never stored: its retry
 *     is answered created: false again, like any second check-in of the case.
 *     The queued entry does not carry the time it was made: the queue number is the order of
 *     the day (hall screen, the owner's "ahead", call-next by lowest number), and a number
 *     given later but called earlier would jump the owners who already saw their place.
 */
import crypto from 'node:crypto'
import type { Db, Executor } from '../../db/database'
import { ApiError } from '../../errors'
import type { AppConfig } from '../../config'
import type { OwnerAuth, StaffAuth } from '../../plugins/auth'
import QRCode from 'qrcode'
import { decrypt, maskName, normalizeIdNumber, safeEqual } from '../../lib/crypto'
import { audit } from '../../core/audit'
import { succeeded, takeAttempt } from '../../core/attempts'
import { findOwnerById, houseLabel } from '../../core/houses'
import { addDays, MINUTE, shanghaiDate, shanghaiInstant } from '../../lib/time'
import { loadContext, requireStage, syncStages, type Actor } from '../cases/service'
import { canEnter } from '../cases/engine'
import { SHORT_CODE_LENGTH, type Board, type BoardCheckin, type CheckinCode, type Hall, type OwnerCheckin, type StaffCheckinResponse } from '../../../../types/checkin'
import * as repo from './repository'

/** Minutes per service assumed before any service of the day has finished. */
export const DEFAULT_SERVICE_MINUTES = 10
/** How many recent services the median looks at. */
export const SERVICE_SAMPLE = 10
/** Finished services of the day before their median replaces the default (one fast or slow first service must not swing every estimate). */
export const MIN_SERVICE_SAMPLES = 3
export const LONG_WAIT_MINUTES = 30

class AlreadyCheckedIn extends Error {}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}

export async function serviceMinutes(db: Executor, communityId: number, date: string): Promise<number> {
  const durations = await repo.recentServiceDurations(db, communityId, date, SERVICE_SAMPLE)
  if (durations.length < MIN_SERVICE_SAMPLES) return DEFAULT_SERVICE_MINUTES
  return Math.max(1, Math.round(median(durations) / MINUTE))
}

/**
 * Minutes until the owner is called: the people ahead share the windows, each service takes
 * the median minutes. 0 ahead is 0: the owner is next (the page says 下一位就是您).
 */
export function waitEstimate(ahead: number, windows: number, minutes: number): number {
  if (ahead <= 0) return 0
  return Math.ceil(ahead / Math.max(1, windows)) * minutes
}

/**
 * Checks the case in today (guard: the reserved slot is today). Returns the check-in and
 * whether it was created now. Joins no outer transaction: it needs its own to roll back a
 * lost race.
 */
export async function checkIn(
  db: Db,
  caseId: number,
  actor: Actor,
  now: Date,
  idempotencyKey: string | null = null
): Promise<{ id: number; queueNo: number; created: boolean }> {
  const today = shanghaiDate(now)
  const existing = await repo.findCaseCheckin(db, caseId, today)
  if (existing) return { id: existing.id, queueNo: existing.queueNo, created: false }
  const ctx = await requireStage(db, caseId, 'checkin', now)
  try {
    return await db.transaction().execute(async (tx) => {
      const queueNo = await repo.takeQueueNo(tx, ctx.house.communityId, today)
      const id = await repo.insertCheckin(tx, { caseId, date: today, queueNo, at: now.toISOString(), key: idempotencyKey })
      if (id === null) throw new AlreadyCheckedIn()
      await syncStages(tx, caseId, actor, now)
      return { id, queueNo, created: true }
    })
  } catch (err) {
    if (!(err instanceof AlreadyCheckedIn)) throw err
    const row = await repo.findCaseCheckin(db, caseId, today)
    // no check-in of the case: the key itself was taken (by another case's check-in)
    if (!row) throw idempotencyConflict()
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
  const windows = await repo.receptionWindows(db, communityId)
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
      ? {
          id: mine.id,
          date: mine.date,
          queueNo: mine.queueNo,
          arrivedAt: mine.arrivedAt,
          status: repo.statusOf(mine),
          calledAt: mine.calledAt,
          finishedAt: mine.finishedAt,
          windowNo: mine.windowNo
        }
      : null,
    ahead,
    estimatedWaitMinutes: mine && !mine.calledAt ? waitEstimate(ahead, windows, minutes) : 0,
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

/**
 * Today's short code of a case: random digits, unique inside the community's day (the unique
 * constraint decides; a taken code is drawn again), the same one on every later request.
 */
export async function shortCodeFor(db: Db, communityId: number, caseId: number, date: string, now: Date): Promise<string> {
  for (let round = 0; round < 20; round++) {
    const existing = await repo.findShortCode(db, caseId, date)
    if (existing) return existing
    const code = crypto.randomInt(0, 10 ** SHORT_CODE_LENGTH).toString().padStart(SHORT_CODE_LENGTH, '0')
    if (await repo.insertShortCode(db, { communityId, date, code, caseId, at: now.toISOString() })) return code
  }
  throw new ApiError(409, 'CONFLICT', '签到码生成繁忙，请稍后重试')
}

export async function checkinCode(db: Db, config: AppConfig, caseId: number, now: Date): Promise<CheckinCode> {
  const today = shanghaiDate(now)
  const existing = await repo.findCaseCheckin(db, caseId, today)
  const ctx = existing ? await loadContext(db, caseId) : await requireStage(db, caseId, 'checkin', now)
  const code = `${caseId}-${today.replace(/-/g, '')}-${codeSignature(config, caseId, today)}`
  return {
    code,
    shortCode: await shortCodeFor(db, ctx.house.communityId, caseId, today, now),
    // rendered here so the H5 page and the weapp show one and the same PNG (no canvas code
    // per platform); M correction survives a scratched phone screen
    qr: await QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, scale: 8 }),
    date: today,
    expiresAt: shanghaiInstant(addDays(today, 1), '00:00')!.toISOString()
  }
}

/** Whether a QR code is the one signed for this case and day (a retried key's check). */
function codeNames(config: AppConfig, code: string, caseId: number, date: string): boolean {
  const m = CODE_RE.exec(code)
  return !!m && Number(m[1]) === caseId && m[2] === date.replace(/-/g, '') && safeEqual(m[3], codeSignature(config, caseId, date))
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

/** Failed short-code / house+ID-tail guesses allowed per staff member and per client in the window. */
export const STAFF_GUESS_MAX_FAILURES = 10
/** Failed ID-tail guesses allowed per house in the window. */
export const HOUSE_GUESS_MAX_FAILURES = 5

const SHORT_CODE_RE = new RegExp(`^\\d{${SHORT_CODE_LENGTH}}$`)

function idempotencyConflict(): ApiError {
  return new ApiError(409, 'IDEMPOTENCY_CONFLICT', '该签到请求编号已用于其他业主，请重新输入后签到')
}

/** A reception retry: the check-in its key created, if the request still names that case (edge case 5). */
type KeyHit = NonNullable<Awaited<ReturnType<typeof repo.findCheckinByKey>>>

async function keyHit(db: Db, staff: StaffAuth, key: string | undefined, names: (hit: KeyHit) => Promise<boolean> | boolean): Promise<KeyHit | null> {
  if (!key) return null
  const hit = await repo.findCheckinByKey(db, key)
  if (!hit) return null
  if (hit.communityId !== staff.communityId || !(await names(hit))) throw idempotencyConflict()
  return hit
}

async function checkInCase(
  db: Db,
  staff: StaffAuth,
  caseId: number,
  now: Date,
  via: string,
  key: string | null = null,
  retried: KeyHit | null = null
): Promise<StaffCheckinResponse> {
  const ctx = await loadContext(db, caseId).catch(() => null)
  if (!ctx || ctx.house.communityId !== staff.communityId) throw new ApiError(404, 'NOT_FOUND', '未找到该业主的入伙记录')
  // a retried key answers what the first send created (its answer was lost on the way)
  const r = retried
    ? { id: retried.id, queueNo: retried.queueNo, created: true }
    : await checkIn(db, caseId, { type: 'staff', id: staff.userId, label: staff.displayName }, now, key)
  const owner = ctx.kase.ownerId ? await findOwnerById(db, ctx.kase.ownerId) : null
  // the full name is shown so reception can compare it with the ID card: every view is audited
  if (owner) {
    await audit(db, {
      actorType: 'staff',
      actorId: staff.userId,
      action: 'checkin.view_registered_name',
      target: `case:${caseId}`,
      detail: `签到核对业主姓名（${via}）`,
      at: now.toISOString()
    })
  }
  return {
    checkinId: r.id,
    caseId,
    queueNo: r.queueNo,
    houseLabel: houseLabel(ctx.house),
    ownerName: owner ? maskName(owner.name) : '',
    registeredName: owner?.name ?? '',
    created: r.created
  }
}

/** Reception checks in by the scanned QR code or the short code of digits the owner reads out. */
export async function staffCheckIn(
  db: Db,
  config: AppConfig,
  staff: StaffAuth,
  code: string,
  clientKey: string,
  idempotencyKey?: string
): Promise<StaffCheckinResponse> {
  const now = config.now()
  const typed = code.trim()
  const short = SHORT_CODE_RE.test(typed)
  const hit = await keyHit(db, staff, idempotencyKey, async (h) =>
    short ? (await repo.findCaseByShortCode(db, staff.communityId, h.date, typed)) === h.caseId : codeNames(config, typed, h.caseId, h.date)
  )
  if (hit) return checkInCase(db, staff, hit.caseId, now, short ? '数字签到码' : '签到二维码', null, hit)
  const key = idempotencyKey ?? null
  if (short) {
    // a short code can be guessed: the attempt counts before it is looked up (core/attempts.ts)
    const taken = await takeAttempt(
      db,
      [
        { key: `checkin-short-staff:${staff.userId}`, max: STAFF_GUESS_MAX_FAILURES },
        { key: `checkin-short-client:${clientKey}`, max: STAFF_GUESS_MAX_FAILURES }
      ],
      now
    )
    const caseId = await repo.findCaseByShortCode(db, staff.communityId, shanghaiDate(now), typed)
    if (!caseId) throw new ApiError(404, 'CHECKIN_SHORT_CODE_NOT_FOUND', '未找到该数字签到码，请核对业主签到页上的 6 位数字（仅当天有效）')
    await succeeded(db, taken)
    return checkInCase(db, staff, caseId, now, '数字签到码', key)
  }
  return checkInCase(db, staff, parseCode(config, typed, now), now, '签到二维码', key)
}

function idTailMatches(config: AppConfig, cipher: string, last4: string): boolean {
  try {
    return safeEqual(normalizeIdNumber(decrypt(config.keys.aes, cipher)).slice(-4), last4)
  } catch {
    // an unreadable record never matches; the number itself is never logged
    return false
  }
}

/** Reception checks in by the house label and the last 4 characters of the owner's ID number. */
export async function staffCheckInByHouse(
  db: Db,
  config: AppConfig,
  staff: StaffAuth,
  body: { house: string; idLast4: string; idempotencyKey?: string },
  clientKey: string
): Promise<StaffCheckinResponse> {
  const now = config.now()
  const label = body.house.replace(/\s+/g, '')
  const last4 = body.idLast4.toUpperCase()
  const hit = await keyHit(db, staff, body.idempotencyKey, async (h) => {
    if ((await repo.findHouseIdByLabel(db, staff.communityId, label)) !== h.houseId) return false
    return (await repo.ownersOfHouse(db, h.houseId)).some((o) => idTailMatches(config, o.idCipher, last4))
  })
  if (hit) return checkInCase(db, staff, hit.caseId, now, '房号+身份证后4位', null, hit)
  const staffLimits = [
    { key: `checkin-house-staff:${staff.userId}`, max: STAFF_GUESS_MAX_FAILURES },
    { key: `checkin-house-client:${clientKey}`, max: STAFF_GUESS_MAX_FAILURES }
  ]
  const houseId = await repo.findHouseIdByLabel(db, staff.communityId, label)
  if (houseId === null) {
    await takeAttempt(db, staffLimits, now)
    throw new ApiError(404, 'HOUSE_NOT_FOUND', '未找到该房屋，请按“1栋1单元101”的格式输入')
  }
  const taken = await takeAttempt(db, [...staffLimits, { key: `checkin-house:${houseId}`, max: HOUSE_GUESS_MAX_FAILURES, houseId }], now)
  const owners = await repo.ownersOfHouse(db, houseId)
  if (!owners.some((o) => idTailMatches(config, o.idCipher, last4))) {
    throw new ApiError(401, 'CHECKIN_ID_MISMATCH', '身份证后 4 位与该房屋备案业主不一致，请核对')
  }
  await succeeded(db, taken)
  const caseId = await repo.caseOfHouse(db, houseId)
  if (caseId === null) throw new ApiError(409, 'STAGE_LOCKED', '该房屋业主尚未完成身份核验和预约，请先在小程序中办理')
  return checkInCase(db, staff, caseId, now, '房号+身份证后4位', body.idempotencyKey ?? null)
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
    windowNo: r.windowNo,
    waitingMinutes,
    longWait: status === 'waiting' && waitingMinutes > LONG_WAIT_MINUTES,
    keysReady: false,
    keysReasons: [],
    keysHandedOver: false
  }
}

/**
 * The engine's keys guard of one board entry: 交钥匙 is offered only when it passes. `handed`
 * holds the day's cases whose keys are already handed over (one query for the board), so the
 * case's facts are loaded only for those still to be served — not for every finished entry of
 * a board several phones poll.
 */
async function withKeys(db: Db, c: BoardCheckin, handed: Set<number>, now: Date): Promise<BoardCheckin> {
  if (c.status === 'waiting') return { ...c, keysReasons: ['尚未叫号办理'] }
  if (handed.has(c.caseId)) return { ...c, keysHandedOver: true }
  const ctx = await loadContext(db, c.caseId)
  if (ctx.facts.keys.handedAt) return { ...c, keysHandedOver: true }
  const g = canEnter('keys', ctx.facts, ctx.policy, now)
  return { ...c, keysReady: g.ok, keysReasons: g.ok ? [] : g.reasons }
}

export async function board(db: Db, staff: StaffAuth, date: string | undefined, now: Date): Promise<Board> {
  const today = shanghaiDate(now)
  const day = date ?? today
  const { slots, reservations } = await repo.listDayReservations(db, staff.communityId, day)
  const rows = await repo.listDay(db, staff.communityId, day)
  const handed = await repo.casesWithKeysHanded(db, rows.filter((r) => repo.statusOf(r) !== 'waiting').map((r) => r.caseId))
  const checkins: BoardCheckin[] = []
  for (const c of rows) checkins.push(await withKeys(db, toBoardCheckin(c, now), handed, now))
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
    serviceMinutes: await serviceMinutes(db, staff.communityId, day),
    windows: await repo.receptionWindows(db, staff.communityId)
  }
}

/** Calls the lowest waiting number of today to `windowNo`; null when nobody is waiting. */
export async function callNext(db: Db, staff: StaffAuth, now: Date, windowNo = 1): Promise<BoardCheckin | null> {
  const today = shanghaiDate(now)
  const windows = await repo.receptionWindows(db, staff.communityId)
  if (windowNo > windows) throw new ApiError(400, 'VALIDATION_FAILED', `本小区只设 ${windows} 个窗口，请选择 1-${windows} 号窗口`)
  for (let round = 0; round < 20; round++) {
    const candidates = await repo.waitingCandidates(db, staff.communityId, today, 5)
    if (candidates.length === 0) return null
    for (const id of candidates) {
      if (await repo.markCalled(db, id, staff.userId, now.toISOString(), windowNo)) {
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

/** A house label for a public screen: the room's last two characters only, e.g. 1栋2单元**01. */
export function maskedHallLabel(h: { building: string; unit: string; room: string }): string {
  const keep = h.room.slice(-2)
  return houseLabel({ ...h, room: `${'*'.repeat(Math.max(h.room.length - keep.length, 2))}${keep}` })
}

const HALL_NEXT = 5

/** The hall TV (read only): who is being served at which window, the next five, today's progress. */
export async function hall(db: Db, staff: StaffAuth, now: Date): Promise<Hall> {
  const today = shanghaiDate(now)
  const rows = await repo.listHallDay(db, staff.communityId, today)
  const serving = rows.filter((r) => r.calledAt && !r.finishedAt)
  serving.sort((a, b) => (a.calledAt! < b.calledAt! ? 1 : a.calledAt! > b.calledAt! ? -1 : b.queueNo - a.queueNo))
  const waiting = rows.filter((r) => !r.calledAt)
  return {
    date: today,
    called: serving.map((r) => ({ queueNo: r.queueNo, houseLabel: maskedHallLabel(r), windowNo: r.windowNo ?? 1, calledAt: r.calledAt! })),
    next: waiting.slice(0, HALL_NEXT).map((r) => ({ queueNo: r.queueNo, houseLabel: maskedHallLabel(r) })),
    progress: { checkedIn: rows.length, done: rows.filter((r) => r.finishedAt).length, waiting: waiting.length }
  }
}

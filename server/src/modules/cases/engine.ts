/**
 * The move-in case engine: the stage graph of docs/domain.md as data, and the status of every
 * stage derived from the facts of one case. Pure: no I/O, the clock is passed in as `now`.
 *
 * Edge cases (each has a test in test/server/engine.test.ts):
 *  1. "Today" is the calendar date in Asia/Shanghai (UTC+8, no DST): 15:59Z is still the
 *     same day there, 16:00Z is already the next one.
 *  2. A reservation whose day has passed without a check-in puts `reserve` in attention:
 *     the owner has to book again.
 *  3. A delegate counts as verified only once the power of attorney is approved.
 *  4. A community with no required documents / no agreements: those stages are done as soon
 *     as the owner is verified (there is nothing to do).
 *  5. Fees are settled only when the server recorded `settledAt`; paid >= total without it
 *     is still "confirming".
 *  6. Keys: inspection passed, signed by the owner and no open defect; fees and agreements
 *     only when the community's policy says so (the policy is shown in the keys summary).
 *  7. A stage whose fact says it is done is done, even if a later fact makes its guard fail
 *     (history is not rewritten).
 */
import { STAGES, type Stage, type StageProgress, type StageStatus } from '../../../../types/progress'
import { STAGE_TITLES } from '../../../../types/stages'
import { yuan } from '../../lib/money'
import { HOUR, monthDay, shanghaiDate, shanghaiInstant, shanghaiMonthDayTime } from '../../lib/time'

export type { Stage, StageProgress, StageStatus }

export interface Policy {
  feesRequiredForKeys: boolean
  agreementsRequiredForKeys: boolean
  reservationCutoffHours: number
}

export type DocumentStatus = 'missing' | 'submitted' | 'approved' | 'rejected'

export interface DocumentFact {
  code: string
  title: string
  required: boolean
  status: DocumentStatus
  reason?: string | null
}

export interface ReservationFact {
  /** YYYY-MM-DD in Asia/Shanghai */
  date: string
  /** HH:MM */
  start: string
  /** HH:MM */
  end: string
}

export interface CaseFacts {
  verifiedAt: string | null // ISO
  role: 'owner' | 'delegate' | null
  delegateStatus: 'pending_review' | 'approved' | 'rejected' | null
  documents: DocumentFact[]
  reservation: ReservationFact | null
  agreements: { kind: string; title: string; signedAt: string | null }[]
  fees: { totalCents: number; paidCents: number; settledAt: string | null } | null // null = no bill yet
  checkin: { date: string; queueNo: number; at: string } | null
  inspection: {
    status: 'none' | 'in_progress' | 'defects_open' | 'passed'
    openDefects: number
    /** of openDefects: fixed by the contractor, waiting for the owner's 确认已整改 */
    awaitingOwner?: number
    ownerSignedAt: string | null
  }
  keys: { handedAt: string | null }
  done: { at: string | null }
  followup: { dueAt: string | null; doneAt: string | null }
}

export interface DerivedProgress {
  currentStage: Stage
  nextStep: string
  stages: StageProgress[]
}

/** The direct prerequisites of each stage (the graph's edges), for display and docs. */
export const STAGE_PREREQUISITES: Record<Stage, Stage[]> = {
  verify: [],
  documents: ['verify'],
  reserve: ['documents'],
  agreements: ['verify'],
  fees: ['verify'],
  checkin: ['reserve'],
  inspection: ['checkin'],
  keys: ['inspection'], // + fees / agreements when the policy says so
  done: ['keys'],
  followup: ['done']
}

/**
 * Legal status moves in general. A move to the same status is not a move. Leaving `done`
 * is further narrowed per stage by DONE_EXITS.
 */
export const ALLOWED_TRANSITIONS: Record<StageStatus, StageStatus[]> = {
  locked: ['available'],
  available: ['in_progress', 'attention', 'done', 'locked'],
  in_progress: ['attention', 'done', 'available', 'locked'],
  attention: ['in_progress', 'done', 'available'],
  done: ['attention', 'available']
}

/**
 * Where a completed stage may go again. Identity (a power of attorney withdrawn) and
 * documents (one revoked) reopen for the owner to act; a reservation expires (attention)
 * or is cancelled (available). Signatures, payments and physical acts are final.
 */
export const DONE_EXITS: Record<Stage, StageStatus[]> = {
  verify: ['attention'],
  documents: ['attention'],
  reserve: ['attention', 'available'],
  agreements: [],
  fees: [],
  checkin: [],
  inspection: [],
  keys: [],
  done: [],
  followup: []
}

export type EngineErrorCode = 'STAGE_LOCKED' | 'ILLEGAL_TRANSITION'

export class EngineError extends Error {
  readonly code: EngineErrorCode
  /** Chinese, ready to show */
  readonly reasons: string[]

  constructor(code: EngineErrorCode, reasons: string[]) {
    super(reasons.join('；'))
    this.name = 'EngineError'
    this.code = code
    this.reasons = reasons
  }
}

// ---------------------------------------------------------------------------------------
// Time texts (the clock and the Shanghai calendar are lib/time's)

function isoShanghaiMonthDay(iso: string): string {
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? iso : monthDay(shanghaiDate(at))
}

function slotText(r: ReservationFact): string {
  return `${monthDay(r.date)} ${r.start}-${r.end}`
}

/** The last instant a reservation may still be changed or cancelled (exclusive). */
export function reservationChangeDeadline(r: ReservationFact, policy: Policy): Date | null {
  const start = shanghaiInstant(r.date, r.start)
  if (!start) return null
  return new Date(start.getTime() - Math.max(0, policy.reservationCutoffHours) * HOUR)
}

/** Whether the owner may still reschedule or cancel the reservation at `now`. */
export function canChangeReservation(
  facts: CaseFacts,
  policy: Policy,
  now: Date
): { ok: true; deadline: Date } | { ok: false; reasons: string[] } {
  const r = facts.reservation
  if (!r) return { ok: false, reasons: ['尚未预约到场时间'] }
  if (facts.checkin) return { ok: false, reasons: ['已现场签到，无法改约'] }
  const deadline = reservationChangeDeadline(r, policy)
  if (!deadline) return { ok: false, reasons: ['预约时间无效，请联系物业服务中心'] }
  if (now.getTime() >= deadline.getTime()) {
    return {
      ok: false,
      reasons: [`已过改约截止时间（${shanghaiMonthDayTime(deadline)}），如需改约请联系物业服务中心`]
    }
  }
  return { ok: true, deadline }
}

// ---------------------------------------------------------------------------------------
// Facts → derived context

/** A stage summary's amount: "¥1,234.00", never negative. */
function yuanText(cents: number): string {
  return `¥${yuan(Math.max(0, Math.round(cents)))}`
}

function bookTitle(title: string): string {
  return title.startsWith('《') ? title : `《${title}》`
}

function listTitles(titles: string[], max = 3): string {
  if (titles.length <= max) return titles.join('、')
  return `${titles.slice(0, max).join('、')}等 ${titles.length} 项`
}

function latest(isos: (string | null)[]): string | undefined {
  let best: string | undefined
  let bestMs = -Infinity
  for (const iso of isos) {
    if (!iso) continue
    const ms = new Date(iso).getTime()
    if (!Number.isNaN(ms) && ms > bestMs) {
      bestMs = ms
      best = iso
    }
  }
  return best
}

interface Ctx {
  facts: CaseFacts
  policy: Policy
  now: Date
  today: string
  verified: boolean
  verifyReasons: string[]
  required: DocumentFact[]
  docsMissing: DocumentFact[]
  docsWaiting: DocumentFact[]
  docsRejected: DocumentFact[] // any document, required or not
  docsComplete: boolean
  unsignedAgreements: CaseFacts['agreements']
  agreementsComplete: boolean
  feesSettled: boolean
  inspectionSigned: boolean
}

function buildCtx(facts: CaseFacts, policy: Policy, now: Date): Ctx {
  const verifyReasons: string[] = []
  if (!facts.verifiedAt) verifyReasons.push('尚未核验业主身份')
  else if (facts.role === 'delegate') {
    if (facts.delegateStatus === null) verifyReasons.push('尚未上传授权委托书')
    else if (facts.delegateStatus === 'pending_review') verifyReasons.push('授权委托书审核中')
    else if (facts.delegateStatus === 'rejected') verifyReasons.push('授权委托书未通过审核，请重新上传')
  }
  const verified = verifyReasons.length === 0

  const required = facts.documents.filter((d) => d.required)
  const allRequiredApproved = required.every((d) => d.status === 'approved')
  const unsignedAgreements = facts.agreements.filter((a) => !a.signedAt)
  const { inspection } = facts

  return {
    facts,
    policy,
    now,
    today: shanghaiDate(now),
    verified,
    verifyReasons,
    required,
    docsMissing: required.filter((d) => d.status === 'missing'),
    docsWaiting: required.filter((d) => d.status === 'submitted'),
    docsRejected: facts.documents.filter((d) => d.status === 'rejected'),
    // Edge case 4: nothing required means nothing to wait for, once verified.
    docsComplete: allRequiredApproved && (required.length > 0 || verified),
    unsignedAgreements,
    agreementsComplete: unsignedAgreements.length === 0 && (facts.agreements.length > 0 || verified),
    feesSettled: facts.fees !== null && facts.fees.settledAt !== null,
    inspectionSigned:
      inspection.status === 'passed' && inspection.ownerSignedAt !== null && inspection.openDefects === 0
  }
}

function rejectedReason(d: DocumentFact): string {
  return d.reason ? `「${d.title}」未通过审核：${d.reason}` : `「${d.title}」未通过审核`
}

function documentReasons(ctx: Ctx): string[] {
  const reasons: string[] = []
  const titles = (ds: DocumentFact[]) => ds.map((d) => d.title).join('、')
  if (ctx.docsMissing.length) reasons.push(`待上传：${titles(ctx.docsMissing)}`)
  for (const d of ctx.docsRejected.filter((x) => x.required)) reasons.push(`${rejectedReason(d)}，请重新上传`)
  if (ctx.docsWaiting.length) reasons.push(`审核中：${titles(ctx.docsWaiting)}`)
  return reasons
}

function reservationReasons(ctx: Ctx): string[] {
  const r = ctx.facts.reservation
  if (!r) return ['尚未预约到场时间']
  if (r.date > ctx.today) return [`预约日期为 ${monthDay(r.date)}，当天到场后方可签到`]
  if (r.date < ctx.today) return [`预约日期 ${monthDay(r.date)} 已过，请重新预约`]
  return []
}

function keysReasons(ctx: Ctx): string[] {
  const { inspection, fees } = ctx.facts
  const reasons: string[] = []
  if (inspection.openDefects > 0) reasons.push(`验房尚有 ${inspection.openDefects} 处问题未整改`)
  else if (inspection.status !== 'passed') reasons.push('验房尚未通过')
  if (inspection.ownerSignedAt === null) reasons.push('业主尚未签署房屋交接单')
  if (ctx.policy.feesRequiredForKeys && !ctx.feesSettled) {
    if (!fees) reasons.push('入伙费用账单尚未生成')
    else reasons.push(`入伙费用尚未缴清（还需 ${yuanText(fees.totalCents - fees.paidCents)}）`)
  }
  if (ctx.policy.agreementsRequiredForKeys && ctx.unsignedAgreements.length) {
    reasons.push(`尚未签署：${ctx.unsignedAgreements.map((a) => bookTitle(a.title)).join('、')}`)
  }
  return reasons
}

/** Why `stage` cannot be entered; empty when its guard passes. */
function guardReasons(stage: Stage, ctx: Ctx): string[] {
  const f = ctx.facts
  switch (stage) {
    case 'verify':
      return [] // the house being open for move-in is checked at entry, before a case exists
    case 'documents':
    case 'agreements':
    case 'fees':
      return ctx.verifyReasons
    case 'reserve':
      return [...ctx.verifyReasons, ...documentReasons(ctx)]
    case 'checkin':
      return reservationReasons(ctx)
    case 'inspection':
      return f.checkin ? [] : ['尚未现场签到']
    case 'keys':
      return keysReasons(ctx)
    case 'done':
      return f.keys.handedAt ? [] : ['尚未交接钥匙']
    case 'followup':
      return f.done.at ? [] : ['尚未完成入伙']
  }
}

/** The keys policy in words, always visible in the keys summary. */
function keysPolicyText(policy: Policy): string {
  const needs = ['验房合格并签署交接单']
  const notNeeded: string[] = []
  ;(policy.feesRequiredForKeys ? needs : notNeeded).push(policy.feesRequiredForKeys ? '缴清入伙费用' : '缴费')
  ;(policy.agreementsRequiredForKeys ? needs : notNeeded).push(
    policy.agreementsRequiredForKeys ? '签署入伙协议' : '签署协议'
  )
  const text = `交钥匙条件：${needs.join('、')}`
  return notNeeded.length ? `${text}；${notNeeded.join('、')}不影响交钥匙` : text
}

// ---------------------------------------------------------------------------------------
// Per-stage status

type Derived = { status: StageStatus; summary: string; doneAt?: string }

function deriveStage(stage: Stage, ctx: Ctx): Derived {
  const f = ctx.facts
  const locked = (summary: string): Derived => ({ status: 'locked', summary })
  const guardOk = guardReasons(stage, ctx).length === 0

  switch (stage) {
    case 'verify': {
      if (ctx.verified) {
        return {
          status: 'done',
          summary: f.role === 'delegate' ? '已核验，委托书已审核通过' : '已核验业主身份',
          doneAt: f.verifiedAt ?? undefined
        }
      }
      if (!f.verifiedAt) return { status: 'available', summary: '凭业主姓名、身份证号后6位核验身份' }
      if (f.delegateStatus === 'rejected') return { status: 'attention', summary: '授权委托书未通过审核，请重新上传' }
      if (f.delegateStatus === null) return { status: 'in_progress', summary: '请上传业主签字的授权委托书' }
      return { status: 'in_progress', summary: '授权委托书审核中' }
    }

    case 'documents': {
      if (ctx.docsComplete) {
        return {
          status: 'done',
          summary: ctx.required.length ? `${ctx.required.length} 项必交资料已审核通过` : '本小区无需提交资料'
        }
      }
      if (!guardOk) return locked('核验身份后可上传入伙资料')
      const firstRejected = ctx.docsRejected[0]
      if (firstRejected) {
        const more = ctx.docsRejected.length > 1 ? `（共 ${ctx.docsRejected.length} 项未通过）` : ''
        return { status: 'attention', summary: `${rejectedReason(firstRejected)}，请重新上传${more}` }
      }
      const started = f.documents.some((d) => d.status !== 'missing')
      if (!started) {
        return { status: 'available', summary: `请上传：${listTitles(ctx.required.map((d) => d.title))}` }
      }
      const parts: string[] = []
      if (ctx.docsMissing.length) parts.push(`待上传：${listTitles(ctx.docsMissing.map((d) => d.title))}`)
      if (ctx.docsWaiting.length) parts.push(`${ctx.docsWaiting.length} 项审核中，预计24小时内完成`)
      return { status: 'in_progress', summary: parts.join('；') }
    }

    case 'reserve': {
      const r = f.reservation
      if (f.checkin) return { status: 'done', summary: r ? `已预约 ${slotText(r)}` : '已到场签到' }
      if (r) {
        if (r.date < ctx.today) {
          return { status: 'attention', summary: `预约的 ${slotText(r)} 已过，请重新预约` }
        }
        const change = canChangeReservation(f, ctx.policy, ctx.now)
        const tail = change.ok
          ? `，${shanghaiMonthDayTime(change.deadline)} 前可改约或取消`
          : '，已过改约截止时间'
        return { status: 'done', summary: `已预约 ${slotText(r)}${tail}` }
      }
      if (!guardOk) return locked('资料全部审核通过后可预约')
      return {
        status: 'available',
        summary: `请选择到场办理时间，到场前 ${ctx.policy.reservationCutoffHours} 小时可改约或取消`
      }
    }

    case 'agreements': {
      if (ctx.agreementsComplete) {
        return {
          status: 'done',
          summary: f.agreements.length ? `已签署 ${f.agreements.length} 份协议` : '本小区无需签署协议',
          doneAt: latest(f.agreements.map((a) => a.signedAt))
        }
      }
      if (!guardOk) return locked('核验身份后可签署协议')
      const pending = ctx.unsignedAgreements.map((a) => bookTitle(a.title)).join('、')
      const signed = f.agreements.length - ctx.unsignedAgreements.length
      if (signed > 0) {
        return { status: 'in_progress', summary: `已签署 ${signed}/${f.agreements.length} 份，待签：${pending}` }
      }
      return { status: 'available', summary: `请阅读并签署：${pending}` }
    }

    case 'fees': {
      const fees = f.fees
      if (fees && fees.settledAt) {
        return { status: 'done', summary: `已缴清 ${yuanText(fees.totalCents)}`, doneAt: fees.settledAt }
      }
      if (!guardOk) return locked('核验身份后可查看入伙费用')
      if (!fees) return { status: 'available', summary: '物业尚未公布入伙费用，公布后可在线缴纳或到场缴纳' }
      if (fees.paidCents >= fees.totalCents) {
        return { status: 'in_progress', summary: `已缴 ${yuanText(fees.paidCents)}，缴费确认中` }
      }
      if (fees.paidCents > 0) {
        return {
          status: 'in_progress',
          summary: `已缴 ${yuanText(fees.paidCents)}，还需 ${yuanText(fees.totalCents - fees.paidCents)}`
        }
      }
      return { status: 'available', summary: `应缴 ${yuanText(fees.totalCents)}，可在线支付或到场缴纳` }
    }

    case 'checkin': {
      if (f.checkin) return { status: 'done', summary: `已签到，排队号 ${f.checkin.queueNo}`, doneAt: f.checkin.at }
      if (!guardOk) {
        const r = f.reservation
        return locked(r && r.date > ctx.today ? `请于 ${slotText(r)} 到场签到` : '预约当天到场后签到取号')
      }
      const r = f.reservation as ReservationFact
      return { status: 'available', summary: `今天 ${r.start}-${r.end}，到达物业服务中心后签到取号` }
    }

    case 'inspection': {
      const ins = f.inspection
      if (ctx.inspectionSigned) {
        return { status: 'done', summary: '验房通过，已签署房屋交接单', doneAt: ins.ownerSignedAt ?? undefined }
      }
      if (!guardOk) return locked('签到后由工作人员陪同验房')
      const toConfirm = ins.awaitingOwner ?? 0
      const unfixed = ins.openDefects - toConfirm
      // the next step follows the real state: fixes to confirm, fixes under way, or a re-inspection
      if (ins.openDefects > 0 && unfixed === 0 && ins.status === 'passed') {
        return { status: 'attention', summary: `复验已通过，请确认 ${toConfirm} 项整改，然后签署房屋交接单` }
      }
      if (ins.openDefects > 0 && unfixed === 0) {
        return { status: 'attention', summary: `请确认 ${toConfirm} 项整改，复验通过后签署房屋交接单` }
      }
      if (ins.openDefects > 0) {
        return {
          status: 'attention',
          summary: toConfirm > 0
            ? `请确认 ${toConfirm} 项已完成的整改；另有 ${unfixed} 处问题整改中`
            : `验房发现 ${ins.openDefects} 处问题，请确认问题清单，整改后安排复验`
        }
      }
      if (ins.status === 'passed') return { status: 'attention', summary: '验房通过，请签署房屋交接单' }
      if (ins.status === 'defects_open') return { status: 'in_progress', summary: '问题已整改，等待复验' }
      if (ins.status === 'in_progress') return { status: 'in_progress', summary: '验房进行中' }
      return { status: 'available', summary: '请等待工作人员陪同验房' }
    }

    case 'keys': {
      const policyText = keysPolicyText(ctx.policy)
      if (f.keys.handedAt) return { status: 'done', summary: `钥匙已交接。${policyText}`, doneAt: f.keys.handedAt }
      if (!guardOk) return locked(policyText)
      return { status: 'available', summary: `可以领取钥匙。${policyText}` }
    }

    case 'done': {
      if (f.done.at) return { status: 'done', summary: '入伙手续已办结', doneAt: f.done.at }
      if (!guardOk) return locked('交钥匙后完成入伙')
      return { status: 'available', summary: '钥匙已交接，正在办结入伙手续' }
    }

    case 'followup': {
      const fu = f.followup
      if (fu.doneAt) return { status: 'done', summary: '已完成回访', doneAt: fu.doneAt }
      if (!guardOk) return locked('入伙后7天内回访')
      return {
        status: 'available',
        summary: fu.dueAt ? `物业将于 ${isoShanghaiMonthDay(fu.dueAt)} 前回访` : '物业将在7天内回访'
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// Current stage and the next step

function pickCurrent(ctx: Ctx, byStage: Map<Stage, StageProgress>): Stage {
  // The owner's own action comes first.
  for (const s of STAGES) if (byStage.get(s)!.status === 'attention') return s

  // On the day (reservation today, or already checked in) the on-site flow leads; fees and
  // agreements only matter there when the keys policy requires them.
  const f = ctx.facts
  const onSite = f.checkin !== null || (f.reservation !== null && f.reservation.date === ctx.today)
  let order: readonly Stage[] = STAGES
  if (onSite) {
    const beforeKeys: Stage[] = []
    if (ctx.policy.agreementsRequiredForKeys) beforeKeys.push('agreements')
    if (ctx.policy.feesRequiredForKeys) beforeKeys.push('fees')
    const head: Stage[] = ['verify', 'documents', 'reserve', 'checkin', 'inspection', ...beforeKeys, 'keys', 'done', 'followup']
    order = [...head, ...STAGES.filter((s) => !head.includes(s))]
  }
  for (const s of order) if (byStage.get(s)!.status !== 'done') return s
  return 'followup'
}

const BRING = '携带身份证、购房合同原件'

function nextStepFor(stage: Stage, p: StageProgress, ctx: Ctx): string {
  const f = ctx.facts
  const allDone = `入伙已完成，欢迎回家！`
  switch (stage) {
    case 'verify':
      if (p.status === 'available') return '请先核验业主身份，开始办理入伙'
      if (p.status === 'attention') return '授权委托书未通过审核，请重新上传业主签字的委托书'
      if (f.delegateStatus === null) return '请上传业主签字的授权委托书'
      return '授权委托书审核中，审核通过后即可继续办理'
    case 'documents': {
      if (p.status === 'attention') return p.summary
      if (p.status === 'available') {
        return `请上传${ctx.required.slice(0, 2).map((d) => d.title).join('、')}等入伙资料`
      }
      if (ctx.docsMissing.length) return `请继续上传：${listTitles(ctx.docsMissing.map((d) => d.title))}`
      const sideline = [
        deriveStage('agreements', ctx).status !== 'done' ? '签署协议' : null,
        deriveStage('fees', ctx).status !== 'done' && f.fees ? '缴纳费用' : null
      ].filter(Boolean)
      return sideline.length
        ? `资料审核中，预计24小时内完成，期间可先${sideline.join('、')}`
        : '资料审核中，预计24小时内完成'
    }
    case 'reserve':
      if (p.status === 'attention') return `${p.summary}到场办理时间`
      return '请预约到场办理时间'
    case 'agreements':
      return `请阅读并签署${ctx.unsignedAgreements.map((a) => bookTitle(a.title)).join('、')}`
    case 'fees': {
      const fees = f.fees
      if (!fees) return '物业尚未公布入伙费用，公布后即可缴纳'
      const owed = yuanText(fees.totalCents - fees.paidCents)
      if (fees.paidCents >= fees.totalCents) return '缴费确认中，请稍候'
      const lead = ctx.policy.feesRequiredForKeys ? '交钥匙前请缴清' : '请缴纳'
      return `${lead}入伙费用 ${owed}，可在线支付或到场缴纳`
    }
    case 'checkin': {
      const r = f.reservation
      if (p.status === 'available' && r) return `今天 ${r.start}-${r.end} 请到物业服务中心签到取号，${BRING}`
      if (r && r.date > ctx.today) return `请于 ${slotText(r)} 到物业服务中心办理，${BRING}`
      return '请预约到场办理时间'
    }
    case 'inspection':
      if (p.status === 'available') return `已签到（排队号 ${f.checkin?.queueNo ?? '-'}），请等待工作人员陪同验房`
      if (p.status === 'in_progress') return p.summary === '验房进行中' ? '验房进行中，请随工作人员逐项查看' : '问题已整改，等待复验'
      return p.summary
    case 'keys':
      if (p.status === 'available') return '请到钥匙交接处领取钥匙，核对房号与钥匙数量'
      return `交钥匙前还需：${p.blockers.join('；')}`
    case 'done':
      return '钥匙已交接，正在办结入伙手续'
    case 'followup':
      if (p.status === 'done') return `${allDone}如需报修或咨询，请联系物业服务中心`
      return `${allDone}${p.summary}`
  }
}

/** The progress of one case at `now`: every stage's status, the current stage and one next step. */
export function deriveProgress(facts: CaseFacts, policy: Policy, now: Date): DerivedProgress {
  const ctx = buildCtx(facts, policy, now)
  const stages: StageProgress[] = STAGES.map((stage) => {
    const d = deriveStage(stage, ctx)
    const p: StageProgress = {
      stage,
      title: STAGE_TITLES[stage],
      status: d.status,
      summary: d.summary,
      blockers: d.status === 'locked' ? guardReasons(stage, ctx) : []
    }
    if (d.status === 'done' && d.doneAt) p.doneAt = d.doneAt
    return p
  })
  const byStage = new Map(stages.map((p) => [p.stage, p]))
  const currentStage = pickCurrent(ctx, byStage)
  return { currentStage, nextStep: nextStepFor(currentStage, byStage.get(currentStage)!, ctx), stages }
}

/** The guard of `stage`: whether the server may let the case enter it now. */
export function canEnter(
  stage: Stage,
  facts: CaseFacts,
  policy: Policy,
  now: Date
): { ok: true } | { ok: false; reasons: string[] } {
  const reasons = guardReasons(stage, buildCtx(facts, policy, now))
  return reasons.length ? { ok: false, reasons } : { ok: true }
}

/** Like canEnter, but throws EngineError('STAGE_LOCKED') with the reasons. */
export function assertCanEnter(stage: Stage, facts: CaseFacts, policy: Policy, now: Date): void {
  const r = canEnter(stage, facts, policy, now)
  if (!r.ok) throw new EngineError('STAGE_LOCKED', r.reasons)
}

const STATUS_TEXT: Record<StageStatus, string> = {
  locked: '未开始',
  available: '可办理',
  in_progress: '办理中',
  attention: '待处理',
  done: '已完成'
}

/** Throws EngineError('ILLEGAL_TRANSITION') unless `from → to` is a legal move for `stage`. */
export function assertTransition(stage: Stage, from: StageStatus, to: StageStatus): void {
  const title = STAGE_TITLES[stage]
  if (!title) throw new EngineError('ILLEGAL_TRANSITION', [`未知的办理环节：${String(stage)}`])
  if (from === 'done' && !DONE_EXITS[stage].includes(to)) {
    throw new EngineError('ILLEGAL_TRANSITION', [`「${title}」已完成，不能更改`])
  }
  const allowed = ALLOWED_TRANSITIONS[from]
  if (!allowed || !allowed.includes(to)) {
    throw new EngineError('ILLEGAL_TRANSITION', [`「${title}」不能从「${STATUS_TEXT[from] ?? from}」变为「${STATUS_TEXT[to] ?? to}」`])
  }
}

export interface StageChange {
  stage: Stage
  from: StageStatus
  to: StageStatus
}

/**
 * The status changes between two derivations of the same case, as legal single steps
 * (for the case's event log). One write can move a stage across two statuses at once,
 * e.g. keys handed and the case closed together take `done` from locked straight to done:
 * that is reported as locked → available → done. Throws ILLEGAL_TRANSITION when no legal
 * path exists (e.g. keys going from done back to locked).
 */
export function progressChanges(before: StageProgress[], after: StageProgress[]): StageChange[] {
  const prev = new Map(before.map((p) => [p.stage, p.status]))
  const changes: StageChange[] = []
  for (const p of after) {
    const from = prev.get(p.stage)
    if (!from || from === p.status) continue
    if (isLegal(p.stage, from, p.status)) {
      changes.push({ stage: p.stage, from, to: p.status })
      continue
    }
    const via = ALLOWED_TRANSITIONS[from].find((mid) => isLegal(p.stage, from, mid) && isLegal(p.stage, mid, p.status))
    if (!via) assertTransition(p.stage, from, p.status) // throws with the reason
    changes.push({ stage: p.stage, from, to: via! }, { stage: p.stage, from: via!, to: p.status })
  }
  return changes
}

function isLegal(stage: Stage, from: StageStatus, to: StageStatus): boolean {
  try {
    assertTransition(stage, from, to)
    return true
  } catch {
    return false
  }
}

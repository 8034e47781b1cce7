/*
 * The manager's dashboard (经理看板) over one community, with the batch / building filter.
 * A read-only reporting layer above the feature modules: it reads their tables and reuses
 * their rules (the engine's titles, the stored-stage "current stage" rule, the survey's item
 * statistics), and writes nothing.
 *
 * One function, computeDashboard, builds the JSON, the drill-down lists and the export's
 * rows together: every count is the size of a set of houses kept under its drill key, so a
 * drill-down list holds exactly the houses counted, and the Excel file the same numbers.
 *
 * Definitions (also in `notes`, in Chinese):
 *  1. Funnel: `done` = houses whose stored stage status (case_stages, kept by syncStages in
 *     the transaction of every fact) is done; `inProgress` = houses whose current stage, by
 *     the engine's rule over the stored statuses, is this stage and not done. Houses with no
 *     case are at verify. A house with every stage done is in no inProgress.
 *  2. Batch plan vs actual: the window is the batches table's starts_on / ends_on, else the
 *     batch's first / last slot date; due = the batch's houses once the window has started
 *     (Shanghai date); handed over = houses with a key handover; 收楼率 = handed over / due.
 *  3. Stage time: from the stage's first event out of `locked` (or the case's creation when
 *     the stage was open from the start) to its first event into `done`; an owner's own
 *     verification is done as the case is created (0 h), a delegate's when the power of
 *     attorney is approved. Journey: verified_at → done_at. Median and p90 with linear
 *     interpolation, in hours. The stored statuses do not see what time alone changes (a
 *     reservation day passing without a check-in) until the case's next write.
 *  4. SLA breaches now: documents submitted ≥ 24 h ago and not reviewed (审核, as the review
 *     queue flags them); today's check-ins not called after more than 30 whole minutes (接待,
 *     as the day board flags them); open follow-up tasks past their due time
 *     (the task's role); repair orders not fixed after their due date (验房, the inspector of
 *     the round that found the defect).
 *  5. Defects per 100 houses: defects / houses with an inspection round × 100.
 *  6. Repairs: done = fixed (fixed_at); on time = fixed on or before the due date (Shanghai);
 *     open and overdue = not fixed and the due date before today.
 *  7. First-time pass: houses whose first round is completed; passed = that round found no
 *     defect.
 */
import type { Executor } from '../../db/database'
import { ApiError } from '../../errors'
import type {
  Dashboard,
  DashboardBatch,
  DashboardDefectCell,
  DashboardDuration,
  DashboardHouse,
  DashboardQuery,
  DashboardSla,
  DashboardSlaItem,
  DashboardStageTimes,
  DashboardTheme,
  SlaKind
} from '../../../../types/dashboard'
import { STAGES, type Stage } from '../../../../types/progress'
import { DEFECT_CATEGORIES } from '../../../../types/inspections'
import { contractorStats } from '../../../../types/contractors'
import { CSI_BENCHMARK } from '../../../../types/survey'
import { REVIEW_TARGET_HOURS } from '../../../../types/documents'
import { shanghaiDate, shanghaiInstant } from '../../lib/time'
import { STAGE_TITLES } from '../../../../types/stages'
import { currentStageFromStored } from '../staff/stage-index'
import { houseLabel } from '../../core/houses'
import { itemStats } from '../survey/service'
import { round2 } from '../survey/csi'
import { listItems } from '../survey/repository'
import { LONG_WAIT_MINUTES } from '../checkin/service'
import * as repo from './repository'
import { THEME_METHOD, THEMES, themeOf } from './themes'

const HOUR_MS = 3_600_000
/** 1栋1单元101 before 1栋1单元1001 (one collator: localeCompare with a locale builds one per call) */
export const byLabel = new Intl.Collator('zh-Hans-CN', { numeric: true })
const SLA_ITEMS_MAX = 50
const THEME_ANSWERS_MAX = 20

export interface DashboardStaff {
  communityId: number
}

/** One row of the export's 每户 sheet. */
export interface HouseExportRow {
  houseId: number
  label: string
  batch: string
  owner: string | null
  stage: Stage
  verifiedAt: string | null
  reservedFor: string | null
  checkedInAt: string | null
  inspectedAt: string | null
  keysAt: string | null
}

export interface DashboardResult {
  dashboard: Dashboard
  /** drill key → houseId → since */
  drills: Map<string, Map<number, string | null>>
  houses: Map<number, { label: string; batch: string; stage: Stage }>
  exportRows: HouseExportRow[]
  /** every SLA breach (the JSON keeps the oldest 50 per kind) */
  slaItems: Map<SlaKind, DashboardSlaItem[]>
}

/** Linear-interpolation percentile of sorted values (p in 0..1). */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null
  const pos = (sorted.length - 1) * p
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}

const rate = (num: number, den: number) => (den > 0 ? Math.round((num / den) * 10000) / 10000 : null)
const minIso = (a: string | null | undefined, b: string | null | undefined) => (!a ? b ?? null : !b ? a : a < b ? a : b)

export async function computeDashboard(db: Executor, staff: DashboardStaff, q: Pick<DashboardQuery, 'batch' | 'building'>, now: Date): Promise<DashboardResult> {
  const communityId = staff.communityId
  const community = await repo.community(db, communityId)
  const buildingList = await repo.buildings(db, communityId)
  if (q.building !== undefined && !buildingList.some((b) => b.id === q.building)) {
    throw new ApiError(404, 'NOT_FOUND', '未找到该楼栋')
  }
  const batchInfo = await repo.batches(db, communityId)
  const scope: repo.Scope = { communityId, batch: q.batch ?? null, building: q.building ?? null }
  const today = shanghaiDate(now)
  const nowIso = now.toISOString()
  const dayStart = shanghaiInstant(today, '00:00')!.toISOString()
  const isToday = (iso: string | null | undefined) => !!iso && iso >= dayStart && shanghaiDate(new Date(iso)) === today

  const [houseRows, stageRows, spans, reservations, checkins, rounds, defectCounts, repairs, handovers, reviews, followups, responses, surveyItems] =
    await Promise.all([
      repo.houses(db, scope),
      repo.stageRows(db, scope),
      repo.stageSpans(db, scope),
      repo.reservations(db, scope),
      repo.checkins(db, scope, today),
      repo.inspectionRounds(db, scope),
      repo.defectCounts(db, scope),
      repo.repairs(db, scope),
      repo.handovers(db, scope),
      repo.lateReviews(db, scope, new Date(now.getTime() - REVIEW_TARGET_HOURS * HOUR_MS).toISOString()),
      repo.lateFollowups(db, scope, nowIso),
      repo.surveyResponses(db, scope),
      listItems(db, communityId)
    ])
  const contractorRows = await repo.contractorRepairs(db, scope)

  // ------------------------------------------------------------------ drill sets
  const drills = new Map<string, Map<number, string | null>>()
  const set = (key: string) => {
    let m = drills.get(key)
    if (!m) drills.set(key, (m = new Map()))
    return m
  }
  const add = (key: string, houseId: number, since: string | null) => {
    const m = set(key)
    m.set(houseId, m.has(houseId) ? minIso(m.get(houseId), since) : since)
  }
  const size = (key: string) => set(key).size

  // ------------------------------------------------------------------ houses and current stages
  const byCase = new Map<number, repo.HouseFact>()
  for (const h of houseRows) if (h.caseId !== null) byCase.set(h.caseId, h)
  const stagesByCase = new Map(stageRows.map((r) => [r.caseId, r]))
  const reservationByCase = new Map(reservations.map((r) => [r.caseId, r]))
  const checkinByCase = new Map(checkins.map((c) => [c.caseId, c]))
  const onSite = (caseId: number) => checkinByCase.has(caseId) || reservationByCase.get(caseId)?.date === today

  // when each stage of a case was first done / last changed (events); a stage set at the case's
  // creation has no event: its time is the case's creation
  const spanOf = new Map<number, Map<Stage, (typeof spans)[number]>>()
  for (const sp of spans) {
    let m = spanOf.get(sp.caseId)
    if (!m) spanOf.set(sp.caseId, (m = new Map()))
    m.set(sp.stage, sp)
  }
  const houses = new Map<number, { label: string; batch: string; stage: Stage }>()
  const houseOf = (caseId: number) => byCase.get(caseId)
  const noStatuses = new Map<string, string>()
  const doneSets = new Map(STAGES.map((s) => [s, set(`funnel:${s}:done`)]))
  const atSets = new Map(STAGES.map((s) => [s, set(`funnel:${s}:inProgress`)]))
  const allHouses = set('houses')
  for (const h of houseRows) {
    const st = h.caseId !== null ? stagesByCase.get(h.caseId) : undefined
    const statuses = (st?.status ?? noStatuses) as Map<string, string>
    const stage = currentStageFromStored(statuses, h.caseId !== null && onSite(h.caseId), community)
    houses.set(h.houseId, { label: houseLabel(h), batch: h.batch, stage })
    allHouses.set(h.houseId, null)
    const sp = h.caseId !== null ? spanOf.get(h.caseId) : undefined
    if (st) for (const [s, status] of st.status) if (status === 'done') doneSets.get(s)?.set(h.houseId, sp?.get(s)?.doneAt ?? h.caseCreatedAt)
    if (statuses.get(stage) !== 'done') atSets.get(stage)!.set(h.houseId, sp?.get(stage)?.lastAt ?? h.caseCreatedAt)
  }
  const funnel = STAGES.map((stage) => ({
    stage,
    title: STAGE_TITLES[stage],
    done: size(`funnel:${stage}:done`),
    inProgress: size(`funnel:${stage}:inProgress`),
    drill: { done: `funnel:${stage}:done`, inProgress: `funnel:${stage}:inProgress` }
  }))

  // ------------------------------------------------------------------ batches: plan vs actual
  const handedByCase = new Map(handovers.map((k) => [k.caseId, k.handedAt]))
  const responseByCase = new Map(responses.map((r) => [r.caseId, r]))
  const slotRange = new Map(batchInfo.slots.map((s) => [s.batch, s]))
  const batchCodes = [...batchInfo.table.map((b) => b.code), ...batchInfo.codes.filter((c) => !batchInfo.table.some((b) => b.code === c))]
  const batchRows: DashboardBatch[] = []
  for (const code of batchCodes) {
    if (scope.batch !== null && code !== scope.batch) continue
    const t = batchInfo.table.find((b) => b.code === code)
    const startsOn = t?.starts_on ?? slotRange.get(code)?.first ?? null
    const endsOn = t?.ends_on ?? slotRange.get(code)?.last ?? null
    const started = startsOn !== null && startsOn <= today
    const dueSince = startsOn ? shanghaiInstant(startsOn, '00:00')?.toISOString() ?? null : null
    const k = (f: string) => `batch:${code}:${f}`
    set(k('houses'))
    set(k('due'))
    set(k('handedOver'))
    set(k('responses'))
    let csiSum = 0
    for (const h of houseRows) {
      if (h.batch !== code) continue
      add(k('houses'), h.houseId, null)
      if (started) add(k('due'), h.houseId, dueSince)
      const handed = h.caseId !== null ? handedByCase.get(h.caseId) : undefined
      if (handed) add(k('handedOver'), h.houseId, handed)
      const resp = h.caseId !== null ? responseByCase.get(h.caseId) : undefined
      if (resp) {
        add(k('responses'), h.houseId, resp.submittedAt)
        csiSum += resp.csi
      }
    }
    const nResp = size(k('responses'))
    batchRows.push({
      code,
      title: t?.title ?? code,
      startsOn,
      endsOn,
      houses: size(k('houses')),
      due: size(k('due')),
      handedOver: size(k('handedOver')),
      handoverRate: rate(size(k('handedOver')), size(k('due'))),
      responses: nResp,
      csi: nResp ? round2(csiSum / nResp) : null,
      drill: { houses: k('houses'), due: k('due'), handedOver: k('handedOver'), responses: k('responses') }
    })
  }

  // ------------------------------------------------------------------ today
  set('today:checkedIn')
  set('today:inspected')
  set('today:keysHanded')
  for (const c of checkins) {
    const h = houseOf(c.caseId)
    if (h && c.todayAt) add('today:checkedIn', h.houseId, c.todayAt)
  }
  for (const r of rounds) {
    const h = houseOf(r.caseId)
    if (h && r.completed && isToday(r.completedAt)) add('today:inspected', h.houseId, r.completedAt)
  }
  for (const k of handovers) {
    const h = houseOf(k.caseId)
    if (h && isToday(k.handedAt)) add('today:keysHanded', h.houseId, k.handedAt)
  }

  // ------------------------------------------------------------------ stage times
  const samples = new Map<string, { houseId: number; hours: number; since: string }[]>()
  const sample = (key: string, houseId: number, hours: number, since: string) => {
    let a = samples.get(key)
    if (!a) samples.set(key, (a = []))
    a.push({ houseId, hours, since })
  }
  for (const sp of spans) {
    const h = houseOf(sp.caseId)
    if (!h || !sp.doneAt) continue
    const start = sp.openedAt ?? h.caseCreatedAt
    if (!start || sp.doneAt < start) continue
    const hours = (Date.parse(sp.doneAt) - Date.parse(start)) / HOUR_MS
    sample(`stageTime:*:${sp.stage}`, h.houseId, hours, sp.doneAt)
    sample(`stageTime:${h.batch}:${sp.stage}`, h.houseId, hours, sp.doneAt)
  }
  for (const h of houseRows) {
    if (!h.verifiedAt || !h.doneAt) continue
    const hours = (Date.parse(h.doneAt) - Date.parse(h.verifiedAt)) / HOUR_MS
    sample('journey:*', h.houseId, hours, h.doneAt)
    sample(`journey:${h.batch}`, h.houseId, hours, h.doneAt)
  }
  const duration = (key: string): DashboardDuration => {
    const list = samples.get(key) ?? []
    set(key)
    for (const s of list) add(key, s.houseId, s.since)
    const sorted = list.map((s) => s.hours).sort((a, b) => a - b)
    const med = percentile(sorted, 0.5)
    const p90 = percentile(sorted, 0.9)
    return { count: list.length, medianHours: med === null ? null : round2(med), p90Hours: p90 === null ? null : round2(p90), drill: { count: key } }
  }
  const stageTimes: DashboardStageTimes[] = [null, ...batchRows.map((b) => b.code)].map((batch) => ({
    batch,
    title: batch === null ? '全部批次' : batchRows.find((b) => b.code === batch)!.title,
    stages: STAGES.map((stage) => ({ stage, title: STAGE_TITLES[stage], ...duration(`stageTime:${batch ?? '*'}:${stage}`) })),
    journey: duration(`journey:${batch ?? '*'}`)
  }))

  // ------------------------------------------------------------------ SLA breaches
  const slaItems = new Map<SlaKind, DashboardSlaItem[]>()
  const pushSla = (kind: SlaKind, caseId: number, item: Omit<DashboardSlaItem, 'houseId' | 'label'>) => {
    const h = houseOf(caseId)
    if (!h) return
    let a = slaItems.get(kind)
    if (!a) slaItems.set(kind, (a = []))
    a.push({ houseId: h.houseId, label: houseLabel(h), ...item })
    add(`sla:${kind}`, h.houseId, item.since)
  }
  for (const r of reviews) {
    pushSla('review', r.caseId, { subject: r.subject, since: r.since, dueAt: new Date(Date.parse(r.since) + REVIEW_TARGET_HOURS * HOUR_MS).toISOString(), role: 'reviewer', staff: null })
  }
  // the day board's rule: whole minutes waited > LONG_WAIT_MINUTES, i.e. at least 31 minutes
  const waitedSince = new Date(now.getTime() - (LONG_WAIT_MINUTES + 1) * 60_000).toISOString()
  for (const c of checkins) {
    if (!c.waitingSince || c.waitingSince > waitedSince) continue
    pushSla('checkinWait', c.caseId, {
      subject: `排队号 ${c.queueNo}`,
      since: c.waitingSince,
      dueAt: new Date(Date.parse(c.waitingSince) + LONG_WAIT_MINUTES * 60_000).toISOString(),
      role: 'reception',
      staff: null
    })
  }
  for (const f of followups) {
    pushSla('followup', f.caseId, { subject: f.reason || (f.kind === 'first_visit' ? '入伙后首次回访' : f.kind), since: f.createdAt, dueAt: f.dueAt, role: f.role, staff: null })
  }
  const repairOverdue = (r: (typeof repairs)[number]) => !r.fixedAt && r.dueDate !== null && r.dueDate < today
  for (const r of repairs) {
    if (!repairOverdue(r)) continue
    pushSla('repair', r.caseId, {
      subject: `${r.room} ${r.category}${r.description ? `：${r.description}` : ''}`,
      since: r.createdAt,
      dueAt: shanghaiInstant(r.dueDate!, '23:59')!.toISOString(),
      role: 'inspector',
      staff: r.inspector
    })
  }
  const SLA_META: Record<SlaKind, { title: string; role: string }> = {
    review: { title: `资料审核超过${REVIEW_TARGET_HOURS}小时`, role: 'reviewer' },
    checkinWait: { title: `现场等候超过${LONG_WAIT_MINUTES}分钟`, role: 'reception' },
    followup: { title: '回访任务逾期', role: 'reception' },
    repair: { title: '整改逾期', role: 'inspector' }
  }
  const sla: DashboardSla[] = (['review', 'checkinWait', 'followup', 'repair'] as SlaKind[]).map((kind) => {
    const items = (slaItems.get(kind) ?? []).sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.houseId - b.houseId))
    slaItems.set(kind, items)
    set(`sla:${kind}`)
    return {
      kind,
      title: SLA_META[kind].title,
      role: SLA_META[kind].role,
      count: items.length,
      houses: size(`sla:${kind}`),
      items: items.slice(0, SLA_ITEMS_MAX),
      drill: { count: `sla:${kind}`, houses: `sla:${kind}` }
    }
  })

  // ------------------------------------------------------------------ defects, repairs, first pass
  const inspectedHouses = new Map<number, Set<number>>() // buildingId → houses with a round
  const firstRound = new Map<number, (typeof rounds)[number]>()
  for (const r of rounds) {
    const h = houseOf(r.caseId)
    if (!h) continue
    let s = inspectedHouses.get(h.buildingId)
    if (!s) inspectedHouses.set(h.buildingId, (s = new Set()))
    s.add(h.houseId)
    if (r.round === 1) firstRound.set(r.caseId, r)
  }
  const categories = [...DEFECT_CATEGORIES] as string[]
  for (const d of defectCounts) if (!categories.includes(d.category)) categories.push(d.category)
  const scopeBuildings = buildingList.filter((b) => scope.building === null || b.id === scope.building)
  const defectTotals = new Map<string, number>()
  const cellKey = (cat: string, b: number | '*') => `defects:${cat}:${b}`
  set('defects:*')
  for (const d of defectCounts) {
    const h = houseOf(d.caseId)
    if (!h) continue
    for (const key of [cellKey(d.category, h.buildingId), cellKey(d.category, '*')]) {
      defectTotals.set(key, (defectTotals.get(key) ?? 0) + d.count)
      add(key, h.houseId, d.firstAt)
    }
    defectTotals.set('defects:*', (defectTotals.get('defects:*') ?? 0) + d.count)
    add('defects:*', h.houseId, d.firstAt)
  }
  const inspectedIn = (b: number | '*') =>
    b === '*' ? [...inspectedHouses.values()].reduce((a, s) => a + s.size, 0) : inspectedHouses.get(b)?.size ?? 0
  const per100 = (defects: number, housesN: number) => (housesN > 0 ? round2((defects / housesN) * 100) : null)
  const cells: DashboardDefectCell[] = []
  for (const cat of categories) {
    for (const b of [...scopeBuildings.map((x) => x.id), '*' as const]) {
      const key = cellKey(cat, b)
      set(key)
      const defects = defectTotals.get(key) ?? 0
      const hn = inspectedIn(b)
      cells.push({ category: cat, buildingId: b === '*' ? null : b, defects, houses: hn, per100: per100(defects, hn), withDefects: size(key), drill: { withDefects: key, defects: key } })
    }
  }

  const repairCount = { onTimeDone: 0, overdueDone: 0, onTimeOpen: 0, overdueOpen: 0 }
  for (const k of ['total', 'onTimeDone', 'overdueDone', 'onTimeOpen', 'overdueOpen']) set(`repairs:${k}`)
  for (const r of repairs) {
    const h = houseOf(r.caseId)
    if (!h) continue
    let bucket: keyof typeof repairCount
    if (r.fixedAt) bucket = r.dueDate === null || shanghaiDate(new Date(r.fixedAt)) <= r.dueDate ? 'onTimeDone' : 'overdueDone'
    else bucket = repairOverdue(r) ? 'overdueOpen' : 'onTimeOpen'
    repairCount[bucket] += 1
    add(`repairs:${bucket}`, h.houseId, r.createdAt)
    add('repairs:total', h.houseId, r.createdAt)
  }
  const doneRepairs = repairCount.onTimeDone + repairCount.overdueDone

  set('inspection:inspected')
  set('inspection:firstPass')
  for (const [caseId, r] of firstRound) {
    const h = houseOf(caseId)
    if (!h || !r.completed) continue
    add('inspection:inspected', h.houseId, r.completedAt)
    if (r.defects === 0) add('inspection:firstPass', h.houseId, r.completedAt)
  }

  // ------------------------------------------------------------------ survey
  set('survey:responses')
  const themeCounts = new Map<string, DashboardTheme['answers']>()
  for (const r of responses) {
    const h = houseOf(r.caseId)
    if (!h) continue
    add('survey:responses', h.houseId, r.submittedAt)
  }
  for (const r of [...responses].reverse()) {
    const h = houseOf(r.caseId)
    if (!h) continue
    for (const [item, text] of Object.entries(r.comments)) {
      if (typeof text !== 'string' || !text.trim()) continue
      const theme = themeOf(text)
      let a = themeCounts.get(theme)
      if (!a) themeCounts.set(theme, (a = []))
      a.push({ houseId: h.houseId, item, text, score: typeof r.scores[item] === 'number' ? r.scores[item] : null, submittedAt: r.submittedAt })
      add(`survey:theme:${theme}`, h.houseId, r.submittedAt)
    }
  }
  const themes: DashboardTheme[] = THEMES.map((t) => {
    const answers = themeCounts.get(t.theme) ?? []
    set(`survey:theme:${t.theme}`)
    return { theme: t.theme, title: t.title, count: answers.length, answers: answers.slice(0, THEME_ANSWERS_MAX), drill: { count: `survey:theme:${t.theme}` } }
  })
  const csi = responses.length ? round2(responses.reduce((a, r) => a + r.csi, 0) / responses.length) : null

  // ------------------------------------------------------------------ export rows
  const firstInspected = (caseId: number) => {
    const r = firstRound.get(caseId)
    return r && r.completed ? r.completedAt : null
  }
  const exportRows: HouseExportRow[] = houseRows.map((h) => {
    const c = h.caseId
    const res = c !== null ? reservationByCase.get(c) : undefined
    return {
      houseId: h.houseId,
      label: houseLabel(h),
      batch: h.batch,
      owner: null,
      stage: houses.get(h.houseId)!.stage,
      verifiedAt: h.verifiedAt,
      reservedFor: res ? `${res.date} ${res.start}` : null,
      checkedInAt: c !== null ? checkinByCase.get(c)?.firstAt ?? null : null,
      inspectedAt: c !== null ? firstInspected(c) : null,
      keysAt: c !== null ? handedByCase.get(c) ?? null : null
    }
  })

  const dashboard: Dashboard = {
    generatedAt: nowIso,
    community: { id: community.id, name: community.name },
    filters: { batch: scope.batch, building: scope.building },
    options: {
      batches: batchCodes.map((code) => ({ code, title: batchInfo.table.find((b) => b.code === code)?.title ?? code })),
      buildings: buildingList
    },
    houses: size('houses'),
    funnel,
    batches: batchRows,
    today: {
      date: today,
      checkedIn: size('today:checkedIn'),
      inspected: size('today:inspected'),
      keysHanded: size('today:keysHanded'),
      drill: { checkedIn: 'today:checkedIn', inspected: 'today:inspected', keysHanded: 'today:keysHanded' }
    },
    stageTimes,
    sla,
    defects: {
      categories,
      buildings: scopeBuildings.map((b) => ({ ...b, houses: inspectedIn(b.id) })),
      cells,
      total: defectTotals.get('defects:*') ?? 0,
      per100: per100(defectTotals.get('defects:*') ?? 0, inspectedIn('*')),
      drill: { total: 'defects:*' }
    },
    repairs: {
      total: repairs.filter((r) => houseOf(r.caseId)).length,
      ...repairCount,
      onTimeRate: rate(repairCount.onTimeDone, doneRepairs),
      drill: {
        total: 'repairs:total',
        onTimeDone: 'repairs:onTimeDone',
        overdueDone: 'repairs:overdueDone',
        onTimeOpen: 'repairs:onTimeOpen',
        overdueOpen: 'repairs:overdueOpen'
      }
    },
    contractors: contractorRows.contractors.map((c) => ({
      id: c.id,
      name: c.name,
      ...contractorStats(
        contractorRows.repairs.filter((r) => r.contractorId === c.id),
        today,
        (iso) => shanghaiDate(new Date(iso))
      )
    })),
    firstPass: {
      inspected: size('inspection:inspected'),
      firstPass: size('inspection:firstPass'),
      rate: rate(size('inspection:firstPass'), size('inspection:inspected')),
      drill: { inspected: 'inspection:inspected', firstPass: 'inspection:firstPass' }
    },
    survey: {
      responses: responses.length,
      csi,
      benchmark: { value: CSI_BENCHMARK.value, source: CSI_BENCHMARK.source },
      vsBenchmark: csi === null ? null : round2(csi - CSI_BENCHMARK.value),
      items: itemStats(surveyItems, responses),
      themes,
      themeMethod: THEME_METHOD,
      drill: { responses: 'survey:responses' }
    },
    notes: NOTES,
    drill: { houses: 'houses' }
  }
  return { dashboard, drills, houses, exportRows, slaItems }
}

export const NOTES: Record<string, string> = {
  funnel: '已完成：该环节已完成的户数；办理中：当前所处环节为该环节且尚未完成的户数（未核验的房屋计入核验身份）',
  batches: '应交付：批次交付窗口（未设置时取该批次首个预约时段日期）已开始的户数；已收楼：已交钥匙户数；收楼率 = 已收楼 / 应交付',
  stageTimes: '环节用时：自环节开放（首次离开“未开始”）至首次完成，单位小时；全流程：核验身份至完成入伙；中位数与 P90 按线性插值',
  sla: `资料审核超过${REVIEW_TARGET_HOURS}小时、当日签到等候超过${LONG_WAIT_MINUTES}分钟未叫号、回访任务逾期、整改超过期限未完成`,
  defects: '每百户缺陷数 = 缺陷数 / 已验房户数 × 100',
  repairs: '已整改以维修人员标记整改完成的时间为准，不晚于整改期限为按期',
  firstPass: '一次验房通过率 = 首轮验房未发现问题的户数 / 首轮验房已完成的户数',
  survey: '满意度指数 CSI 为各份答卷 CSI 的平均值（百分制），对标 68.7'
}

/** The drill-down list of one count: exactly the houses behind it, ordered by label. */
export function drillDown(result: DashboardResult, metric: string): { metric: string; total: number; items: DashboardHouse[] } {
  const m = result.drills.get(metric)
  if (!m) throw new ApiError(404, 'NOT_FOUND', '未知的统计项')
  const items = [...m].map(([houseId, since]) => {
    const h = result.houses.get(houseId)!
    return { houseId, label: h.label, batch: h.batch, stage: h.stage, stageTitle: STAGE_TITLES[h.stage], since }
  })
  items.sort((a, b) => byLabel.compare(a.label, b.label) || a.houseId - b.houseId)
  return { metric, total: items.length, items }
}

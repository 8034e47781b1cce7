/*
 * SLA sweep (风险预警): raises one alert per breach of a time limit, to the role responsible,
 * and resolves it when the breach ends. Idempotent: a breach's key is unique (alerts
 * repository), and "resolved" is "no longer in the current breach set".
 *
 * | kind             | breach                                                        | key                              | responsible          |
 * |------------------|---------------------------------------------------------------|----------------------------------|----------------------|
 * | review_overdue   | a document submitted ≥ 24 h ago and not reviewed              | review:<submissionId>:<submitted> | reviewer             |
 * | checkin_wait     | checked in today, not called, arrived > 30 min ago            | checkin:<checkinId>              | reception            |
 * | followup_overdue | an open follow-up task past its due instant                   | followup:<taskId>:<dueAt>        | the task's assignee_role (first visit: reception; low survey score: manager) |
 * | repair_overdue   | an open repair order whose due date (Shanghai) has passed     | repair:<repairId>:<dueDate>      | inspector            |
 *
 * Repairs go to the inspector role: repair orders have no contractor column yet; when the
 * contractors work adds one, route to the contractor's responsible staff (staff_user_id).
 * A check-in wait of an earlier day that was never called resolves with the day.
 * Staff have no WeChat openid link today (wechat_links are owners'), so alerts are delivered
 * to the staff message centre only (GET /api/staff/alerts), no subscription message.
 */
import type { Executor } from '../../../db/database'
import { HOUR, MINUTE, shanghaiDate, shanghaiMonthDayTime } from '../../../lib/time'
import { REVIEW_TARGET_HOURS } from '../../../../../types/documents'
import type { AlertKind } from '../../../../../types/alerts'
import * as alerts from '../../alerts/repository'
import type { NewAlert } from '../../alerts/repository'
import type { Job, JobContext } from '../scheduler'

/** Same limits as the screens that flag them (documents review queue, day board, keys). */
export const REVIEW_LIMIT_MS = REVIEW_TARGET_HOURS * HOUR
export const LONG_WAIT_MS = 30 * MINUTE

const label = (r: { building: string; unit: string; room: string }) => `${r.building}${r.unit}单元${r.room}`

/** "3月4日 09:00" (Asia/Shanghai) of an ISO instant. */
function when(isoAt: string): string {
  return shanghaiMonthDayTime(isoAt)
}
const dateText = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`

async function reviewBreaches(db: Executor, now: Date): Promise<NewAlert[]> {
  const cutoff = new Date(now.getTime() - REVIEW_LIMIT_MS).toISOString()
  const rows = await db
    .selectFrom('document_submissions as ds')
    .innerJoin('move_in_cases as mc', 'mc.id', 'ds.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .leftJoin('checklist_items as ci', (j) => j.onRef('ci.code', '=', 'ds.item_code').onRef('ci.community_id', '=', 'h.community_id'))
    .select(['ds.id', 'ds.case_id', 'ds.item_code', 'ds.submitted_at', 'ci.title', 'h.id as house_id', 'h.community_id', 'b.name as building', 'h.unit', 'h.room'])
    .where('ds.status', '=', 'submitted')
    .where('ds.submitted_at', 'is not', null)
    .where('ds.submitted_at', '<=', cutoff)
    .execute()
  return rows.map((r) => ({
    key: `review:${r.id}:${r.submitted_at}`,
    kind: 'review_overdue' as const,
    communityId: Number(r.community_id),
    caseId: Number(r.case_id),
    houseId: Number(r.house_id),
    responsibleRole: 'reviewer',
    title: `资料审核超时：${label(r)}`,
    body: `「${r.title ?? r.item_code}」于 ${when(r.submitted_at ?? cutoff)} 提交，已超过 ${REVIEW_TARGET_HOURS} 小时未审核，请尽快处理。`
  }))
}

async function checkinBreaches(db: Executor, now: Date): Promise<NewAlert[]> {
  const cutoff = new Date(now.getTime() - LONG_WAIT_MS).toISOString()
  const rows = await db
    .selectFrom('checkins as c')
    .innerJoin('move_in_cases as mc', 'mc.id', 'c.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['c.id', 'c.case_id', 'c.queue_no', 'c.arrived_at', 'h.id as house_id', 'h.community_id', 'b.name as building', 'h.unit', 'h.room'])
    .where('c.date', '=', shanghaiDate(now))
    .where('c.called_at', 'is', null)
    .where('c.finished_at', 'is', null)
    .where('c.arrived_at', '<', cutoff)
    .execute()
  return rows.map((r) => ({
    key: `checkin:${r.id}`,
    kind: 'checkin_wait' as const,
    communityId: Number(r.community_id),
    caseId: Number(r.case_id),
    houseId: Number(r.house_id),
    responsibleRole: 'reception',
    title: `现场等候超过 30 分钟：${r.queue_no} 号`,
    body: `${label(r)} 的业主于 ${when(r.arrived_at).slice(-5)} 签到（${r.queue_no} 号），已等候超过 30 分钟，请尽快叫号。`
  }))
}

async function followupBreaches(db: Executor, now: Date): Promise<NewAlert[]> {
  const rows = await db
    .selectFrom('followup_tasks as t')
    .innerJoin('move_in_cases as mc', 'mc.id', 't.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['t.id', 't.case_id', 't.kind', 't.reason', 't.due_at', 't.assignee_role', 'h.id as house_id', 'h.community_id', 'b.name as building', 'h.unit', 'h.room'])
    .where('t.status', '=', 'open')
    .where('t.due_at', '<=', now.toISOString())
    .execute()
  return rows.map((r) => ({
    key: `followup:${r.id}:${r.due_at}`,
    kind: 'followup_overdue' as const,
    communityId: Number(r.community_id),
    caseId: Number(r.case_id),
    houseId: Number(r.house_id),
    responsibleRole: r.assignee_role,
    title: `${r.kind === 'first_visit' ? '首次回访' : '回访任务'}已逾期：${label(r)}`,
    body: `${r.reason || '回访任务'}（应于 ${when(r.due_at)} 前完成）`
  }))
}

async function repairBreaches(db: Executor, now: Date): Promise<NewAlert[]> {
  const today = shanghaiDate(now)
  const rows = await db
    .selectFrom('repair_orders as ro')
    .innerJoin('defects as d', 'd.id', 'ro.defect_id')
    .innerJoin('move_in_cases as mc', 'mc.id', 'd.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .leftJoin('contractors as ct', 'ct.id', 'ro.contractor_id')
    .select(['ro.id', 'ro.due_date', 'd.case_id', 'd.room as defect_room', 'd.category', 'd.severity', 'h.id as house_id', 'h.community_id', 'b.name as building', 'h.unit', 'h.room', 'ct.name as contractor'])
    .where('ro.status', '=', 'open')
    .where('ro.due_date', 'is not', null)
    .where('ro.due_date', '<', today)
    .execute()
  return rows.map((r) => ({
    key: `repair:${r.id}:${r.due_date}`,
    kind: 'repair_overdue' as const,
    communityId: Number(r.community_id),
    caseId: Number(r.case_id),
    houseId: Number(r.house_id),
    responsibleRole: 'inspector',
    title: `整改已逾期：${label(r)}`,
    // the contractor (施工单位) has no login: the inspector follows it up, the alert names it
    body: `${r.defect_room}「${r.category}」（${r.severity}）应于 ${dateText(r.due_date ?? today)} 前完成整改，${r.contractor ? `施工单位：${r.contractor}，` : ''}请跟进。`
  }))
}

const SWEEPS: [AlertKind, (db: Executor, now: Date) => Promise<NewAlert[]>][] = [
  ['review_overdue', reviewBreaches],
  ['checkin_wait', checkinBreaches],
  ['followup_overdue', followupBreaches],
  ['repair_overdue', repairBreaches]
]

/** One sweep of every limit; returns raised (attempted) and resolved counts. */
export async function sweepSla(db: Executor, now: Date): Promise<Record<string, number>> {
  const at = now.toISOString()
  let breaches = 0
  let resolved = 0
  for (const [kind, find] of SWEEPS) {
    const current = await find(db, now)
    breaches += current.length
    // one statement per alert: no transaction reading then writing (SQLite with several handles)
    for (const a of current) await alerts.raise(db, a, at)
    const keys = new Set(current.map((a) => a.key))
    const ended = (await alerts.openKeys(db, kind)).filter((o) => !keys.has(o.key)).map((o) => o.id)
    resolved += await alerts.resolve(db, ended, at)
  }
  return { breaches, resolved }
}

export const slaJob: Job = {
  name: 'sla_sweep',
  intervalMs: 5 * MINUTE,
  run: (ctx: JobContext) => sweepSla(ctx.db, ctx.now)
}

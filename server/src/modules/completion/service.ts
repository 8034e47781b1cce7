/*
 * Completion: the owner handbook (from the community's handbook data) and the staff's
 * follow-up tasks. Closing the 7-day first visit completes the owner's 回访 stage.
 */
import type { Db } from '../../db/database'
import { ApiError } from '../../errors'
import type { StaffAuth } from '../../plugins/auth'
import { maskName } from '../../lib/crypto'
import { loadContext, syncStages } from '../cases/service'
import { audit } from '../../core/audit'
import type { FollowupTask, Handbook, TaskList, TaskStatus } from '../../../../types/completion'
import * as repo from './repository'

const KIND_LABELS: Record<string, string> = {
  first_visit: '入伙 7 天回访',
  survey_low_score: '满意度低分回访',
  overpayment_refund: '超额缴费退款'
}

interface HandbookData {
  serviceHours?: string
  servicePhone?: string
  emergencyPhone?: string
  contacts?: { label: string; value: string; phone?: boolean }[]
  sections?: { code?: string; title: string; body?: string; items?: string[] }[]
}

function parseHandbook(text: string): HandbookData {
  try {
    const v = JSON.parse(text)
    return v && typeof v === 'object' ? (v as HandbookData) : {}
  } catch {
    return {}
  }
}

export async function handbook(db: Db, caseId: number): Promise<Handbook> {
  const ctx = await loadContext(db, caseId)
  const c = await repo.findCommunity(db, ctx.house.communityId)
  if (!c) throw new ApiError(404, 'NOT_FOUND', '未找到小区信息')
  const data = parseHandbook(c.handbook)
  const contacts: Handbook['contacts'] = []
  if (c.address) contacts.push({ label: '物业服务中心地址', value: c.address, phone: false })
  const servicePhone = data.servicePhone || c.service_phone
  if (servicePhone) contacts.push({ label: '服务电话', value: servicePhone, phone: true })
  if (data.emergencyPhone) contacts.push({ label: '24 小时值班电话', value: data.emergencyPhone, phone: true })
  if (data.serviceHours) contacts.push({ label: '服务时间', value: data.serviceHours, phone: false })
  for (const x of data.contacts ?? []) {
    if (x && typeof x.label === 'string' && typeof x.value === 'string') contacts.push({ label: x.label, value: x.value, phone: !!x.phone })
  }
  const sections = (data.sections ?? [])
    .filter((s) => s && typeof s.title === 'string')
    .map((s, i) => ({
      code: typeof s.code === 'string' ? s.code : `section_${i + 1}`,
      title: s.title,
      items: Array.isArray(s.items) ? s.items.filter((x): x is string => typeof x === 'string') : typeof s.body === 'string' ? [s.body] : []
    }))
  return { communityName: c.name, company: c.company, contacts, sections }
}

function toTask(r: repo.TaskRow, now: Date): FollowupTask {
  const status: TaskStatus = r.status === 'done' ? 'done' : 'open'
  return {
    id: r.id,
    caseId: r.caseId,
    houseLabel: r.houseLabel,
    ownerName: maskName(r.ownerName),
    kind: r.kind,
    kindLabel: KIND_LABELS[r.kind] ?? '回访任务',
    reason: r.reason,
    dueAt: r.dueAt,
    assigneeRole: r.assigneeRole,
    status,
    overdue: status === 'open' && r.dueAt < now.toISOString(),
    createdAt: r.createdAt,
    closedAt: r.closedAt,
    note: r.note
  }
}

/** Managers see every task of the community; other roles the tasks assigned to their role. */
export async function listTasks(db: Db, staff: StaffAuth, status: TaskStatus, now: Date): Promise<TaskList> {
  const rows = await repo.listTasks(db, staff.communityId, staff.role === 'manager' ? null : staff.role, status)
  const items = rows.map((r) => toTask(r, now))
  return { items, overdue: items.filter((t) => t.overdue).length }
}

export async function completeTask(db: Db, staff: StaffAuth, id: number, note: string, now: Date): Promise<FollowupTask> {
  const task = await repo.findTask(db, id, staff.communityId)
  if (!task || (staff.role !== 'manager' && task.assigneeRole !== staff.role)) throw new ApiError(404, 'NOT_FOUND', '未找到该回访任务')
  if (task.status !== 'open') throw new ApiError(409, 'TASK_ALREADY_DONE', '该回访任务已完成')
  const trimmed = note.trim()
  if (!trimmed) throw new ApiError(400, 'VALIDATION_FAILED', '请填写回访记录')
  const at = now.toISOString()
  await db.transaction().execute(async (tx) => {
    if (!(await repo.closeTask(tx, id, { note: trimmed, staffId: staff.userId, at }))) {
      throw new ApiError(409, 'TASK_ALREADY_DONE', '该回访任务已完成')
    }
    await syncStages(tx, task.caseId, { type: 'staff', id: staff.userId, label: staff.displayName }, now)
    await audit(tx, { actorType: 'staff', actorId: staff.userId, action: 'task.done', target: `followup_task:${id}`, at })
  })
  const done = await repo.findTask(db, id, staff.communityId)
  return toTask(done!, now)
}

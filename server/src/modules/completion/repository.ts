import type { Executor } from '../../db/database'

export async function findCommunity(db: Executor, communityId: number) {
  return db
    .selectFrom('communities')
    .select(['name', 'address', 'service_phone', 'company', 'handbook'])
    .where('id', '=', communityId)
    .executeTakeFirst()
}

function taskQuery(db: Executor, communityId: number) {
  return db
    .selectFrom('followup_tasks as t')
    .innerJoin('move_in_cases as mc', 'mc.id', 't.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .leftJoin('registered_owners as ro', 'ro.id', 'mc.owner_id')
    .select([
      't.id',
      't.case_id',
      't.kind',
      't.reason',
      't.due_at',
      't.assignee_role',
      't.status',
      't.created_at',
      't.closed_at',
      't.note',
      'b.name as building',
      'h.unit',
      'h.room',
      'ro.name as owner_name'
    ])
    .where('h.community_id', '=', communityId)
}

export type TaskRow = {
  id: number
  caseId: number
  kind: string
  reason: string
  dueAt: string
  assigneeRole: string
  status: string
  createdAt: string
  closedAt: string | null
  note: string | null
  houseLabel: string
  ownerName: string
}

function toTask(r: any): TaskRow {
  return {
    id: Number(r.id),
    caseId: Number(r.case_id),
    kind: r.kind,
    reason: r.reason,
    dueAt: r.due_at,
    assigneeRole: r.assignee_role,
    status: r.status,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    note: r.note ?? null,
    houseLabel: `${r.building}${r.unit}单元${r.room}`,
    ownerName: r.owner_name ?? ''
  }
}

/** Tasks of a community; `role` null = every role's (managers). */
export async function listTasks(db: Executor, communityId: number, role: string | null, status: string): Promise<TaskRow[]> {
  let q = taskQuery(db, communityId).where('t.status', '=', status)
  if (role) q = q.where('t.assignee_role', '=', role)
  const rows = await q
    .orderBy(status === 'open' ? 't.due_at' : 't.closed_at', status === 'open' ? 'asc' : 'desc')
    .orderBy('t.id')
    .limit(200)
    .execute()
  return rows.map(toTask)
}

export async function findTask(db: Executor, id: number, communityId: number): Promise<TaskRow | null> {
  const r = await taskQuery(db, communityId).where('t.id', '=', id).executeTakeFirst()
  return r ? toTask(r) : null
}

/** Closes an open task; false when it was closed meanwhile. */
export async function closeTask(tx: Executor, id: number, c: { note: string; staffId: number; at: string }): Promise<boolean> {
  const r = await tx
    .updateTable('followup_tasks')
    .set({ status: 'done', note: c.note, closed_by: c.staffId, closed_at: c.at })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

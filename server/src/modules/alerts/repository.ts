/*
 * Staff alerts (风险预警): one row per breach of a time limit, raised by the scheduler's SLA
 * sweep (server/src/modules/scheduler/jobs/sla.ts) and resolved by it when the breach ends.
 *
 * Contract:
 *  1. `key` is unique per breach (e.g. review:<submissionId>:<submittedAt>), so raising is an
 *     INSERT … ON CONFLICT DO NOTHING: two instances sweeping at once alert once.
 *  2. A resolved alert whose breach comes back (a repair reopened with the same due date)
 *     is reopened, not duplicated.
 *  3. Visibility: a staff member sees the alerts of their role in their community (or named
 *     to them); a manager sees every alert of the community.
 *  4. Alerts carry the house label and the item, never owner names or ID numbers.
 */
import type { Executor } from '../../db/database'
import type { Alert, AlertKind } from '../../../../types/alerts'

export interface NewAlert {
  key: string
  kind: AlertKind
  communityId: number
  caseId: number | null
  houseId: number | null
  responsibleRole: string
  staffUserId?: number | null
  title: string
  body: string
}

/** Raises an alert once per key; a resolved one with the same key is reopened (edge case 2). */
export async function raise(db: Executor, a: NewAlert, at: string): Promise<void> {
  await db
    .insertInto('alerts')
    .values({
      key: a.key,
      kind: a.kind,
      community_id: a.communityId,
      case_id: a.caseId,
      house_id: a.houseId,
      responsible_role: a.responsibleRole,
      staff_user_id: a.staffUserId ?? null,
      title: a.title,
      body: a.body,
      created_at: at,
      resolved_at: null,
      acked_at: null,
      acked_by: null
    })
    .onConflict((oc) => oc.column('key').doUpdateSet({ resolved_at: null, acked_at: null, acked_by: null }).where('alerts.resolved_at', 'is not', null))
    .execute()
}

/** Keys of the open alerts of one kind. */
export async function openKeys(db: Executor, kind: AlertKind): Promise<{ id: number; key: string }[]> {
  const rows = await db.selectFrom('alerts').select(['id', 'key']).where('kind', '=', kind).where('resolved_at', 'is', null).execute()
  return rows.map((r) => ({ id: Number(r.id), key: r.key }))
}

/** Resolves the given open alerts; returns how many changed. */
export async function resolve(db: Executor, ids: number[], at: string): Promise<number> {
  let n = 0
  for (let i = 0; i < ids.length; i += 500) {
    const r = await db.updateTable('alerts').set({ resolved_at: at }).where('id', 'in', ids.slice(i, i + 500)).where('resolved_at', 'is', null).executeTakeFirst()
    n += Number(r.numUpdatedRows ?? 0)
  }
  return n
}

type AlertRow = {
  id: number
  kind: string
  title: string
  body: string
  case_id: number | null
  house_id: number | null
  responsible_role: string
  created_at: string
  resolved_at: string | null
  acked_at: string | null
}

const COLUMNS = ['id', 'kind', 'title', 'body', 'case_id', 'house_id', 'responsible_role', 'created_at', 'resolved_at', 'acked_at'] as const

function toAlert(r: AlertRow): Alert {
  return {
    id: Number(r.id),
    kind: r.kind as AlertKind,
    title: r.title,
    body: r.body,
    caseId: r.case_id === null ? null : Number(r.case_id),
    houseId: r.house_id === null ? null : Number(r.house_id),
    responsibleRole: r.responsible_role,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
    ackedAt: r.acked_at
  }
}

/** Who is asking: `role` 'manager' sees the whole community (edge case 3). */
export interface Viewer {
  communityId: number
  role: string
  userId: number
}

function visible(db: Executor, v: Viewer) {
  let q = db.selectFrom('alerts').where('community_id', '=', v.communityId)
  if (v.role !== 'manager') q = q.where((eb) => eb.or([eb('responsible_role', '=', v.role), eb('staff_user_id', '=', v.userId)]))
  return q
}

export async function listFor(db: Executor, v: Viewer, status: 'open' | 'resolved' | 'all'): Promise<{ items: Alert[]; openCount: number; unackedCount: number }> {
  let q = visible(db, v).select([...COLUMNS])
  if (status === 'open') q = q.where('resolved_at', 'is', null).orderBy('created_at', 'asc')
  else {
    if (status === 'resolved') q = q.where('resolved_at', 'is not', null)
    q = q.orderBy('created_at', 'desc')
  }
  const rows = await q.orderBy('id').limit(200).execute()
  const counts = await visible(db, v)
    .select((eb) => [eb.fn.countAll<number>().as('open'), eb.fn.count<number>('acked_at').as('acked')])
    .where('resolved_at', 'is', null)
    .executeTakeFirst()
  const open = Number(counts?.open ?? 0)
  return { items: rows.map(toAlert), openCount: open, unackedCount: open - Number(counts?.acked ?? 0) }
}

/** Acknowledges a visible alert (idempotent); null when the viewer cannot see it. */
export async function ack(db: Executor, v: Viewer, id: number, at: string): Promise<Alert | null> {
  const found = await visible(db, v).select([...COLUMNS]).where('id', '=', id).executeTakeFirst()
  if (!found) return null
  if (!found.acked_at) {
    await db.updateTable('alerts').set({ acked_at: at, acked_by: v.userId }).where('id', '=', id).where('acked_at', 'is', null).execute()
  }
  const row = await db.selectFrom('alerts').select([...COLUMNS]).where('id', '=', id).executeTakeFirstOrThrow()
  return toAlert(row)
}

/**
 * Open alerts of a community, every role, oldest first: for the manager dashboard (issue 8).
 * `db` is the app's database or a transaction.
 */
export async function openAlerts(db: Executor, communityId: number): Promise<Alert[]> {
  const rows = await db
    .selectFrom('alerts')
    .select([...COLUMNS])
    .where('community_id', '=', communityId)
    .where('resolved_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map(toAlert)
}

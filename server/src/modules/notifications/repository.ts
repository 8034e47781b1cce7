import { sql } from 'kysely'
import type { Executor } from '../../db/database'

export interface NotificationRow {
  id: number
  kind: string
  title: string
  body: string
  link: string | null
  readAt: string | null
  createdAt: string
}

export async function insertNotification(
  db: Executor,
  n: { caseId: number; kind: string; title: string; body: string; link: string | null; at: string }
): Promise<number> {
  const r = await db
    .insertInto('notifications')
    .values({ case_id: n.caseId, kind: n.kind, title: n.title, body: n.body, link: n.link, read_at: null, created_at: n.at })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

/** The case's newest unread message of `kind` written at or after `since` (a batch to merge into). */
export async function latestUnreadOfKind(db: Executor, caseId: number, kind: string, since: string) {
  const r = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'body', 'link'])
    .where('case_id', '=', caseId)
    .where('kind', '=', kind)
    .where('read_at', 'is', null)
    .where('created_at', '>=', since)
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return r ? { id: Number(r.id), kind: r.kind, title: r.title, body: r.body, link: r.link ?? null } : undefined
}

/**
 * Rewrites a message with what was merged into it; only while it still reads `was` and is
 * unread (a concurrent merge or the owner reading it first make this false: the caller then
 * writes a message of its own instead of losing a line).
 */
export async function rewriteNotification(
  db: Executor,
  id: number,
  was: { title: string; body: string },
  n: { kind: string; title: string; body: string; link: string | null; at: string }
): Promise<boolean> {
  const r = await db
    .updateTable('notifications')
    .set({ kind: n.kind, title: n.title, body: n.body, link: n.link, created_at: n.at })
    .where('id', '=', id)
    .where('title', '=', was.title)
    .where('body', '=', was.body)
    .where('read_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows ?? 0) > 0
}

/** Drops a message folded into another in the same transaction (and its queued subscription message). */
export async function deleteNotification(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('wx_messages').where('notification_id', '=', id).where('status', '=', 'queued').execute()
  await db.deleteFrom('notifications').where('id', '=', id).execute()
}

export async function hasSubscriptionMessage(db: Executor, notificationId: number): Promise<boolean> {
  const r = await db.selectFrom('wx_messages').select('id').where('notification_id', '=', notificationId).executeTakeFirst()
  return !!r
}

/** Newest first; ties (same instant) broken by id so paging is stable. */
export async function listNotifications(db: Executor, caseId: number, limit: number, offset: number): Promise<NotificationRow[]> {
  const rows = await db
    .selectFrom('notifications')
    .select(['id', 'kind', 'title', 'body', 'link', 'read_at', 'created_at'])
    .where('case_id', '=', caseId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute()
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link ?? null,
    readAt: r.read_at,
    createdAt: r.created_at
  }))
}

export async function countNotifications(db: Executor, caseId: number): Promise<{ total: number; unread: number }> {
  const r = await db
    .selectFrom('notifications')
    .select([sql<number>`count(*)`.as('total'), sql<number>`sum(case when read_at is null then 1 else 0 end)`.as('unread')])
    .where('case_id', '=', caseId)
    .executeTakeFirst()
  return { total: Number(r?.total ?? 0), unread: Number(r?.unread ?? 0) }
}

export async function countUnreadNotifications(db: Executor, caseId: number): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)`.as('n'))
    .where('case_id', '=', caseId)
    .where('read_at', 'is', null)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

/** Marks one of the case's notifications read; false when it is not the case's. */
export async function markRead(db: Executor, caseId: number, id: number, at: string): Promise<boolean> {
  const n = await db.selectFrom('notifications').select(['id', 'read_at']).where('id', '=', id).where('case_id', '=', caseId).executeTakeFirst()
  if (!n) return false
  if (!n.read_at) await db.updateTable('notifications').set({ read_at: at }).where('id', '=', id).where('read_at', 'is', null).execute()
  return true
}

export async function markAllRead(db: Executor, caseId: number, at: string): Promise<number> {
  const r = await db.updateTable('notifications').set({ read_at: at }).where('case_id', '=', caseId).where('read_at', 'is', null).executeTakeFirst()
  return Number(r.numUpdatedRows ?? 0)
}

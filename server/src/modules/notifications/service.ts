/*
 * Owner notifications: the in-app message centre, plus (when the owner accepted the
 * matching WeChat subscription template) one queued subscription message per notification.
 * `notifyOwner` joins the caller's transaction so a notification exists iff its change does.
 */
import type { Executor } from '../../db/database'
import { ApiError } from '../../errors'
import type { NotificationList } from '../../../../types/notifications'
import * as repo from './repository'
import { queueSubscriptionMessage } from './subscribe'

export interface OwnerNotice {
  caseId: number
  /** e.g. stage_change, document_review, delegate_review, reservation */
  kind: string
  title: string
  body: string
  /** in-app page to open, e.g. /owner/documents/index */
  link?: string
  /** the caller's clock (`app.config.now()`); pass it so frozen-clock tests stay exact */
  at?: Date
}

/**
 * Records one owner notification inside the caller's transaction (`tx`), and queues a WeChat
 * subscription message when the owner holds a credit for the kind's template.
 */
export async function notifyOwner(tx: Executor, notice: OwnerNotice): Promise<number> {
  // Wall clock only when the caller gave none (callers should pass app.config.now()).
  const when = (notice.at ?? new Date()).toISOString()
  const id = await repo.insertNotification(tx, {
    caseId: notice.caseId,
    kind: notice.kind,
    title: notice.title,
    body: notice.body,
    link: notice.link ?? null,
    at: when
  })
  await queueSubscriptionMessage(tx, { caseId: notice.caseId, notificationId: id, kind: notice.kind, at: when })
  return id
}

export async function listForOwner(db: Executor, caseId: number, page: number, pageSize: number): Promise<NotificationList> {
  const [items, counts] = await Promise.all([
    repo.listNotifications(db, caseId, pageSize, (page - 1) * pageSize),
    repo.countNotifications(db, caseId)
  ])
  return { items, page, pageSize, total: counts.total, unread: counts.unread }
}

export async function markRead(db: Executor, caseId: number, id: number, now: Date): Promise<void> {
  const ok = await repo.markRead(db, caseId, id, now.toISOString())
  if (!ok) throw new ApiError(404, 'NOT_FOUND', '未找到该消息')
}

export async function markAllRead(db: Executor, caseId: number, now: Date): Promise<number> {
  return repo.markAllRead(db, caseId, now.toISOString())
}

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

/*
 * One message per event that matters (issue 10 item 4). The rule:
 *  1. Everything one transaction writes for a case is one message. The event's own notice
 *     leads (a payment, a review, a signature); the stage notices that event causes follow it:
 *     「…」已完成 only echoes the event and is dropped, 「…」已可办理 / 需要您处理 adds a line
 *     "同时：…". Two events in one transaction keep both texts.
 *  2. A review that follows another review of the same kind for the case within
 *     BATCH_WINDOW_MS, while that message is still unread, joins it: "3项资料已审核通过" with one
 *     line per item (the reviewer works through the checklist; the owner hears it once).
 *  3. A merged message has at most one WeChat subscription message (the first one queued).
 * Read messages are never rewritten: news after the owner read a message is a new message.
 */
export const BATCH_WINDOW_MS = 15 * 60_000
/** Kinds whose consecutive notices are parts of one batch (rule 2): headline, and one item's line. */
const BATCHED_KINDS: Record<string, { headline: (n: number) => string; line: (n: { title: string; body: string }) => string }> = {
  document_approved: { headline: (n) => `${n}项资料已审核通过`, line: (n) => n.title },
  document_rejected: { headline: (n) => `${n}项资料未通过审核`, line: (n) => `${n.title}：${n.body}` },
  // the owner signs the agreements one after another; each notice names its agreement in the body
  agreement_signed: { headline: (n) => `${n}份协议已签署`, line: (n) => n.body }
}

interface Written {
  id: number
  kind: string
  title: string
  body: string
  link: string | null
  /** whether a subscription message is queued for this message, as this transaction knows it (saves asking the database again) */
  queued?: boolean
}
/** What each transaction (the Executor it hands around) has written per case; forgotten with it. */
const writtenIn = new WeakMap<Executor, Map<number, Written>>()

const isStage = (kind: string) => kind.startsWith('stage_')
/** A stage notice's line under the event that caused it; '' when it only repeats the event. */
const stageLine = (n: { title: string }) => (/已完成$/.test(n.title) ? '' : `同时：${n.title}`)
const eventLine = (n: { title: string; body: string }) => `${n.title}：${n.body}`

/** Rule 1: the message `same` (written earlier in this transaction) with `notice` folded in. */
function foldIntoSame(same: Written, notice: OwnerNotice): Written {
  if (isStage(notice.kind)) {
    const line = stageLine(notice)
    return line && !same.body.split('\n').includes(line) ? { ...same, body: `${same.body}\n${line}` } : same
  }
  if (isStage(same.kind)) {
    // The event arrives after the stage notice it caused (syncStages ran first): the event leads.
    const line = stageLine(same)
    return { id: same.id, kind: notice.kind, title: notice.title, body: line ? `${notice.body}\n${line}` : notice.body, link: notice.link ?? same.link }
  }
  return { ...same, body: `${same.body}\n${eventLine(notice)}` }
}

/** Rule 2: a batched message with one more item; stage lines stay last. */
function addToBatch(prev: Written, notice: OwnerNotice): Written {
  const { headline, line: item } = BATCHED_KINDS[notice.kind]
  const lines = prev.body.split('\n')
  const tail = lines.filter((l) => l.startsWith('同时：'))
  const own = lines.filter((l) => !l.startsWith('同时：'))
  const batched = headline(0) === prev.title.replace(/^\d+/, '0')
  const items = batched ? own : [item({ title: prev.title, body: own.join(' ') })]
  items.push(item(notice))
  return { ...prev, title: headline(items.length), body: [...items, ...tail].join('\n'), link: notice.link ?? prev.link }
}

/**
 * Records the owner notification for an event inside the caller's transaction (`tx`), merged
 * by the rule above, and queues a WeChat subscription message for a new message when the owner
 * holds a credit for the kind's template. Returns the message's id (an existing one when merged).
 */
export async function notifyOwner(tx: Executor, notice: OwnerNotice): Promise<number> {
  // Wall clock only when the caller gave none (callers should pass app.config.now()).
  const at = notice.at ?? new Date()
  const when = at.toISOString()
  // Rule 1 only inside a transaction: the shared database handle would merge unrelated events.
  const inTx = (tx as { isTransaction?: boolean }).isTransaction === true
  let byCase = inTx ? writtenIn.get(tx) : undefined
  if (inTx && !byCase) writtenIn.set(tx, (byCase = new Map()))
  const remember = (w: Written) => byCase?.set(notice.caseId, w)

  let same = byCase?.get(notice.caseId)
  const prev =
    BATCHED_KINDS[notice.kind] && (!same || isStage(same.kind))
      ? await repo.latestUnreadOfKind(tx, notice.caseId, notice.kind, new Date(at.getTime() - BATCH_WINDOW_MS).toISOString())
      : undefined
  let stageTail = ''
  if (same && prev && prev.id !== same.id) {
    // The stage notice came first (syncStages ran before the event, e.g. the last signature):
    // the batch takes the event and the stage's line; the stage-only row goes.
    stageTail = stageLine(same)
    await repo.deleteNotification(tx, same.id)
    same = undefined
  }
  const base = same ?? prev
  if (base) {
    let merged = same ? foldIntoSame(same, notice) : addToBatch(base, notice)
    if (stageTail && !merged.body.split('\n').includes(stageTail)) merged = { ...merged, body: `${merged.body}\n${stageTail}` }
    if (merged === base || (await repo.rewriteNotification(tx, base.id, base, { ...merged, at: when }))) {
      // Rule 3: a stage notice written first may have queued none; the event may then queue one.
      let queued = same?.queued ?? (await repo.hasSubscriptionMessage(tx, base.id))
      if (!queued) queued = await queueSubscriptionMessage(tx, { caseId: notice.caseId, notificationId: base.id, kind: merged.kind, at: when })
      remember({ ...merged, queued })
      return base.id
    }
  }
  const id = await repo.insertNotification(tx, {
    caseId: notice.caseId,
    kind: notice.kind,
    title: notice.title,
    body: notice.body,
    link: notice.link ?? null,
    at: when
  })
  const queued = await queueSubscriptionMessage(tx, { caseId: notice.caseId, notificationId: id, kind: notice.kind, at: when })
  remember({ id, kind: notice.kind, title: notice.title, body: notice.body, link: notice.link ?? null, queued })
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

/*
 * WeChat subscription messages (订阅消息). The owner accepts templates on a tap in the weapp
 * (`Taro.requestSubscribeMessage`, at most 3 at once); every acceptance is a one-time credit
 * for one message of that template. `notifyOwner` queues a message when a credit exists;
 * `flushOutbox` sends queued ones after the response: in sandbox (default) it only records
 * that it would have sent (kind + template, no personal data); with WX_APPID/WX_SECRET and
 * WX_TEMPLATE_* set it calls cgi-bin/message/subscribe/send.
 */
import { PostgresAdapter } from 'kysely'
import type { Db, Executor } from '../../db/database'
import { shanghaiDateTime } from '../../lib/time'

/** Template slots; each is configured by env WX_TEMPLATE_<SLOT>. */
export const TEMPLATE_SLOTS = ['REVIEW', 'PROGRESS', 'REMINDER'] as const
export type TemplateSlot = (typeof TEMPLATE_SLOTS)[number]

export const SLOT_TITLES: Record<TemplateSlot, string> = {
  REVIEW: '资料审核结果通知',
  PROGRESS: '入伙办理进度通知',
  REMINDER: '预约办理提醒'
}

export interface SubscribeConfig {
  appId?: string
  secret?: string
  /** slot → WeChat template id */
  templates: Partial<Record<TemplateSlot, string>>
  /** true unless appId, secret and at least one template are configured */
  sandbox: boolean
  page: string
}

/** Read at call time so the server (and tests) can configure templates by env. */
export function subscribeConfig(env: NodeJS.ProcessEnv = process.env): SubscribeConfig {
  const templates: Partial<Record<TemplateSlot, string>> = {}
  for (const slot of TEMPLATE_SLOTS) {
    const v = env[`WX_TEMPLATE_${slot}`]?.trim()
    if (v) templates[slot] = v
  }
  const appId = env.WX_APPID || undefined
  const secret = env.WX_SECRET || undefined
  const real = Boolean(appId && secret && Object.keys(templates).length > 0 && env.WX_SUBSCRIBE_SANDBOX !== '1')
  return { appId, secret, templates, sandbox: !real, page: env.WX_SUBSCRIBE_PAGE || 'pages/home/index' }
}

/** The template slot a notification kind is delivered through. */
export function slotForKind(kind: string): TemplateSlot {
  if (kind.startsWith('document') || kind.startsWith('delegate')) return 'REVIEW'
  if (kind.startsWith('stage')) return 'PROGRESS'
  return 'REMINDER'
}

/** Template ids the weapp may ask for (at most 3 in one requestSubscribeMessage call). */
export function offeredTemplates(cfg: SubscribeConfig = subscribeConfig()): { slot: TemplateSlot; templateId: string; title: string }[] {
  return TEMPLATE_SLOTS.filter((s) => cfg.templates[s]).map((s) => ({ slot: s, templateId: cfg.templates[s]!, title: SLOT_TITLES[s] }))
}

/** Records the templates the owner accepted: one more one-time credit each. */
export async function recordAcceptance(tx: Executor, caseId: number, templateIds: string[], at: string): Promise<string[]> {
  const known = new Set(offeredTemplates().map((t) => t.templateId))
  const accepted = [...new Set(templateIds)].filter((t) => known.has(t))
  for (const templateId of accepted) {
    const row = await tx.selectFrom('wx_subscriptions').select(['id', 'credits']).where('case_id', '=', caseId).where('template_id', '=', templateId).executeTakeFirst()
    if (row) {
      await tx.updateTable('wx_subscriptions').set((eb) => ({ credits: eb('credits', '+', 1), updated_at: at })).where('id', '=', row.id).execute()
    } else {
      await tx.insertInto('wx_subscriptions').values({ case_id: caseId, template_id: templateId, credits: 1, updated_at: at }).execute()
    }
  }
  return accepted
}

/** Inside notifyOwner's transaction: spends one credit and queues one message, if possible. */
export async function queueSubscriptionMessage(
  tx: Executor,
  m: { caseId: number; notificationId: number; kind: string; at: string }
): Promise<boolean> {
  const templateId = subscribeConfig().templates[slotForKind(m.kind)]
  if (!templateId) return false
  const spent = await tx
    .updateTable('wx_subscriptions')
    .set((eb) => ({ credits: eb('credits', '-', 1), updated_at: m.at }))
    .where('case_id', '=', m.caseId)
    .where('template_id', '=', templateId)
    .where('credits', '>', 0)
    .executeTakeFirst()
  if (Number(spent.numUpdatedRows ?? 0) === 0) return false
  await tx
    .insertInto('wx_messages')
    .values({ case_id: m.caseId, notification_id: m.notificationId, template_id: templateId, kind: m.kind, status: 'queued', error: null, created_at: m.at })
    .execute()
  outboxDirty = true
  return true
}

/**
 * Set when a message was queued in this process: the flush after a response only touches the
 * database when there may be something to send (it is on every write's path, e.g. the booking rush).
 * Messages queued before a restart are flushed once when the app is ready.
 */
let outboxDirty = true
export function takeOutboxDirty(): boolean {
  const dirty = outboxDirty
  outboxDirty = false
  return dirty
}

type Fetch = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<{ ok: boolean; json(): Promise<any> }>

let tokenCache: { token: string; expires: number } | null = null

async function accessToken(cfg: SubscribeConfig, fetchFn: Fetch): Promise<string> {
  if (tokenCache && tokenCache.expires > Date.now()) return tokenCache.token
  const url = `https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(cfg.appId!)}&secret=${encodeURIComponent(cfg.secret!)}`
  const r = await (await fetchFn(url)).json()
  if (!r?.access_token) throw new Error(`token errcode ${r?.errcode ?? 'unknown'}`)
  tokenCache = { token: r.access_token, expires: Date.now() + (Number(r.expires_in ?? 7200) - 300) * 1000 }
  return tokenCache.token
}

/** Cuts a text to WeChat's `thing` field limit (20 characters). */
const thing = (s: string) => (s.length > 20 ? s.slice(0, 19) + '…' : s)

/*
 * Outbox retry (issue 8 item 4). A message row moves queued → sending → sandbox | sent |
 * skipped | failed. Contract:
 *  1. Rows are claimed by ONE statement (UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING);
 *     on PostgreSQL the inner SELECT is FOR UPDATE SKIP LOCKED, so two instances flushing at
 *     once claim disjoint rows and never send a message twice; SQLite serialises writers.
 *  2. A failure that may pass (network, WeChat busy, expired token) is retried with
 *     exponential backoff: next_attempt_at = now + 1 min × 2^(attempts − 1), at most 6 h,
 *     until MAX_ATTEMPTS; then it stays 'failed' with next_attempt_at null. A refusal that will
 *     not pass (the user withdrew consent, a bad openid or template) is not retried.
 *  3. A row left in 'sending' longer than STUCK_SENDING_MS (its instance crashed mid-send)
 *     is claimed again. WeChat has no idempotency key for subscribe/send, so a crash after
 *     WeChat accepted the message and before the row was updated can send it twice: the
 *     outbox is at-least-once only across crashes, exactly-once otherwise.
 *  4. Errors are stored as errcodes or short messages, never with message content.
 */
export const MAX_ATTEMPTS = 8
export const RETRY_BASE_MS = 60_000
export const RETRY_MAX_MS = 6 * 3_600_000
export const STUCK_SENDING_MS = 10 * 60_000
/** WeChat errcodes that a retry cannot fix (43101: the user refused / has no credit left). */
const PERMANENT_ERRCODES = new Set([43101, 40003, 40037, 41030, 47003])
/** The cached access token is no longer valid. */
const TOKEN_ERRCODES = new Set([40001, 42001, 40014])

/** Backoff before attempt `attempts + 1` (edge case 2). */
export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1))
}

function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}

/** Claims up to `limit` rows due now (edge cases 1 and 3); the returned rows are this caller's. */
export async function claimOutbox(db: Db, now: Date, limit = 50) {
  const at = now.toISOString()
  const stuckBefore = new Date(now.getTime() - STUCK_SENDING_MS).toISOString()
  const pg = isPostgres(db)
  return db
    .updateTable('wx_messages')
    .set((eb) => ({ status: 'sending', claimed_at: at, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', (eb) => {
      const q = eb
        .selectFrom('wx_messages')
        .select('id')
        .where((w) =>
          w.or([
            w('status', '=', 'queued'),
            w.and([w('status', '=', 'failed'), w('next_attempt_at', 'is not', null), w('next_attempt_at', '<=', at)]),
            w.and([w('status', '=', 'sending'), w.or([w('claimed_at', 'is', null), w('claimed_at', '<=', stuckBefore)])])
          ])
        )
        .orderBy('id')
        .limit(limit)
      return pg ? q.forUpdate().skipLocked() : q
    })
    .returningAll()
    .execute()
}

/**
 * Sends (or, in sandbox, records) the messages that are due. Never throws: failures are
 * stored on the message row (`failed` + errcode + the next attempt), not logged with content.
 */
export async function flushOutbox(db: Db, opts: { cfg?: SubscribeConfig; fetch?: Fetch; now: () => Date }): Promise<number> {
  const cfg = opts.cfg ?? subscribeConfig()
  const claimed = await claimOutbox(db, opts.now())
  let done = 0
  const fail = async (m: (typeof claimed)[number], error: string, retry: boolean) => {
    const attempts = Number(m.attempts)
    const next = retry && attempts < MAX_ATTEMPTS ? new Date(opts.now().getTime() + retryDelayMs(attempts)).toISOString() : null
    await db.updateTable('wx_messages').set({ status: 'failed', error, next_attempt_at: next }).where('id', '=', m.id).where('status', '=', 'sending').execute()
  }
  for (const m of claimed) {
    if (cfg.sandbox) {
      await db.updateTable('wx_messages').set({ status: 'sandbox', error: null, next_attempt_at: null }).where('id', '=', m.id).execute()
      done++
      continue
    }
    try {
      const link = await db.selectFrom('wechat_links').select('openid').where('case_id', '=', m.case_id).orderBy('id', 'desc').executeTakeFirst()
      const n = m.notification_id
        ? await db.selectFrom('notifications').select(['title', 'created_at']).where('id', '=', m.notification_id).executeTakeFirst()
        : undefined
      if (!link || !n) {
        await db.updateTable('wx_messages').set({ status: 'skipped', error: link ? 'no notification' : 'no openid', next_attempt_at: null }).where('id', '=', m.id).execute()
        continue
      }
      const fetchFn = opts.fetch ?? (globalThis.fetch as unknown as Fetch)
      const token = await accessToken(cfg, fetchFn)
      const res = await fetchFn(`https://api.weixin.qq.com/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          touser: link.openid,
          template_id: m.template_id,
          page: cfg.page,
          data: { thing1: { value: thing(n.title) }, time2: { value: shanghaiDateTime(n.created_at) } }
        })
      })
      const body = await res.json()
      const errcode = Number(body?.errcode)
      if (errcode === 0) {
        await db.updateTable('wx_messages').set({ status: 'sent', error: null, next_attempt_at: null }).where('id', '=', m.id).execute()
        done++
        continue
      }
      if (TOKEN_ERRCODES.has(errcode)) tokenCache = null
      await fail(m, `errcode ${body?.errcode}`, !PERMANENT_ERRCODES.has(errcode))
    } catch (err) {
      await fail(m, String((err as Error).message).slice(0, 200), true)
    }
  }
  return done
}

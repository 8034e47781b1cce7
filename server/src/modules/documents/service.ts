import type { Db, Executor } from '../../db/database'
import { ApiError } from '../../errors'
import { maskName, sha256 } from '../../lib/crypto'
import { maskedIdOrMark } from '../../lib/unreadable'
import type { AppConfig } from '../../config'
import type { OwnerAuth, StaffAuth } from '../../plugins/auth'
import {
  REVIEW_REASON_TEMPLATES,
  REVIEW_TARGET_HOURS,
  type ChecklistResponse,
  type ReviewCase,
  type ReviewQueue,
  type ReviewResult,
  type UploadResult
} from '../../../../types/documents'
import { findHouseById, houseLabel } from '../../core/houses'
import { loadChecklist } from '../cases/repository'
import { canEnter } from '../cases/engine'
import { loadContext, requireStage, syncStages, type Actor } from '../cases/service'
import { notifyOwner } from '../notifications/service'
import { audit } from '../../core/audit'
import { reviewDelegate } from '../staff/service'
import { ALLOWED_MIMES, extensionFor } from '../uploads/sniff'
import { checkUpload } from '../uploads/content'
import { newStorageKey, type Storage } from '../uploads/storage'
import * as repo from './repository'

/** Items that are photos of an ID card: a separate consent must exist before upload (PIPL). */
export const ID_PHOTO_ITEMS = new Set(['owner_id_card'])
/**
 * The power of attorney belongs to identity verification: it is open before `documents` is,
 * and an upload goes straight to review (the delegate review route decides it).
 */
const IDENTITY_ITEMS = new Set(['power_of_attorney'])
export const MAX_FILES_PER_ITEM = 10
const HOUR_MS = 3_600_000

export interface UploadDeps {
  db: Db
  config: AppConfig
  storage: Storage
}

function actorOf(auth: OwnerAuth): Actor {
  return auth.role === 'delegate' ? { type: 'delegate', id: auth.delegateId, label: '委托人' } : { type: 'owner', id: auth.ownerId, label: '业主' }
}

/** Idempotent: the first consent's time is kept. */
export async function recordConsent(db: Db, config: AppConfig, auth: OwnerAuth, kind: string) {
  // Under the case lock: two taps at once would otherwise both find none and insert two.
  return db.transaction().execute(async (tx) => {
    await repo.lockCaseDocuments(tx, auth.caseId)
    const existing = await repo.findConsent(tx, auth.caseId, kind)
    if (existing) return { kind: existing.kind, at: existing.at }
    const at = config.now().toISOString()
    await repo.insertConsent(tx, auth.caseId, kind, at)
    return { kind, at }
  })
}

async function checklistFor(db: Executor, caseId: number, houseId: number) {
  const house = await findHouseById(db, houseId)
  if (!house) throw new ApiError(404, 'NOT_FOUND', '未找到房屋信息')
  return loadChecklist(db, caseId, house.communityId)
}

type ChecklistItem = Awaited<ReturnType<typeof loadChecklist>>[number]

async function findItem(db: Executor, auth: OwnerAuth, itemCode: string): Promise<ChecklistItem> {
  const item = (await checklistFor(db, auth.caseId, auth.houseId)).find((i) => i.code === itemCode)
  if (!item) throw new ApiError(404, 'NOT_FOUND', '没有这项入伙资料')
  return item
}

/** A page uploaded after the item's last rejection replaces the rejected pages on submit. */
function isReplacement(item: { status: string; reviewedAt: string | null }, createdAt: string): boolean {
  return item.status === 'rejected' && item.reviewedAt !== null && createdAt > item.reviewedAt
}

function allRequiredApproved(items: { required: boolean; status: string }[]): boolean {
  return items.filter((i) => i.required).every((i) => i.status === 'approved')
}

/** GET /api/owner/documents: the case's checklist with pages and what may be done. */
export async function getChecklist(db: Db, config: AppConfig, auth: OwnerAuth): Promise<ChecklistResponse> {
  const now = config.now()
  const items = await checklistFor(db, auth.caseId, auth.houseId)
  const pages = await repo.listPages(db, auth.caseId)
  const ctx = await loadContext(db, auth.caseId)
  const gate = canEnter('documents', ctx.facts, ctx.policy, now)
  const consent = await repo.hasConsent(db, auth.caseId, 'id_photo')
  return {
    items: items.map((i) => {
      const own = pages.filter((p) => p.itemCode === i.code)
      const itemOpen = IDENTITY_ITEMS.has(i.code) || gate.ok
      const editable = itemOpen && i.status !== 'approved'
      const fresh = i.status === 'rejected' ? own.some((p) => isReplacement(i, p.createdAt)) : own.length > 0
      return {
        code: i.code,
        title: i.title,
        description: i.description,
        requirement: i.requirement,
        required: i.required,
        status: i.status,
        reason: i.status === 'rejected' ? i.reason : null,
        submittedAt: i.submittedAt,
        reviewedAt: i.reviewedAt,
        pages: own.map((p) => ({
          id: p.id,
          mime: p.mime,
          size: p.size,
          page: p.page,
          createdAt: p.createdAt,
          url: `/api/owner/files/${p.id}`,
          replacement: isReplacement(i, p.createdAt)
        })),
        needsIdConsent: ID_PHOTO_ITEMS.has(i.code),
        editable,
        canSubmit: editable && (i.status === 'missing' || i.status === 'rejected') && fresh && !IDENTITY_ITEMS.has(i.code)
      }
    }),
    idPhotoConsent: consent,
    open: gate.ok,
    blockers: gate.ok ? [] : gate.reasons,
    reservationOpen: gate.ok && allRequiredApproved(items),
    maxPagesPerItem: MAX_FILES_PER_ITEM,
    maxBytes: config.uploadMaxBytes
  }
}

async function guardItem(db: Executor, auth: OwnerAuth, itemCode: string, now: Date): Promise<ChecklistItem> {
  const item = await findItem(db, auth, itemCode)
  if (!IDENTITY_ITEMS.has(itemCode)) await requireStage(db, auth.caseId, 'documents', now)
  if (item.status === 'approved') throw new ApiError(409, 'CONFLICT', '该资料已审核通过，无需重复上传')
  return item
}

/** Marks an item submitted: the rejected pages are replaced by the ones uploaded since. */
async function markSubmitted(tx: Executor, auth: OwnerAuth, itemCode: string, at: string): Promise<void> {
  const sub = await repo.findSubmission(tx, auth.caseId, itemCode)
  if (sub?.status === 'rejected' && sub.reviewed_at) {
    await repo.deletePagesUpTo(tx, auth.caseId, itemCode, sub.reviewed_at, at)
    await repo.renumberPages(tx, auth.caseId, itemCode)
  }
  await repo.upsertSubmitted(tx, auth.caseId, itemCode, at)
  if (itemCode === 'power_of_attorney') {
    // A new power of attorney after a rejection goes back to the reviewers.
    await repo.reopenRejectedDelegates(tx, auth.caseId)
  }
}

/**
 * Stores one page of a checklist item. Pages are drafts until the item is submitted, except
 * the power of attorney (submitted on upload, as the delegate flow expects) and pages added
 * to an item already waiting for review (they join that review).
 */
export async function uploadDocument(deps: UploadDeps, auth: OwnerAuth, itemCode: string, buf: Buffer): Promise<UploadResult> {
  const { db, config, storage } = deps
  const now = config.now()
  const at = now.toISOString()
  // Checked before storing the file, and again under the lock (the item may change meanwhile).
  await guardItem(db, auth, itemCode, now)
  if (ID_PHOTO_ITEMS.has(itemCode) && !(await repo.hasConsent(db, auth.caseId, 'id_photo'))) {
    throw new ApiError(403, 'CONSENT_REQUIRED', '上传身份证照片前，请先阅读并同意个人信息处理说明')
  }
  if (buf.length === 0) throw new ApiError(400, 'FILE_EMPTY', '文件是空的，请重新选择')
  const checked = await checkUpload(buf, new Set(ALLOWED_MIMES), '仅支持 JPG、PNG、WEBP 图片或 PDF 文件')
  const mime = checked.mime
  buf = checked.buf // what is stored: an image re-encoded without EXIF/GPS, a PDF as uploaded

  const key = newStorageKey(extensionFor(mime), now)
  await storage.put(key, buf, mime)
  try {
    return await db.transaction().execute(async (tx) => {
      await repo.lockCaseDocuments(tx, auth.caseId)
      const item = await guardItem(tx, auth, itemCode, now)
      const existing = await repo.listPages(tx, auth.caseId, itemCode)
      // After a rejection the old pages will be replaced, so only new pages count to the limit.
      const counted = item.status === 'rejected' ? existing.filter((p) => isReplacement(item, p.createdAt)) : existing
      if (counted.length >= MAX_FILES_PER_ITEM) throw new ApiError(409, 'CONFLICT', `每项资料最多上传 ${MAX_FILES_PER_ITEM} 页`)
      const id = await repo.insertPage(tx, {
        caseId: auth.caseId,
        itemCode,
        storageKey: key,
        mime,
        size: buf.length,
        sha256: sha256(buf),
        page: existing.length + 1,
        uploadedBy: auth.role,
        at
      })
      let status = item.status
      if (IDENTITY_ITEMS.has(itemCode)) {
        await markSubmitted(tx, auth, itemCode, at)
        await syncStages(tx, auth.caseId, actorOf(auth), now)
        status = 'submitted'
      }
      return {
        upload: { id, itemCode, mime, size: buf.length, createdAt: at, url: `/api/owner/files/${id}` },
        submission: { itemCode, status }
      }
    })
  } catch (err) {
    await storage.remove(key).catch(() => undefined)
    throw err
  }
}

/** Deletes one page of an item that is not approved; an item under review keeps one page at least. */
export async function deletePage(db: Db, config: AppConfig, auth: OwnerAuth, itemCode: string, uploadId: number): Promise<void> {
  const now = config.now()
  const at = now.toISOString()
  await db.transaction().execute(async (tx) => {
    await repo.lockCaseDocuments(tx, auth.caseId)
    const item = await guardItem(tx, auth, itemCode, now)
    const pages = await repo.listPages(tx, auth.caseId, itemCode)
    if (!pages.some((p) => p.id === uploadId)) throw new ApiError(404, 'NOT_FOUND', '文件不存在')
    if (item.status === 'submitted' && pages.length <= 1) throw new ApiError(409, 'CONFLICT', '资料审核中，至少保留一页')
    await repo.deleteUpload(tx, auth.caseId, uploadId, at)
    await repo.renumberPages(tx, auth.caseId, itemCode)
  })
}

/** POST /api/owner/documents/:itemCode/submit */
export async function submitItem(db: Db, config: AppConfig, auth: OwnerAuth, itemCode: string): Promise<{ itemCode: string; status: 'submitted' }> {
  const now = config.now()
  const at = now.toISOString()
  await db.transaction().execute(async (tx) => {
    await repo.lockCaseDocuments(tx, auth.caseId)
    const item = await guardItem(tx, auth, itemCode, now)
    if (item.status === 'submitted') throw new ApiError(409, 'CONFLICT', '该资料已提交，正在审核中')
    const pages = await repo.listPages(tx, auth.caseId, itemCode)
    const fresh = item.status === 'rejected' ? pages.filter((p) => isReplacement(item, p.createdAt)) : pages
    if (fresh.length === 0) {
      throw new ApiError(409, 'CONFLICT', item.status === 'rejected' ? '请先重新上传照片或文件，再提交审核' : '请先上传照片或文件，再提交审核')
    }
    await markSubmitted(tx, auth, itemCode, at)
    await syncStages(tx, auth.caseId, actorOf(auth), now)
  })
  return { itemCode, status: 'submitted' }
}

export async function findOwnUpload(db: Db, auth: OwnerAuth, uploadId: number) {
  return repo.findLiveUpload(db, auth.caseId, uploadId)
}

// ---- staff review --------------------------------------------------------------------

export function reviewReasons(): string[] {
  return [...REVIEW_REASON_TEMPLATES]
}

/** Cases waiting for review, oldest submission first, against the 24-hour target. */
export async function reviewQueue(db: Db, config: AppConfig, staff: StaffAuth): Promise<ReviewQueue> {
  const now = config.now().getTime()
  const rows = await repo.listWaiting(db, staff.communityId)
  const byCase = new Map<number, ReviewQueue['items'][number]>()
  for (const r of rows) {
    const caseId = Number(r.case_id)
    let entry = byCase.get(caseId)
    if (!entry) {
      const since = r.submitted_at ?? new Date(now).toISOString()
      const waitingMs = Math.max(0, now - Date.parse(since))
      entry = {
        caseId,
        houseLabel: houseLabel({ building: r.building, unit: r.unit, room: r.room }),
        ownerNameMasked: r.owner_name ? maskName(r.owner_name) : '',
        role: r.verified_role ?? 'owner',
        pendingItems: [],
        waitingSince: since,
        waitingMinutes: Math.floor(waitingMs / 60_000),
        targetHours: REVIEW_TARGET_HOURS,
        overdue: waitingMs >= REVIEW_TARGET_HOURS * HOUR_MS
      }
      byCase.set(caseId, entry)
    }
    entry.pendingItems.push({ code: r.item_code, title: r.title })
  }
  const items = [...byCase.values()] // insertion order = oldest submission first
  return { items, overdueCount: items.filter((i) => i.overdue).length, targetHours: REVIEW_TARGET_HOURS }
}

async function caseOf(db: Executor, staff: StaffAuth, caseId: number) {
  const c = await repo.findCaseInCommunity(db, caseId, staff.communityId)
  if (!c) throw new ApiError(404, 'NOT_FOUND', '未找到该入伙办理记录')
  return c
}

/** One case's checklist with pages (staff file URLs); the view is audited. */
export async function reviewCase(db: Db, config: AppConfig, staff: StaffAuth, caseId: number): Promise<ReviewCase> {
  const c = await caseOf(db, staff, caseId)
  const items = await loadChecklist(db, caseId, staff.communityId)
  const pages = await repo.listPages(db, caseId)
  const delegate = c.verified_role === 'delegate' ? await repo.latestDelegate(db, caseId) : undefined
  // The full registered name (and the masked ID) is what the reviewer compares the ID photo
  // with: each view is audited, naming what was shown.
  await audit(db, {
    actorType: 'staff',
    actorId: staff.userId,
    action: 'review.view',
    target: `case:${caseId}`,
    detail: delegate ? 'shown: owner name, owner id (masked), delegate name, delegate id (masked)' : 'shown: owner name, owner id (masked)',
    at: config.now().toISOString()
  })
  return {
    caseId,
    houseLabel: houseLabel({ building: c.building, unit: c.unit, room: c.room }),
    ownerNameMasked: c.owner_name ? maskName(c.owner_name) : '',
    ownerName: c.owner_name ?? '',
    ownerIdMasked: maskedIdOrMark(config.keys.aes, c.owner_id_cipher, 'registered_owners.id_cipher'),
    role: c.verified_role ?? 'owner',
    delegateNameMasked: delegate ? maskName(delegate.name) : null,
    delegateName: delegate ? delegate.name : null,
    delegateIdMasked: delegate ? maskedIdOrMark(config.keys.aes, delegate.id_cipher, 'delegates.id_cipher') : null,
    items: items.map((i) => ({
      code: i.code,
      title: i.title,
      required: i.required,
      status: i.status,
      reason: i.reason,
      submittedAt: i.submittedAt,
      pages: pages
        .filter((p) => p.itemCode === i.code)
        .map((p) => ({ id: p.id, mime: p.mime, size: p.size, page: p.page, url: `/api/staff/files/${p.id}` }))
    }))
  }
}

/**
 * Approve or reject one submitted item. The power of attorney of a delegate is decided by the
 * delegate review (one source of truth: it also sets delegates.status).
 */
export async function decideItem(
  db: Db,
  config: AppConfig,
  staff: StaffAuth,
  caseId: number,
  itemCode: string,
  decision: 'approve' | 'reject',
  rawReason: string | undefined
): Promise<ReviewResult> {
  const reason = rawReason?.trim() ?? ''
  if (decision === 'reject' && !reason) throw new ApiError(400, 'VALIDATION_FAILED', '驳回时请填写原因')
  const c = await caseOf(db, staff, caseId)
  const item = (await loadChecklist(db, caseId, staff.communityId)).find((i) => i.code === itemCode)
  if (!item) throw new ApiError(404, 'NOT_FOUND', '没有这项入伙资料')

  if (itemCode === 'power_of_attorney' && c.verified_role === 'delegate') {
    const d = await repo.latestDelegate(db, caseId)
    if (!d) throw new ApiError(404, 'NOT_FOUND', '未找到该委托人')
    const r = await reviewDelegate(db, config, staff, d.id, decision, reason || undefined)
    const after = await loadChecklist(db, caseId, staff.communityId)
    return { caseId, itemCode, status: r.status === 'approved' ? 'approved' : 'rejected', reservationOpen: allRequiredApproved(after) }
  }

  const now = config.now()
  const at = now.toISOString()
  const status = decision === 'approve' ? ('approved' as const) : ('rejected' as const)
  return db.transaction().execute(async (tx) => {
    // Conditional update: two reviewers deciding at once, only one wins.
    const won = await repo.decideSubmission(tx, caseId, itemCode, { status, reason: decision === 'reject' ? reason : null, reviewedBy: staff.userId, at })
    if (!won) {
      throw new ApiError(409, 'CONFLICT', item.status === 'missing' ? '该资料尚未提交，暂不能审核' : '该资料已审核或已撤回，请刷新后再试')
    }
    await notifyOwner(tx, {
      caseId,
      kind: decision === 'approve' ? 'document_approved' : 'document_rejected',
      title: decision === 'approve' ? `「${item.title}」已审核通过` : `「${item.title}」未通过审核`,
      body: decision === 'approve' ? '感谢您的配合。' : `原因：${reason}。请按提示重新上传后提交。`,
      link: '/owner/documents/index',
      at: now
    })
    await audit(tx, { actorType: 'staff', actorId: staff.userId, action: `document.${decision}`, target: `case:${caseId}:${itemCode}`, at })
    await syncStages(tx, caseId, { type: 'staff', id: staff.userId, label: staff.displayName }, now)
    const after = await loadChecklist(tx, caseId, staff.communityId)
    return { caseId, itemCode, status, reservationOpen: allRequiredApproved(after) }
  })
}

import type { Db } from '../../db/database'
import { ApiError } from '../../errors'
import { sha256 } from '../../lib/crypto'
import type { AppConfig } from '../../config'
import type { OwnerAuth } from '../../plugins/auth'
import type { UploadResult } from '../../../../types/documents'
import { findHouseById } from '../owner/repository'
import { loadChecklist } from '../cases/repository'
import { requireStage, syncStages, type Actor } from '../cases/service'
import { extensionFor, sniffMime } from '../uploads/sniff'
import { newStorageKey, type Storage } from '../uploads/storage'

/** Items that are photos of an ID card: a separate consent must exist before upload (PIPL). */
const ID_PHOTO_ITEMS = new Set(['owner_id_card'])
/** The power of attorney belongs to identity verification, so it is open before `documents` is. */
const IDENTITY_ITEMS = new Set(['power_of_attorney'])
export const MAX_FILES_PER_ITEM = 10

export interface UploadDeps {
  db: Db
  config: AppConfig
  storage: Storage
}

function actorOf(auth: OwnerAuth): Actor {
  return auth.role === 'delegate' ? { type: 'delegate', id: auth.delegateId, label: '委托人' } : { type: 'owner', id: auth.ownerId, label: '业主' }
}

export async function recordConsent(db: Db, config: AppConfig, auth: OwnerAuth, kind: string) {
  const at = config.now().toISOString()
  await db.insertInto('consents').values({ case_id: auth.caseId, kind, at }).execute()
  return { kind, at }
}

/** Stores one file (page) of a checklist item and marks the item submitted, all or nothing. */
export async function uploadDocument(deps: UploadDeps, auth: OwnerAuth, itemCode: string, buf: Buffer): Promise<UploadResult> {
  const { db, config, storage } = deps
  const now = config.now()
  const at = now.toISOString()
  const house = await findHouseById(db, auth.houseId)
  if (!house) throw new ApiError(404, 'NOT_FOUND', '未找到房屋信息')
  const item = (await loadChecklist(db, auth.caseId, house.communityId)).find((i) => i.code === itemCode)
  if (!item) throw new ApiError(404, 'NOT_FOUND', '没有这项入伙资料')
  if (!IDENTITY_ITEMS.has(itemCode)) await requireStage(db, auth.caseId, 'documents', now)
  if (item.status === 'approved') throw new ApiError(409, 'CONFLICT', '该资料已审核通过，无需重复上传')
  if (ID_PHOTO_ITEMS.has(itemCode)) {
    const consent = await db
      .selectFrom('consents')
      .select('id')
      .where('case_id', '=', auth.caseId)
      .where('kind', '=', 'id_photo')
      .executeTakeFirst()
    if (!consent) throw new ApiError(403, 'CONSENT_REQUIRED', '上传身份证照片前，请先阅读并同意个人信息处理说明')
  }
  if (buf.length === 0) throw new ApiError(400, 'FILE_EMPTY', '文件是空的，请重新选择')
  const mime = sniffMime(buf)
  if (!mime) throw new ApiError(415, 'UNSUPPORTED_FILE_TYPE', '仅支持 JPG、PNG、WEBP 图片或 PDF 文件')

  const key = newStorageKey(extensionFor(mime), now)
  await storage.put(key, buf, mime)
  try {
    return await db.transaction().execute(async (tx) => {
      const existing = await tx
        .selectFrom('uploads')
        .select('id')
        .where('case_id', '=', auth.caseId)
        .where('item_code', '=', itemCode)
        .where('deleted_at', 'is', null)
        .execute()
      if (existing.length >= MAX_FILES_PER_ITEM) throw new ApiError(409, 'CONFLICT', `每项资料最多上传 ${MAX_FILES_PER_ITEM} 个文件`)
      const row = await tx
        .insertInto('uploads')
        .values({
          case_id: auth.caseId,
          item_code: itemCode,
          purpose: 'document',
          storage_key: key,
          mime,
          size: buf.length,
          sha256: sha256(buf),
          page: existing.length + 1,
          uploaded_by: auth.role,
          created_at: at,
          deleted_at: null
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await tx
        .insertInto('document_submissions')
        .values({ case_id: auth.caseId, item_code: itemCode, status: 'submitted', reason: null, submitted_at: at, reviewed_by: null, reviewed_at: null, updated_at: at })
        .onConflict((oc) =>
          oc.columns(['case_id', 'item_code']).doUpdateSet({ status: 'submitted', reason: null, submitted_at: at, reviewed_by: null, reviewed_at: null, updated_at: at })
        )
        .execute()
      if (itemCode === 'power_of_attorney') {
        // A new power of attorney after a rejection goes back to the reviewers.
        await tx
          .updateTable('delegates')
          .set({ status: 'pending_review', reason: null })
          .where('case_id', '=', auth.caseId)
          .where('status', '=', 'rejected')
          .execute()
      }
      await syncStages(tx, auth.caseId, actorOf(auth), now)
      const id = Number(row.id)
      return {
        upload: { id, itemCode, mime, size: buf.length, createdAt: at, url: `/api/owner/files/${id}` },
        submission: { itemCode, status: 'submitted' as const }
      }
    })
  } catch (err) {
    await storage.remove(key).catch(() => undefined)
    throw err
  }
}

export async function findOwnUpload(db: Db, auth: OwnerAuth, uploadId: number) {
  const row = await db
    .selectFrom('uploads')
    .select(['storage_key', 'mime'])
    .where('id', '=', uploadId)
    .where('case_id', '=', auth.caseId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  return row ? { storageKey: row.storage_key, mime: row.mime } : null
}

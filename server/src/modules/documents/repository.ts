import { PostgresAdapter } from 'kysely'
import type { Executor } from '../../db/database'

/**
 * Serialises the document writers of one case (upload, delete, submit, consent) inside their
 * transaction: each reads and then writes, so two at once would both pass the page limit, take
 * the same page number, both delete "the second-last" page, or record the consent twice. PostgreSQL: the case row
 * FOR NO KEY UPDATE (inserts referencing the case still proceed); SQLite serialises writers.
 */
export async function lockCaseDocuments(tx: Executor, caseId: number): Promise<void> {
  if (tx.getExecutor().adapter instanceof PostgresAdapter) {
    await tx.selectFrom('move_in_cases').select('id').where('id', '=', caseId).forNoKeyUpdate().execute()
  }
}

export interface PageRow {
  id: number
  itemCode: string
  mime: string
  size: number
  page: number
  createdAt: string
}

/** Live (not deleted) document pages of a case, per item in page order. */
export async function listPages(db: Executor, caseId: number, itemCode?: string): Promise<PageRow[]> {
  let q = db
    .selectFrom('uploads')
    .select(['id', 'item_code', 'mime', 'size', 'page', 'created_at'])
    .where('case_id', '=', caseId)
    .where('purpose', '=', 'document')
    .where('deleted_at', 'is', null)
  if (itemCode) q = q.where('item_code', '=', itemCode)
  const rows = await q.orderBy('item_code').orderBy('page').orderBy('id').execute()
  return rows.map((r) => ({
    id: Number(r.id),
    itemCode: r.item_code ?? '',
    mime: r.mime,
    size: Number(r.size),
    page: Number(r.page),
    createdAt: r.created_at
  }))
}

/** Page numbers 1..n again after a deletion or replacement. */
export async function renumberPages(db: Executor, caseId: number, itemCode: string): Promise<void> {
  const pages = await listPages(db, caseId, itemCode)
  for (const [i, p] of pages.entries()) {
    if (p.page !== i + 1) await db.updateTable('uploads').set({ page: i + 1 }).where('id', '=', p.id).execute()
  }
}

export async function findSubmission(db: Executor, caseId: number, itemCode: string) {
  return db
    .selectFrom('document_submissions')
    .select(['id', 'status', 'reason', 'submitted_at', 'reviewed_at'])
    .where('case_id', '=', caseId)
    .where('item_code', '=', itemCode)
    .executeTakeFirst()
}

export async function hasConsent(db: Executor, caseId: number, kind: string): Promise<boolean> {
  const r = await db.selectFrom('consents').select('id').where('case_id', '=', caseId).where('kind', '=', kind).executeTakeFirst()
  return Boolean(r)
}

/** Cases of a community with at least one item waiting for review, oldest submission first. */
export async function listWaiting(db: Executor, communityId: number) {
  return db
    .selectFrom('document_submissions as ds')
    .innerJoin('move_in_cases as mc', 'mc.id', 'ds.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .innerJoin('checklist_items as ci', (j) => j.onRef('ci.code', '=', 'ds.item_code').onRef('ci.community_id', '=', 'h.community_id'))
    .leftJoin('registered_owners as o', 'o.id', 'mc.owner_id')
    .select(['ds.case_id', 'ds.item_code', 'ds.submitted_at', 'ci.title', 'ci.sort', 'b.name as building', 'h.unit', 'h.room', 'o.name as owner_name', 'mc.verified_role'])
    .where('h.community_id', '=', communityId)
    .where('ds.status', '=', 'submitted')
    .orderBy('ds.submitted_at')
    .orderBy('ds.id')
    .execute()
}

export async function findCaseInCommunity(db: Executor, caseId: number, communityId: number) {
  return db
    .selectFrom('move_in_cases as mc')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .leftJoin('registered_owners as o', 'o.id', 'mc.owner_id')
    .select(['mc.id', 'mc.verified_role', 'h.community_id', 'b.name as building', 'h.unit', 'h.room', 'o.name as owner_name', 'o.id_cipher as owner_id_cipher'])
    .where('mc.id', '=', caseId)
    .where('h.community_id', '=', communityId)
    .executeTakeFirst()
}

export async function latestDelegate(db: Executor, caseId: number) {
  return db.selectFrom('delegates').select(['id', 'name', 'status', 'id_cipher']).where('case_id', '=', caseId).orderBy('id', 'desc').executeTakeFirst()
}

export async function findConsent(db: Executor, caseId: number, kind: string) {
  return db.selectFrom('consents').select(['kind', 'at']).where('case_id', '=', caseId).where('kind', '=', kind).executeTakeFirst()
}

export async function insertConsent(tx: Executor, caseId: number, kind: string, at: string): Promise<void> {
  await tx.insertInto('consents').values({ case_id: caseId, kind, at }).execute()
}

/** Deletes (softly) an item's live pages created up to its rejection: the new ones replace them. */
export async function deletePagesUpTo(tx: Executor, caseId: number, itemCode: string, reviewedAt: string, at: string): Promise<void> {
  await tx
    .updateTable('uploads')
    .set({ deleted_at: at })
    .where('case_id', '=', caseId)
    .where('item_code', '=', itemCode)
    .where('deleted_at', 'is', null)
    .where('created_at', '<=', reviewedAt)
    .execute()
}

/** The item's submission is (again) waiting for review, any earlier decision cleared. */
export async function upsertSubmitted(tx: Executor, caseId: number, itemCode: string, at: string): Promise<void> {
  await tx
    .insertInto('document_submissions')
    .values({ case_id: caseId, item_code: itemCode, status: 'submitted', reason: null, submitted_at: at, reviewed_by: null, reviewed_at: null, updated_at: at })
    .onConflict((oc) =>
      oc.columns(['case_id', 'item_code']).doUpdateSet({ status: 'submitted', reason: null, submitted_at: at, reviewed_by: null, reviewed_at: null, updated_at: at })
    )
    .execute()
}

/** A rejected delegate of the case goes back to the reviewers. */
export async function reopenRejectedDelegates(tx: Executor, caseId: number): Promise<void> {
  await tx.updateTable('delegates').set({ status: 'pending_review', reason: null }).where('case_id', '=', caseId).where('status', '=', 'rejected').execute()
}

export interface NewPage {
  caseId: number
  itemCode: string
  storageKey: string
  mime: string
  size: number
  sha256: string
  page: number
  uploadedBy: string
  at: string
}

/** Stores one document page; returns its upload id. */
export async function insertPage(tx: Executor, p: NewPage): Promise<number> {
  const row = await tx
    .insertInto('uploads')
    .values({
      case_id: p.caseId,
      item_code: p.itemCode,
      purpose: 'document',
      storage_key: p.storageKey,
      mime: p.mime,
      size: p.size,
      sha256: p.sha256,
      page: p.page,
      uploaded_by: p.uploadedBy,
      created_at: p.at,
      deleted_at: null
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

/** Deletes (softly) one upload of the case. */
export async function deleteUpload(tx: Executor, caseId: number, uploadId: number, at: string): Promise<void> {
  await tx.updateTable('uploads').set({ deleted_at: at }).where('id', '=', uploadId).where('case_id', '=', caseId).execute()
}

/** A live upload of the case (any purpose), for serving its file. */
export async function findLiveUpload(db: Executor, caseId: number, uploadId: number) {
  const row = await db
    .selectFrom('uploads')
    .select(['storage_key', 'mime'])
    .where('id', '=', uploadId)
    .where('case_id', '=', caseId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  return row ? { storageKey: row.storage_key, mime: row.mime } : null
}

/**
 * Decides a submitted item: a conditional update (only while it is still 'submitted'), so of two
 * reviewers deciding at once only one wins. Returns whether this one did.
 */
export async function decideSubmission(
  tx: Executor,
  caseId: number,
  itemCode: string,
  d: { status: 'approved' | 'rejected'; reason: string | null; reviewedBy: number; at: string }
): Promise<boolean> {
  const res = await tx
    .updateTable('document_submissions')
    .set({ status: d.status, reason: d.reason, reviewed_by: d.reviewedBy, reviewed_at: d.at, updated_at: d.at })
    .where('case_id', '=', caseId)
    .where('item_code', '=', itemCode)
    .where('status', '=', 'submitted')
    .executeTakeFirst()
  return Number(res.numUpdatedRows ?? 0) > 0
}

import type { Executor } from '../../db/database'

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
    .select(['mc.id', 'mc.verified_role', 'h.community_id', 'b.name as building', 'h.unit', 'h.room', 'o.name as owner_name'])
    .where('mc.id', '=', caseId)
    .where('h.community_id', '=', communityId)
    .executeTakeFirst()
}

export async function latestDelegate(db: Executor, caseId: number) {
  return db.selectFrom('delegates').select(['id', 'name', 'status']).where('case_id', '=', caseId).orderBy('id', 'desc').executeTakeFirst()
}

import { sql } from 'kysely'
import type { Executor } from '../../db/database'

export interface FaqCategoryRow {
  id: number
  code: string
  title: string
  count: number
}

export async function communityExists(db: Executor, id: number): Promise<boolean> {
  const r = await db.selectFrom('communities').select('id').where('id', '=', id).executeTakeFirst()
  return r !== undefined
}

export async function communityOfInvite(db: Executor, token: string): Promise<number | null> {
  const r = await db.selectFrom('houses').select('community_id').where('invite_token', '=', token).executeTakeFirst()
  return r ? Number(r.community_id) : null
}

export async function listCategories(db: Executor, communityId: number): Promise<FaqCategoryRow[]> {
  const rows = await db
    .selectFrom('faq_categories as c')
    .leftJoin('faqs as f', 'f.category_id', 'c.id')
    .select(['c.id', 'c.code', 'c.title', sql<number>`count(f.id)`.as('n')])
    .where('c.community_id', '=', communityId)
    .groupBy(['c.id', 'c.code', 'c.title', 'c.sort'])
    .orderBy('c.sort')
    .orderBy('c.id')
    .execute()
  return rows.map((r) => ({ id: Number(r.id), code: r.code, title: r.title, count: Number(r.n) }))
}

/** `%term%` with the LIKE wildcards of the term escaped (ESCAPE '\'). */
export function likePattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/**
 * Questions of a community, optionally in one category, matching every term in the
 * question or the answer. lower() on both sides: PostgreSQL's LIKE is case-sensitive,
 * SQLite's is not (and SQLite's lower() folds ASCII only, which covers the Latin letters
 * owners type: "WiFi", "PDF").
 */
export async function searchFaqs(db: Executor, communityId: number, opts: { categoryId?: number; terms: string[] }) {
  let q = db
    .selectFrom('faqs as f')
    .innerJoin('faq_categories as c', 'c.id', 'f.category_id')
    .select(['f.id', 'f.question', 'f.answer', 'c.code', 'c.title'])
    .where('f.community_id', '=', communityId)
  if (opts.categoryId !== undefined) q = q.where('f.category_id', '=', opts.categoryId)
  for (const term of opts.terms) {
    const p = likePattern(term)
    q = q.where(sql<boolean>`(lower(f.question) like ${p} escape '\\' or lower(f.answer) like ${p} escape '\\')`)
  }
  const rows = await q.orderBy('c.sort').orderBy('f.sort').orderBy('f.id').limit(100).execute()
  return rows.map((r) => ({ id: Number(r.id), categoryCode: r.code, categoryTitle: r.title, question: r.question, answer: r.answer }))
}

import type { FastifyRequest } from 'fastify'
import type { Executor } from '../../db/database'
import { ApiError } from '../../errors'
import { sha256 } from '../../lib/crypto'
import type { FaqList, FaqQuery } from '../../../../types/faq'
import { findHouseById } from '../../core/houses'
import { findOwnerSession } from '../owner/repository'
import { findStaffSession } from '../staff/repository'
import * as repo from './repository'

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,128})$/

/**
 * The community whose FAQ to show: the session's (owner, then staff) when a live one is
 * sent, else `communityId` or the landing page's invitation `token`. The FAQ is public, so a
 * dead session is not an error: it falls back to the query.
 */
export async function resolveCommunity(db: Executor, req: FastifyRequest, query: FaqQuery & { token?: string }, now: Date): Promise<number> {
  const h = req.headers.authorization
  const m = typeof h === 'string' ? BEARER.exec(h.trim()) : null
  if (m) {
    const hash = sha256(m[1])
    const nowIso = now.toISOString()
    const owner = await findOwnerSession(db, hash)
    if (owner && owner.expiresAt > nowIso) {
      const house = await findHouseById(db, owner.houseId)
      if (house) return house.communityId
    }
    const staff = await findStaffSession(db, hash)
    if (staff && staff.active && staff.expiresAt > nowIso) return staff.communityId
  }
  if (query.communityId !== undefined) {
    if (!(await repo.communityExists(db, query.communityId))) throw new ApiError(404, 'NOT_FOUND', '未找到该小区')
    return query.communityId
  }
  if (query.token !== undefined) {
    const id = await repo.communityOfInvite(db, query.token)
    if (id === null) throw new ApiError(404, 'INVITE_NOT_FOUND', '二维码无效或已过期，请联系物业服务中心')
    return id
  }
  throw new ApiError(400, 'BAD_REQUEST', '请从入伙通知二维码或小程序首页进入常见问题')
}

/** Search terms: whitespace-separated, at most 5, each must match (question or answer). */
export function searchTerms(q: string | undefined): string[] {
  return (q ?? '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 5)
}

/** GET /api/faq */
export async function listFaq(db: Executor, communityId: number, query: FaqQuery): Promise<FaqList> {
  const categories = await repo.listCategories(db, communityId)
  const wanted = query.category?.trim()
  let category: (typeof categories)[number] | undefined
  if (wanted) {
    category = categories.find((c) => c.code === wanted || c.title === wanted)
    if (!category) throw new ApiError(404, 'NOT_FOUND', `没有“${wanted}”这个问题分类`)
  }
  const terms = searchTerms(query.q)
  const items = await repo.searchFaqs(db, communityId, { categoryId: category?.id, terms })
  return {
    categories: categories.map((c) => ({ code: c.code, title: c.title, count: c.count })),
    category: category?.code ?? null,
    q: terms.join(' '),
    items
  }
}

/*
 * Printed move-in notices, QR stickers, mini-program codes ahead of time, and the lost-notice
 * reissue. Rules, numbered (each has a test in test/server/notices.test.ts):
 *  1. Exactly one of building / batch / houseIds chooses the houses, else 400
 *     NOTICE_FILTER_INVALID; pages follow building, unit, room whatever order ids came in.
 *  2. No house matches (or an id is not of this community) → 404 NOTICE_NO_HOUSES.
 *  3. More than MAX_HOUSES_PER_PDF houses → 400 NOTICE_TOO_MANY: ~2,000 pages is already a
 *     ~1 MB file that takes seconds to build on the shared server and a long print job;
 *     a building or batch at a time is what a print shop takes anyway.
 *  4. Without WeChat credentials the QR is the H5 entry URL of the house's current token
 *     (the one the demo banner prints). With them, the mini-program code generated ahead of
 *     time for the current token; if any house lacks one (never generated, or WeChat refused),
 *     409 WXACODE_MISSING names them: the manager regenerates first, nothing half-printed.
 *  5. Generating codes skips houses whose current token already has one (cached), retries
 *     earlier failures, and reports each failure with WeChat's errcode.
 *  6. A reissued invitation replaces the token: the old QR no longer finds the house
 *     (404 INVITE_NOT_FOUND at /api/entry/:token and at verification), cached codes of the
 *     house are dropped.
 */
import type { Db, Executor } from '../../db/database'
import { ApiError } from '../../errors'
import type { AppConfig } from '../../config'
import type { StaffAuth } from '../../plugins/auth'
import { maskName, newInviteToken } from '../../lib/crypto'
import { shanghaiDate } from '../../lib/time'
import type { NoticeQuery, WxacodeFailure, WxacodeGenerateResponse, InvitationResponse } from '../../../../types/notices'
import { audit } from '../../core/audit'
import { houseLabel, listHouseIds } from '../../core/houses'
import { computeLines, totalOf } from '../fees/calc'
import { yuan } from '../../lib/money'
import { newStorageKey, type Storage } from '../uploads/storage'
import { renderNotices, renderStickers, type NoticePage, type QrImage } from './pdf'
import { WxacodeError, type Wxacode } from './wxacode'
import * as repo from './repository'
import type { NoticeHouse } from './repository'

export const MAX_HOUSES_PER_PDF = 2000

export interface NoticeDeps {
  db: Db
  config: AppConfig
  storage: Storage
  /** null = WeChat not configured: the QR carries the H5 entry URL */
  wxacode: Wxacode | null
}

/** The H5 entry URL of a token, as the demo banner prints it (hash router, `scene` query). */
export function entryUrlOf(publicUrl: string, token: string): string {
  return `${publicUrl}/#/pages/entry/index?scene=${encodeURIComponent(token)}`
}

/** Rules 1-3: the houses of a request, in print order. */
export async function selectHouses(db: Executor, communityId: number, q: NoticeQuery): Promise<NoticeHouse[]> {
  const given = [q.building, q.batch, q.houseIds].filter((v) => v !== undefined && v !== '')
  if (given.length !== 1) throw new ApiError(400, 'NOTICE_FILTER_INVALID', '请选择一个楼栋、一个批次或指定房屋（三者选一）')
  let ids: number[]
  if (q.houseIds) {
    const wanted = [...new Set(q.houseIds.split(',').map(Number))]
    if (wanted.length > MAX_HOUSES_PER_PDF) throw tooMany(wanted.length)
    if (wanted.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new ApiError(400, 'NOTICE_FILTER_INVALID', '房屋编号格式不正确')
    const all = await listHouseIds(db, communityId, {})
    const set = new Set(wanted)
    ids = all.filter((h) => set.has(h.houseId)).map((h) => h.houseId)
    if (ids.length !== wanted.length) throw new ApiError(404, 'NOTICE_NO_HOUSES', '部分房屋不存在或不属于本小区')
  } else {
    ids = (await listHouseIds(db, communityId, { building: q.building, batch: q.batch })).map((h) => h.houseId)
  }
  if (ids.length === 0) {
    throw new ApiError(404, 'NOTICE_NO_HOUSES', q.building ? `未找到楼栋“${q.building}”的房屋` : q.batch ? `批次“${q.batch}”没有房屋` : '未找到房屋')
  }
  if (ids.length > MAX_HOUSES_PER_PDF) throw tooMany(ids.length)
  return repo.noticeHouses(db, communityId, ids)
}

function tooMany(n: number) {
  return new ApiError(
    400,
    'NOTICE_TOO_MANY',
    `一次最多生成 ${MAX_HOUSES_PER_PDF} 户（本次 ${n} 户）：文件过大、生成和打印都很慢，请按楼栋或批次分开生成`
  )
}

function chineseDate(d: string): string {
  const [y, m, day] = d.split('-').map(Number)
  return `${y}年${m}月${day}日`
}

function dateWindow(first: string | null, last: string | null): string {
  if (!first) return '另行通知'
  if (!last || last === first) return chineseDate(first)
  const [y1] = first.split('-')
  const [y2, m2, d2] = last.split('-').map(Number)
  return y1 === String(y2) ? `${chineseDate(first)}至${m2}月${d2}日` : `${chineseDate(first)}至${chineseDate(last)}`
}

function feeDetail(basis: string, rateCents: number, area: number, months: number): string {
  const a = Number.isInteger(area) ? String(area) : area.toFixed(2).replace(/0$/, '')
  if (basis === 'per_m2_month') return `${yuan(rateCents)} 元/m²·月 × ${a} m² × ${months} 个月`
  if (basis === 'per_m2') return `${yuan(rateCents)} 元/m² × ${a} m²`
  return '每户'
}

type CommunityData = Awaited<ReturnType<typeof repo.communityNoticeData>>

function pageOf(c: CommunityData, h: NoticeHouse, qr: QrImage, entryUrl: string, today: string): NoticePage {
  const batch = c.batches.get(h.batch)
  const range = c.slotRange.get(h.batch)
  const first = batch?.startsOn ?? range?.first ?? null
  const last = batch?.endsOn ?? range?.last ?? null
  const lines = computeLines(c.rates, h.area, c.community.prepaidMonths)
  const documents = c.requiredDocuments.map((d) => d.title)
  if (!documents.some((t) => t.includes('付款'))) documents.push('付款凭证（购房款发票或收据）')
  return {
    communityName: c.community.name,
    houseLabel: houseLabel(h),
    ownerNames: h.ownerNames.map(maskName),
    batchTitle: batch?.title || h.batch,
    dateWindow: dateWindow(first, last),
    place: batch?.place || c.community.servicePlace || c.community.address || '物业服务中心',
    documents,
    fees: lines.map((l, i) => ({
      label: l.label,
      detail: feeDetail(c.rates[i].basis, c.rates[i].rateCents, h.area, c.community.prepaidMonths),
      amount: `¥${yuan(l.amountCents)}`
    })),
    feesTotal: `¥${yuan(totalOf(lines))}`,
    servicePhone: c.community.servicePhone,
    serviceHours: c.community.serviceHours,
    company: c.community.company,
    entryUrl,
    qr,
    issuedOn: chineseDate(today)
  }
}

/** Rule 4: the QR of every house, or 409 naming the houses without a mini-program code. */
async function qrImages(deps: NoticeDeps, houses: NoticeHouse[]): Promise<QrImage[]> {
  if (!deps.wxacode) return houses.map((h) => ({ kind: 'url', text: entryUrlOf(deps.config.publicUrl, h.token) }))
  const rows = await repo.findWxacodes(deps.db, houses.map((h) => h.houseId))
  const byHouse = new Map(rows.map((r) => [`${r.houseId}:${r.token}`, r]))
  const missing = houses.filter((h) => !byHouse.get(`${h.houseId}:${h.token}`)?.storageKey)
  if (missing.length) {
    const names = missing.slice(0, 10).map((h) => houseLabel(h)).join('、')
    throw new ApiError(
      409,
      'WXACODE_MISSING',
      `${missing.length} 户还没有小程序码（${names}${missing.length > 10 ? ' 等' : ''}），请先生成小程序码再打印`
    )
  }
  // read from storage page by page while the PDF is drawn
  return houses.map((h) => {
    const key = byHouse.get(`${h.houseId}:${h.token}`)!.storageKey!
    return {
      kind: 'stored' as const,
      load: async () => {
        const png = await deps.storage.get(key)
        if (!png) throw new ApiError(409, 'WXACODE_MISSING', `${houseLabel(h)} 的小程序码文件已丢失，请重新生成小程序码`)
        return png
      }
    }
  })
}

async function auditPrint(deps: NoticeDeps, staff: StaffAuth, action: string, q: NoticeQuery, houses: NoticeHouse[]) {
  await audit(deps.db, {
    actorType: 'staff',
    actorId: staff.userId,
    action,
    target: `community:${staff.communityId}`,
    detail: JSON.stringify({ building: q.building ?? null, batch: q.batch ?? null, count: houses.length, houses: houses.slice(0, 200).map((h) => h.houseId) }),
    at: deps.config.now().toISOString()
  })
}

/** GET /api/staff/notices.pdf: one 入伙通知书 page per house. */
export async function noticesPdf(deps: NoticeDeps, staff: StaffAuth, q: NoticeQuery): Promise<{ pdf: Buffer; pages: number }> {
  const houses = await selectHouses(deps.db, staff.communityId, q)
  const qrs = await qrImages(deps, houses)
  const c = await repo.communityNoticeData(deps.db, staff.communityId)
  const today = shanghaiDate(deps.config.now())
  const pages = houses.map((h, i) => pageOf(c, h, qrs[i], entryUrlOf(deps.config.publicUrl, h.token), today))
  const pdf = await renderNotices(pages)
  // Masked names only on the pages; the audit keeps which houses were printed, by whom.
  await auditPrint(deps, staff, 'notice.print', q, houses)
  return { pdf, pages: pages.length }
}

/** GET /api/staff/notices/stickers.pdf: QR stickers, 12 to an A4 sheet. */
export async function stickersPdf(deps: NoticeDeps, staff: StaffAuth, q: NoticeQuery): Promise<{ pdf: Buffer; stickers: number }> {
  const houses = await selectHouses(deps.db, staff.communityId, q)
  const qrs = await qrImages(deps, houses)
  const c = await repo.communityNoticeData(deps.db, staff.communityId)
  const pdf = await renderStickers(
    houses.map((h, i) => ({ communityName: c.community.name, houseLabel: houseLabel(h), entryUrl: entryUrlOf(deps.config.publicUrl, h.token), qr: qrs[i] }))
  )
  await auditPrint(deps, staff, 'notice.stickers', q, houses)
  return { pdf, stickers: houses.length }
}

/** Rule 5: POST /api/staff/notices/wxacodes. A few calls at a time, well under WeChat's 5000 a minute. */
export async function generateWxacodes(deps: NoticeDeps, staff: StaffAuth, q: NoticeQuery): Promise<WxacodeGenerateResponse> {
  if (!deps.wxacode) throw new ApiError(409, 'CONFLICT', '未配置微信小程序（WX_APPID / WX_SECRET），通知书使用网页二维码，无需生成小程序码')
  const wx = deps.wxacode
  const houses = await selectHouses(deps.db, staff.communityId, q)
  const rows = await repo.findWxacodes(deps.db, houses.map((h) => h.houseId))
  const have = new Set(rows.filter((r) => r.storageKey).map((r) => `${r.houseId}:${r.token}`))
  const todo = houses.filter((h) => !have.has(`${h.houseId}:${h.token}`))
  const failed: WxacodeFailure[] = []
  let generated = 0
  let next = 0
  const worker = async () => {
    while (next < todo.length) {
      const h = todo[next++]
      const at = deps.config.now().toISOString()
      try {
        const png = await wx.getUnlimited(h.token)
        const key = newStorageKey('png', deps.config.now())
        await deps.storage.put(key, png, 'image/png')
        await repo.saveWxacode(deps.db, { houseId: h.houseId, token: h.token, storageKey: key, errorCode: null, errorMessage: null, at })
        generated++
      } catch (err) {
        const code = err instanceof WxacodeError ? err.code : 0
        const message = err instanceof WxacodeError ? wxMessage(err) : '保存小程序码失败'
        await repo.saveWxacode(deps.db, { houseId: h.houseId, token: h.token, storageKey: null, errorCode: code, errorMessage: message, at })
        failed.push({ houseId: h.houseId, label: houseLabel(h), code, message })
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(4, todo.length) }, worker))
  failed.sort((a, b) => todo.findIndex((h) => h.houseId === a.houseId) - todo.findIndex((h) => h.houseId === b.houseId))
  await audit(deps.db, {
    actorType: 'staff',
    actorId: staff.userId,
    action: 'wxacode.generate',
    target: `community:${staff.communityId}`,
    detail: JSON.stringify({ generated, cached: houses.length - todo.length, failed: failed.map((f) => [f.houseId, f.code]) }),
    at: deps.config.now().toISOString()
  })
  return { generated, cached: houses.length - todo.length, failed }
}

function wxMessage(err: WxacodeError): string {
  if (err.code === 40169) return `二维码参数（scene）不合法：${err.message}`
  if (err.code === 41030) return `小程序页面不存在或未发布：${err.message}`
  if (err.code === 0) return err.message
  return `微信返回错误 ${err.code}：${err.message}`
}

/**
 * Rule 6: POST /api/staff/houses/:houseId/invitation. Owner sessions already signed in are
 * left alone on purpose: that owner proved who they are with name + ID tail; the token only
 * opens the door to verification, so a found notice can no longer start it.
 */
export async function reissueInvitation(deps: NoticeDeps, staff: StaffAuth, houseId: number): Promise<InvitationResponse> {
  const now = deps.config.now()
  const at = now.toISOString()
  const house = await deps.db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['h.id', 'b.name as building', 'h.unit', 'h.room'])
    .where('h.id', '=', houseId)
    .where('h.community_id', '=', staff.communityId)
    .executeTakeFirst()
  if (!house) throw new ApiError(404, 'NOT_FOUND', '未找到该房屋')
  const token = newInviteToken()
  const dropped = await deps.db.transaction().execute(async (tx) => {
    await tx.updateTable('houses').set({ invite_token: token, token_issued_at: at }).where('id', '=', houseId).execute()
    const old = await tx.selectFrom('wxacodes').select(['storage_key']).where('house_id', '=', houseId).execute()
    await tx.deleteFrom('wxacodes').where('house_id', '=', houseId).execute()
    await audit(tx, { actorType: 'staff', actorId: staff.userId, action: 'invitation.reissue', target: `house:${houseId}`, at })
    return old.map((o) => o.storage_key).filter((k): k is string => !!k)
  })
  // files after the commit: a failed removal leaves an orphan file, never a dangling row
  for (const k of dropped) await deps.storage.remove(k).catch(() => undefined)
  return { houseId, label: houseLabel(house), entryUrl: entryUrlOf(deps.config.publicUrl, token), issuedAt: at }
}

import { sql } from 'kysely'
import type { Executor } from '../../db/database'

/** House with its building and community, as the owner-facing summaries need it. */
export interface HouseRow {
  id: number
  communityId: number
  communityName: string
  servicePhone: string
  building: string
  unit: string
  room: string
  floor: number
  area: number
  batch: string
  inviteToken: string
  openForMoveIn: boolean
}

function houseQuery(db: Executor) {
  return db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .innerJoin('communities as c', 'c.id', 'h.community_id')
    .select([
      'h.id',
      'h.community_id',
      'c.name as community_name',
      'c.service_phone',
      'b.name as building',
      'h.unit',
      'h.room',
      'h.floor',
      'h.area',
      'h.batch',
      'h.invite_token',
      'h.open_for_move_in'
    ])
}

type RawHouse = {
  id: number
  community_id: number
  community_name: string
  service_phone: string
  building: string
  unit: string
  room: string
  floor: number
  area: number
  batch: string
  invite_token: string
  open_for_move_in: number
}

function toHouse(r: RawHouse): HouseRow {
  return {
    id: Number(r.id),
    communityId: Number(r.community_id),
    communityName: r.community_name,
    servicePhone: r.service_phone,
    building: r.building,
    unit: r.unit,
    room: r.room,
    floor: Number(r.floor),
    area: Number(r.area),
    batch: r.batch,
    inviteToken: r.invite_token,
    openForMoveIn: Number(r.open_for_move_in) === 1
  }
}

export function houseLabel(h: { building: string; unit: string; room: string }): string {
  return `${h.building}${h.unit}单元${h.room}`
}

export function toHouseSummary(h: HouseRow) {
  return {
    id: h.id,
    communityName: h.communityName,
    building: h.building,
    unit: h.unit,
    room: h.room,
    label: houseLabel(h),
    area: h.area,
    batch: h.batch
  }
}

export async function findHouseByToken(db: Executor, token: string): Promise<HouseRow | null> {
  const r = await houseQuery(db).where('h.invite_token', '=', token).executeTakeFirst()
  return r ? toHouse(r as RawHouse) : null
}

export async function findHouseById(db: Executor, id: number): Promise<HouseRow | null> {
  const r = await houseQuery(db).where('h.id', '=', id).executeTakeFirst()
  return r ? toHouse(r as RawHouse) : null
}

export async function findOwnerMatch(db: Executor, houseId: number, name: string, tailHmac: string) {
  const r = await db
    .selectFrom('registered_owners')
    .select(['id', 'name', 'id_cipher'])
    .where('house_id', '=', houseId)
    .where('name', '=', name)
    .where('id_tail_hmac', '=', tailHmac)
    .orderBy('id')
    .executeTakeFirst()
  return r ? { id: Number(r.id), name: r.name, idCipher: r.id_cipher } : null
}

export async function findOwnerById(db: Executor, id: number) {
  const r = await db.selectFrom('registered_owners').select(['id', 'name', 'id_cipher', 'house_id']).where('id', '=', id).executeTakeFirst()
  return r ? { id: Number(r.id), name: r.name, idCipher: r.id_cipher, houseId: Number(r.house_id) } : null
}

export async function firstOwnerOfHouse(db: Executor, houseId: number) {
  const r = await db
    .selectFrom('registered_owners')
    .select(['id', 'name', 'id_cipher'])
    .where('house_id', '=', houseId)
    .orderBy('id')
    .executeTakeFirst()
  return r ? { id: Number(r.id), name: r.name, idCipher: r.id_cipher } : null
}

// --- verify attempts (rate limiting) ---

export async function recordAttempt(db: Executor, a: { houseId: number | null; clientKey: string; success: boolean; at: string }) {
  await db
    .insertInto('verify_attempts')
    .values({ house_id: a.houseId, client_key: a.clientKey, success: a.success ? 1 : 0, at: a.at })
    .execute()
}

/** Failure timestamps since `since`, newest first. */
export async function recentFailures(db: Executor, by: { houseId: number } | { clientKey: string }, since: string, limit: number) {
  let q = db.selectFrom('verify_attempts').select('at').where('success', '=', 0).where('at', '>', since)
  q = 'houseId' in by ? q.where('house_id', '=', by.houseId) : q.where('client_key', '=', by.clientKey)
  const rows = await q.orderBy('at', 'desc').limit(limit).execute()
  return rows.map((r) => r.at)
}

// --- delegates ---

export async function findDelegateByHmac(db: Executor, caseId: number, idHmac: string) {
  const r = await db
    .selectFrom('delegates')
    .select(['id', 'name', 'status'])
    .where('case_id', '=', caseId)
    .where('id_hmac', '=', idHmac)
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return r ? { id: Number(r.id), name: r.name, status: r.status } : null
}

export async function insertDelegate(db: Executor, d: { caseId: number; name: string; idCipher: string; idHmac: string; at: string }) {
  const r = await db
    .insertInto('delegates')
    .values({ case_id: d.caseId, name: d.name, id_cipher: d.idCipher, id_hmac: d.idHmac, status: 'pending_review', created_at: d.at })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

export async function findDelegate(db: Executor, id: number) {
  const r = await db.selectFrom('delegates').select(['id', 'case_id', 'name', 'status', 'reason']).where('id', '=', id).executeTakeFirst()
  return r ? { id: Number(r.id), caseId: Number(r.case_id), name: r.name, status: r.status as DelegateStatus, reason: r.reason } : null
}

export type DelegateStatus = 'pending_review' | 'approved' | 'rejected'

// --- owner sessions ---

export interface OwnerSessionRow {
  id: number
  caseId: number
  houseId: number
  ownerId: number | null
  role: 'owner' | 'delegate'
  delegateId: number | null
  expiresAt: string
}

export async function insertOwnerSession(
  db: Executor,
  s: { tokenHash: string; caseId: number; houseId: number; ownerId: number | null; role: string; delegateId: number | null; expiresAt: string; at: string }
) {
  await db
    .insertInto('owner_sessions')
    .values({
      token_hash: s.tokenHash,
      case_id: s.caseId,
      house_id: s.houseId,
      owner_id: s.ownerId,
      role: s.role,
      delegate_id: s.delegateId,
      expires_at: s.expiresAt,
      created_at: s.at
    })
    .execute()
}

export async function findOwnerSession(db: Executor, tokenHash: string): Promise<OwnerSessionRow | null> {
  const r = await db
    .selectFrom('owner_sessions')
    .select(['id', 'case_id', 'house_id', 'owner_id', 'role', 'delegate_id', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst()
  if (!r) return null
  return {
    id: Number(r.id),
    caseId: Number(r.case_id),
    houseId: Number(r.house_id),
    ownerId: r.owner_id === null ? null : Number(r.owner_id),
    role: r.role === 'delegate' ? 'delegate' : 'owner',
    delegateId: r.delegate_id === null ? null : Number(r.delegate_id),
    expiresAt: r.expires_at
  }
}

export async function deleteOwnerSession(db: Executor, id: number) {
  await db.deleteFrom('owner_sessions').where('id', '=', id).execute()
}

export async function deleteExpiredOwnerSessions(db: Executor, now: string) {
  await db.deleteFrom('owner_sessions').where('expires_at', '<', now).execute()
}

// --- WeChat links ---

export async function findWechatLink(db: Executor, openid: string) {
  const r = await db
    .selectFrom('wechat_links')
    .select(['id', 'house_id', 'case_id', 'owner_id', 'role', 'delegate_id'])
    .where('openid', '=', openid)
    .executeTakeFirst()
  if (!r) return null
  return {
    id: Number(r.id),
    houseId: Number(r.house_id),
    caseId: Number(r.case_id),
    ownerId: r.owner_id === null ? null : Number(r.owner_id),
    role: r.role === 'delegate' ? ('delegate' as const) : ('owner' as const),
    delegateId: r.delegate_id === null ? null : Number(r.delegate_id)
  }
}

/** One openid links to one house at a time; re-verifying elsewhere moves the link. */
export async function upsertWechatLink(
  db: Executor,
  l: { openid: string; houseId: number; caseId: number; ownerId: number | null; role: string; delegateId: number | null; at: string }
) {
  await db
    .insertInto('wechat_links')
    .values({
      openid: l.openid,
      house_id: l.houseId,
      case_id: l.caseId,
      owner_id: l.ownerId,
      role: l.role,
      delegate_id: l.delegateId,
      created_at: l.at
    })
    .onConflict((oc) =>
      oc.column('openid').doUpdateSet({
        house_id: l.houseId,
        case_id: l.caseId,
        owner_id: l.ownerId,
        role: l.role,
        delegate_id: l.delegateId,
        created_at: l.at
      })
    )
    .execute()
}

export async function countUnreadNotifications(db: Executor, caseId: number): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)`.as('n'))
    .where('case_id', '=', caseId)
    .where('read_at', 'is', null)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

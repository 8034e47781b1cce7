import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import type { StaffRole } from '../../../../types/staff'
import { STAFF_ROLES } from '../../../../types/staff'

function toRole(r: string): StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(r) ? (r as StaffRole) : 'reception'
}

export async function findStaffByUsername(db: Executor, username: string) {
  const r = await db
    .selectFrom('staff_users as u')
    .innerJoin('communities as c', 'c.id', 'u.community_id')
    .select(['u.id', 'u.username', 'u.password_hash', 'u.display_name', 'u.role', 'u.active', 'u.must_change_password', 'u.community_id', 'c.name as community_name'])
    .where('u.username', '=', username)
    .executeTakeFirst()
  if (!r) return null
  return {
    id: Number(r.id),
    username: r.username,
    passwordHash: r.password_hash,
    displayName: r.display_name,
    role: toRole(r.role),
    active: Number(r.active) === 1,
    mustChangePassword: Number(r.must_change_password) === 1,
    communityId: Number(r.community_id),
    communityName: r.community_name
  }
}

export async function findStaffById(db: Executor, id: number) {
  const r = await db
    .selectFrom('staff_users as u')
    .innerJoin('communities as c', 'c.id', 'u.community_id')
    .select(['u.id', 'u.username', 'u.display_name', 'u.role', 'c.name as community_name'])
    .where('u.id', '=', id)
    .executeTakeFirst()
  return r ? { id: Number(r.id), username: r.username, displayName: r.display_name, role: toRole(r.role), communityName: r.community_name } : null
}

export async function insertStaffSession(db: Executor, s: { tokenHash: string; userId: number; expiresAt: string; at: string }) {
  await db
    .insertInto('staff_sessions')
    .values({ token_hash: s.tokenHash, staff_user_id: s.userId, expires_at: s.expiresAt, created_at: s.at })
    .execute()
}

export async function findStaffSession(db: Executor, tokenHash: string) {
  const r = await db
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_users as u', 'u.id', 's.staff_user_id')
    .select(['s.id', 's.expires_at', 'u.id as user_id', 'u.username', 'u.display_name', 'u.role', 'u.active', 'u.must_change_password', 'u.community_id'])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst()
  if (!r) return null
  return {
    id: Number(r.id),
    expiresAt: r.expires_at,
    userId: Number(r.user_id),
    username: r.username,
    displayName: r.display_name,
    role: toRole(r.role),
    active: Number(r.active) === 1,
    mustChangePassword: Number(r.must_change_password) === 1,
    communityId: Number(r.community_id)
  }
}

export async function deleteStaffSession(db: Executor, id: number) {
  await db.deleteFrom('staff_sessions').where('id', '=', id).execute()
}

/** A live upload of a case in the community (what a reviewer may open), or null. */
export async function findUploadInCommunity(db: Executor, id: number, communityId: number) {
  const r = await db
    .selectFrom('uploads as u')
    .innerJoin('move_in_cases as mc', 'mc.id', 'u.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .select(['u.id', 'u.storage_key', 'u.mime'])
    .where('u.id', '=', id)
    .where('u.deleted_at', 'is', null)
    .where('h.community_id', '=', communityId)
    .executeTakeFirst()
  return r ? { id: Number(r.id), storageKey: r.storage_key, mime: r.mime } : null
}

export async function listDelegates(db: Executor, communityId: number, status: string | undefined, limit = 100) {
  let q = db
    .selectFrom('delegates as d')
    .innerJoin('move_in_cases as mc', 'mc.id', 'd.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .leftJoin('registered_owners as o', 'o.id', 'mc.owner_id')
    .select([
      'd.id',
      'd.case_id',
      'd.name',
      'd.id_cipher',
      'd.status',
      'd.reason',
      'd.created_at',
      'd.reviewed_at',
      'h.id as house_id',
      'b.name as building',
      'h.unit',
      'h.room',
      'o.name as owner_name'
    ])
    .where('h.community_id', '=', communityId)
  if (status) q = q.where('d.status', '=', status)
  const rows = await q.orderBy('d.created_at').orderBy('d.id').limit(limit).execute()
  return rows.map((r) => ({
    id: Number(r.id),
    caseId: Number(r.case_id),
    name: r.name,
    idCipher: r.id_cipher,
    status: r.status,
    reason: r.reason,
    createdAt: r.created_at,
    reviewedAt: r.reviewed_at,
    houseId: Number(r.house_id),
    building: r.building,
    unit: r.unit,
    room: r.room,
    ownerName: r.owner_name ?? ''
  }))
}

export async function findDelegateInCommunity(db: Executor, id: number, communityId: number) {
  const r = await db
    .selectFrom('delegates as d')
    .innerJoin('move_in_cases as mc', 'mc.id', 'd.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .select(['d.id', 'd.case_id', 'd.status'])
    .where('d.id', '=', id)
    .where('h.community_id', '=', communityId)
    .executeTakeFirst()
  return r ? { id: Number(r.id), caseId: Number(r.case_id), status: r.status } : null
}

/** Decides a delegate still waiting for review; false when another reviewer decided first. */
export async function setDelegateStatus(db: Executor, id: number, s: { status: string; reason: string | null; reviewedBy: number; at: string }): Promise<boolean> {
  const res = await db
    .updateTable('delegates')
    .set({ status: s.status, reason: s.reason, reviewed_by: s.reviewedBy, reviewed_at: s.at })
    .where('id', '=', id)
    .where('status', '=', 'pending_review')
    .executeTakeFirst()
  return Number(res.numUpdatedRows ?? 0) > 0
}

/** The list rows of the given houses (first registered owner of each), in the order of `ids`. */
export async function houseRowsByIds(db: Executor, ids: number[]) {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .leftJoin('move_in_cases as mc', 'mc.house_id', 'h.id')
    .select(['h.id', 'b.name as building', 'h.unit', 'h.room', 'mc.id as case_id', 'mc.verified_at'])
    .where('h.id', 'in', ids)
    .execute()
  const owners = await db
    .selectFrom('registered_owners')
    .select(['id', 'house_id', 'name', 'id_cipher'])
    .where('house_id', 'in', ids)
    .orderBy('id')
    .execute()
  const firstOwner = new Map<number, (typeof owners)[number]>()
  for (const o of owners) if (!firstOwner.has(Number(o.house_id))) firstOwner.set(Number(o.house_id), o)
  const byId = new Map(rows.map((r) => [Number(r.id), r]))
  return ids
    .map((id) => byId.get(id))
    .filter((r): r is (typeof rows)[number] => r !== undefined)
    .map((r) => {
      const o = firstOwner.get(Number(r.id))
      return {
        houseId: Number(r.id),
        building: r.building,
        unit: r.unit,
        room: r.room,
        ownerName: o?.name ?? '',
        idCipher: o?.id_cipher ?? null,
        caseId: r.case_id === null || r.case_id === undefined ? null : Number(r.case_id),
        verified: r.verified_at !== null && r.verified_at !== undefined
      }
    })
}

/** Stored stage statuses (kept by syncStages), today's reservations and check-ins of a community's cases. */
export async function storedStageFacts(db: Executor, communityId: number, today: string) {
  const stages = await db
    .selectFrom('case_stages as cs')
    .innerJoin('move_in_cases as mc', 'mc.id', 'cs.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .select(['cs.case_id', 'cs.stage', 'cs.status'])
    .where('h.community_id', '=', communityId)
    .execute()
  const reservedToday = await db
    .selectFrom('reservations as r')
    .innerJoin('slots as s', 's.id', 'r.slot_id')
    .select(['r.case_id'])
    .where('s.community_id', '=', communityId)
    .where('r.status', '=', 'active')
    .where('s.date', '=', today)
    .execute()
  const checkedIn = await db
    .selectFrom('checkins as ci')
    .innerJoin('move_in_cases as mc', 'mc.id', 'ci.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .select(['ci.case_id'])
    .where('h.community_id', '=', communityId)
    .distinct()
    .execute()
  const policy = await db
    .selectFrom('communities')
    .select(['policy_fees_required_for_keys', 'policy_agreements_required_for_keys'])
    .where('id', '=', communityId)
    .executeTakeFirst()
  return {
    stages: stages.map((r) => ({ caseId: Number(r.case_id), stage: r.stage, status: r.status })),
    onSite: new Set([...reservedToday, ...checkedIn].map((r) => Number(r.case_id))),
    feesRequiredForKeys: Number(policy?.policy_fees_required_for_keys ?? 0) === 1,
    agreementsRequiredForKeys: Number(policy?.policy_agreements_required_for_keys ?? 0) === 1
  }
}

/** Building names (in building order) and batch codes of a community: the house list's filter choices. */
export async function houseFilterChoices(db: Executor, communityId: number) {
  const buildings = await db.selectFrom('buildings').select(['name']).where('community_id', '=', communityId).orderBy('sort').orderBy(sql`length(${sql.ref('name')})`).orderBy('name').execute()
  const batches = await db.selectFrom('houses').select(['batch']).distinct().where('community_id', '=', communityId).orderBy('batch').execute()
  return { buildings: buildings.map((b) => b.name), batches: batches.map((b) => b.batch).filter((b) => b !== '') }
}

import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import { STAFF_ROLES, type StaffRole } from '../../../../types/staff'
import type { StaffAccount } from '../../../../types/accounts'

const COLUMNS = [
  'id',
  'community_id',
  'username',
  'display_name',
  'role',
  'active',
  'must_change_password',
  'created_at',
  'password_changed_at'
] as const

type Row = {
  id: number | string
  community_id: number | string
  username: string
  display_name: string
  role: string
  active: number | boolean
  must_change_password: number | boolean
  created_at: string | Date
  password_changed_at: string | Date | null
}

const iso = (v: string | Date) => (v instanceof Date ? v.toISOString() : v)

function toAccount(r: Row): StaffAccount & { communityId: number } {
  return {
    id: Number(r.id),
    communityId: Number(r.community_id),
    username: r.username,
    displayName: r.display_name,
    role: (STAFF_ROLES as readonly string[]).includes(r.role) ? (r.role as StaffRole) : 'reception',
    active: Number(r.active) === 1,
    mustChangePassword: Number(r.must_change_password) === 1,
    createdAt: iso(r.created_at),
    passwordChangedAt: r.password_changed_at === null ? null : iso(r.password_changed_at)
  }
}

export type AccountRow = ReturnType<typeof toAccount>

export async function listAccounts(db: Executor, communityId: number): Promise<AccountRow[]> {
  const rows = await db.selectFrom('staff_users').select(COLUMNS).where('community_id', '=', communityId).orderBy('id').execute()
  return rows.map(toAccount)
}

/** Any community's account: callers check the community themselves (404 outside it). */
export async function findAccount(db: Executor, id: number): Promise<AccountRow | null> {
  const r = await db.selectFrom('staff_users').select(COLUMNS).where('id', '=', id).executeTakeFirst()
  return r ? toAccount(r) : null
}

export async function findAccountByUsername(db: Executor, username: string): Promise<(AccountRow & { passwordHash: string }) | null> {
  const r = await db
    .selectFrom('staff_users')
    .select([...COLUMNS, 'password_hash'])
    .where(sql<string>`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst()
  return r ? { ...toAccount(r), passwordHash: r.password_hash } : null
}

export async function passwordHashOf(db: Executor, id: number): Promise<string | null> {
  const r = await db.selectFrom('staff_users').select('password_hash').where('id', '=', id).executeTakeFirst()
  return r?.password_hash ?? null
}

export async function insertAccount(
  db: Executor,
  a: { communityId: number; username: string; displayName: string; role: StaffRole; passwordHash: string; mustChangePassword: boolean; at: string }
): Promise<number> {
  const r = await db
    .insertInto('staff_users')
    .values({
      community_id: a.communityId,
      username: a.username,
      display_name: a.displayName,
      role: a.role,
      password_hash: a.passwordHash,
      active: 1,
      must_change_password: a.mustChangePassword ? 1 : 0,
      password_changed_at: a.mustChangePassword ? null : a.at,
      created_at: a.at
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

export async function updateAccount(db: Executor, id: number, patch: { role?: StaffRole; displayName?: string; active?: boolean }) {
  const set: { role?: string; display_name?: string; active?: number } = {}
  if (patch.role !== undefined) set.role = patch.role
  if (patch.displayName !== undefined) set.display_name = patch.displayName
  if (patch.active !== undefined) set.active = patch.active ? 1 : 0
  if (Object.keys(set).length > 0) await db.updateTable('staff_users').set(set).where('id', '=', id).execute()
}

export async function setPassword(db: Executor, id: number, p: { passwordHash: string; mustChange: boolean; at: string }) {
  await db
    .updateTable('staff_users')
    .set({ password_hash: p.passwordHash, must_change_password: p.mustChange ? 1 : 0, password_changed_at: p.mustChange ? null : p.at })
    .where('id', '=', id)
    .execute()
}

/** Ends the account's sessions, all of them or all but `keepSessionId`. */
export async function deleteSessions(db: Executor, userId: number, keepSessionId?: number): Promise<number> {
  let q = db.deleteFrom('staff_sessions').where('staff_user_id', '=', userId)
  if (keepSessionId !== undefined) q = q.where('id', '!=', keepSessionId)
  const r = await q.executeTakeFirst()
  return Number(r.numDeletedRows)
}

export async function listCommunities(db: Executor) {
  const rows = await db.selectFrom('communities').select(['id', 'name']).orderBy('id').execute()
  return rows.map((r) => ({ id: Number(r.id), name: r.name }))
}

export async function insertCommunity(db: Executor, name: string, at: string): Promise<number> {
  const r = await db.insertInto('communities').values({ name, created_at: at }).returning('id').executeTakeFirstOrThrow()
  return Number(r.id)
}

/*
 * Staff accounts: the manager of a community creates, changes and disables its accounts; the
 * admin CLI (admin.ts) uses the same functions with a 'system' actor. Rules:
 * 1. A new account or a reset gets a generated one-time password, returned once (only its
 *    scrypt hash is stored) and marked must-change: until changed, the guard answers 403
 *    PASSWORD_CHANGE_REQUIRED everywhere but me / logout / password.
 * 2. Disabling or resetting an account ends its sessions at once (same transaction).
 * 3. A manager cannot disable, demote or reset themselves (409 OWN_ACCOUNT_PROTECTED), so a
 *    community never loses its last manager through its own hands.
 * 4. Usernames are unique across communities (sign-in has no community field), case-insensitive.
 * 5. Passwords: at least PASSWORD_MIN_LENGTH characters; the new one differs from the current;
 *    a change needs the current password, with wrong tries limited like sign-in.
 * 6. Every change writes audit_log; no password, hash or one-time password is ever logged.
 */
import type { Db, Executor } from '../../db/database'
import { ApiError } from '../../errors'
import { generatePassword, hashPassword, verifyPassword } from '../../lib/crypto'
import { audit } from '../../core/audit'
// the attempt log shared with owner verification and staff sign-in
import { succeeded, takeAttempt } from '../../core/attempts'
import type { StaffRole } from '../../../../types/staff'
import { PASSWORD_MIN_LENGTH, type StaffAccount, type UpdateStaffAccountRequest } from '../../../../types/accounts'
import * as repo from './repository'

export { PASSWORD_MIN_LENGTH }

/** Who acts: a signed-in manager, or the admin CLI. */
export type Actor = { type: 'staff'; id: number } | { type: 'system'; id: null }

const publicView = ({ communityId: _c, ...a }: repo.AccountRow): StaffAccount => a

export function normalizeUsername(raw: string): string {
  return raw.trim().toLowerCase()
}

/** PASSWORD_TOO_SHORT unless `password` meets the minimum length (counted in characters). */
export function assertPasswordStrength(password: string): void {
  if (Array.from(password).length < PASSWORD_MIN_LENGTH) {
    throw new ApiError(400, 'PASSWORD_TOO_SHORT', `密码至少需要 ${PASSWORD_MIN_LENGTH} 位`)
  }
}

export async function listAccounts(db: Db, communityId: number): Promise<StaffAccount[]> {
  const rows = await repo.listAccounts(db, communityId)
  // managers first, then by creation
  return rows.sort((a, b) => Number(b.role === 'manager') - Number(a.role === 'manager') || a.id - b.id).map(publicView)
}

async function accountInCommunity(db: Executor, id: number, communityId: number): Promise<repo.AccountRow> {
  const a = await repo.findAccount(db, id)
  if (!a || a.communityId !== communityId) throw new ApiError(404, 'NOT_FOUND', '未找到该员工账号')
  return a
}

export interface PreparedAccount {
  username: string
  displayName: string
  role: StaffRole
  passwordHash: string
  /** null when the caller chose the password */
  oneTimePassword: string | null
}

/**
 * Validates and hashes outside any transaction (scrypt takes ~50 ms). `password` given (admin
 * with ANJIA_ADMIN_PASSWORD): used as is and not forced to change; otherwise a one-time password.
 */
export async function prepareAccount(input: { username: string; displayName: string; role: StaffRole; password?: string }): Promise<PreparedAccount> {
  const username = normalizeUsername(input.username)
  if (!/^[a-z0-9][a-z0-9._-]{2,31}$/.test(username)) {
    throw new ApiError(400, 'VALIDATION_FAILED', '用户名需为 3-32 位字母、数字、点、横线或下划线，以字母或数字开头')
  }
  const displayName = input.displayName.trim()
  if (displayName === '') throw new ApiError(400, 'VALIDATION_FAILED', '请填写姓名')
  if (input.password !== undefined) assertPasswordStrength(input.password)
  const oneTimePassword = input.password === undefined ? generatePassword() : null
  const passwordHash = await hashPassword(input.password ?? oneTimePassword!)
  return { username, displayName, role: input.role, passwordHash, oneTimePassword }
}

/** Inserts a prepared account inside the caller's transaction (USERNAME_TAKEN on a clash); returns its id. */
export async function insertPreparedAccount(tx: Executor, now: Date, actor: Actor, communityId: number, p: PreparedAccount): Promise<number> {
  const at = now.toISOString()
  const taken = () => new ApiError(409, 'USERNAME_TAKEN', `用户名 ${p.username} 已被使用，请换一个`)
  if (await repo.findAccountByUsername(tx, p.username)) throw taken()
  let id: number
  try {
    id = await repo.insertAccount(tx, {
      communityId,
      username: p.username,
      displayName: p.displayName,
      role: p.role,
      passwordHash: p.passwordHash,
      mustChangePassword: p.oneTimePassword !== null,
      at
    })
  } catch (err) {
    // two managers racing for one name: the UNIQUE constraint decides
    if (/unique|duplicate/i.test(String((err as Error).message))) throw taken()
    throw err
  }
  await audit(tx, {
    actorType: actor.type,
    actorId: actor.id,
    action: 'staff_account.create',
    target: `staff_user:${id}`,
    detail: JSON.stringify({ community: communityId, username: p.username, role: p.role, oneTimePassword: p.oneTimePassword !== null }),
    at
  })
  return id
}

/** Creates an account in `communityId`; see prepareAccount for the password. */
export async function createAccount(
  db: Db,
  now: Date,
  actor: Actor,
  input: { communityId: number; username: string; displayName: string; role: StaffRole; password?: string }
): Promise<{ account: StaffAccount; oneTimePassword: string | null }> {
  const p = await prepareAccount(input)
  const id = await db.transaction().execute((tx) => insertPreparedAccount(tx, now, actor, input.communityId, p))
  return { account: publicView((await repo.findAccount(db, id))!), oneTimePassword: p.oneTimePassword }
}

/** Role, name, enable/disable. Disabling ends the account's sessions in the same transaction. */
export async function updateAccount(
  db: Db,
  now: Date,
  actor: { type: 'staff'; id: number },
  communityId: number,
  id: number,
  patch: UpdateStaffAccountRequest
): Promise<StaffAccount> {
  const at = now.toISOString()
  const displayName = patch.displayName?.trim()
  if (displayName === '') throw new ApiError(400, 'VALIDATION_FAILED', '请填写姓名')
  await db.transaction().execute(async (tx) => {
    const a = await accountInCommunity(tx, id, communityId)
    if (a.id === actor.id && (patch.active === false || (patch.role !== undefined && patch.role !== a.role))) {
      throw new ApiError(409, 'OWN_ACCOUNT_PROTECTED', '不能停用自己的账号或修改自己的角色，请由另一位经理操作')
    }
    await repo.updateAccount(tx, id, { role: patch.role, displayName, active: patch.active })
    const ended = patch.active === false ? await repo.deleteSessions(tx, id) : 0
    const changes: Record<string, unknown> = {}
    if (patch.role !== undefined && patch.role !== a.role) changes.role = { from: a.role, to: patch.role }
    if (displayName !== undefined && displayName !== a.displayName) changes.displayName = true
    if (patch.active !== undefined && patch.active !== a.active) changes.active = patch.active
    await audit(tx, {
      actorType: actor.type,
      actorId: actor.id,
      action: 'staff_account.update',
      target: `staff_user:${id}`,
      detail: JSON.stringify({ ...changes, sessionsEnded: ended }),
      at
    })
  })
  return publicView((await repo.findAccount(db, id))!)
}

/** A new one-time password; the account's sessions end. `communityId` null = any community (admin CLI). */
export async function resetPassword(
  db: Db,
  now: Date,
  actor: Actor,
  communityId: number | null,
  id: number
): Promise<{ account: StaffAccount; oneTimePassword: string }> {
  const oneTimePassword = generatePassword()
  const passwordHash = await hashPassword(oneTimePassword)
  const at = now.toISOString()
  await db.transaction().execute(async (tx) => {
    const a = await repo.findAccount(tx, id)
    if (!a || (communityId !== null && a.communityId !== communityId)) throw new ApiError(404, 'NOT_FOUND', '未找到该员工账号')
    if (actor.type === 'staff' && actor.id === id) {
      throw new ApiError(409, 'OWN_ACCOUNT_PROTECTED', '不能重置自己的密码，请使用“修改密码”')
    }
    await repo.setPassword(tx, id, { passwordHash, mustChange: true, at })
    const ended = await repo.deleteSessions(tx, id)
    await audit(tx, {
      actorType: actor.type,
      actorId: actor.id,
      action: 'staff_account.reset_password',
      target: `staff_user:${id}`,
      detail: JSON.stringify({ sessionsEnded: ended }),
      at
    })
  })
  return { account: publicView((await repo.findAccount(db, id))!), oneTimePassword }
}

/** The signed-in staff member changes their own password; their other sessions end. */
export async function changePassword(
  db: Db,
  now: Date,
  staff: { userId: number; sessionId: number },
  currentPassword: string,
  newPassword: string
): Promise<void> {
  // a stolen session must not become a way to guess the password: 5 wrong tries lock it for 15 minutes
  // (taken before the check, atomically: core/attempts.ts)
  const taken = await takeAttempt(db, [{ key: `staff-password:${staff.userId}`, max: 5 }], now)
  const stored = await repo.passwordHashOf(db, staff.userId)
  if (!stored || !(await verifyPassword(currentPassword, stored))) throw new ApiError(400, 'PASSWORD_WRONG', '当前密码不正确')
  await succeeded(db, taken)
  assertPasswordStrength(newPassword)
  if (newPassword === currentPassword) throw new ApiError(400, 'PASSWORD_UNCHANGED', '新密码不能与当前密码相同')
  const passwordHash = await hashPassword(newPassword)
  const at = now.toISOString()
  await db.transaction().execute(async (tx) => {
    await repo.setPassword(tx, staff.userId, { passwordHash, mustChange: false, at })
    const ended = await repo.deleteSessions(tx, staff.userId, staff.sessionId)
    await audit(tx, {
      actorType: 'staff',
      actorId: staff.userId,
      action: 'staff.password_change',
      target: `staff_user:${staff.userId}`,
      detail: JSON.stringify({ sessionsEnded: ended }),
      at
    })
  })
}

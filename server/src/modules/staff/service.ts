import type { Db } from '../../db/database'
import { ApiError } from '../../errors'
import { hashPassword, maskName, randomToken, sha256, verifyPassword } from '../../lib/crypto'
import { maskedIdOrMark } from '../../lib/unreadable'
import { HOUR, MINUTE, shanghaiDate } from '../../lib/time'
import type { AppConfig } from '../../config'
import type { StaffAuth } from '../../plugins/auth'
import type { DelegateListResponse, DelegateStatus, HouseLookupQuery, HouseLookupResponse, StaffSession, StaffUser } from '../../../../types/staff'
import { audit } from '../../core/audit'
import { houseLabel, listHouseIds } from '../../core/houses'
import { ATTEMPT_WINDOW_MS, succeeded, takeAttempt } from '../../core/attempts'
import { raise as raiseAlert } from '../alerts/repository'
import { notifyOwner } from '../notifications/service'
import { deriveProgress } from '../cases/engine'
import { loadContext, syncStages } from '../cases/service'
import * as repo from './repository'
import { currentStages } from './stage-index'

export const STAFF_SESSION_HOURS = 12

// Computed once so a login with an unknown username costs as much as a wrong password.
let dummyHash: string | null = null

/**
 * Sign-in guessing limits (failures inside the 15-minute window of core/attempts.ts):
 * - per account and client: a wrong password locks that account on that client only, so
 *   someone else guessing cannot lock the member out of their own device;
 * - per account, from everywhere: the ceiling that stops guessing spread over many clients;
 * - per client, across accounts: one client spraying many usernames.
 * Reaching an account limit raises a 风险预警 alert for the manager (and the member).
 */
export const STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT_CLIENT = 5
export const STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT = 20
export const STAFF_LOGIN_MAX_FAILURES_PER_CLIENT = 10

export async function login(db: Db, config: AppConfig, username: string, password: string, clientKey: string): Promise<StaffSession> {
  const now = config.now()
  const account = sha256(username.trim().toLowerCase())
  const pairKey = `staff-account-client:${account}:${clientKey}`
  const accountKey = `staff-account:${account}`
  // Taken before the password is checked, atomically across instances: of a concurrent burst
  // no more than the limits are ever evaluated.
  const taken = await takeAttempt(
    db,
    [
      { key: pairKey, max: STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT_CLIENT },
      { key: accountKey, max: STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT },
      { key: `staff-client:${clientKey}`, max: STAFF_LOGIN_MAX_FAILURES_PER_CLIENT }
    ],
    now
  )
  const user = await repo.findStaffByUsername(db, username.trim())
  dummyHash ??= await hashPassword('anjia-timing-equaliser')
  const ok = (await verifyPassword(password, user?.passwordHash ?? dummyHash)) && !!user && user.active
  if (!ok || !user) {
    if (user) {
      const scope = taken.lastAllowed.includes(accountKey) ? 'account' : taken.lastAllowed.includes(pairKey) ? 'client' : null
      if (scope) await raiseLockAlert(db, user, scope, now)
    }
    throw new ApiError(401, 'LOGIN_FAILED', '用户名或密码不正确')
  }
  await succeeded(db, taken)
  const token = randomToken()
  const expiresAt = new Date(now.getTime() + STAFF_SESSION_HOURS * HOUR).toISOString()
  await db.transaction().execute(async (tx) => {
    await repo.insertStaffSession(tx, { tokenHash: sha256(token), userId: user.id, expiresAt, at: now.toISOString() })
    await audit(tx, { actorType: 'staff', actorId: user.id, action: 'staff.login', target: `staff_user:${user.id}`, at: now.toISOString() })
  })
  return {
    token,
    expiresAt,
    user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, communityName: user.communityName },
    mustChangePassword: user.mustChangePassword
  }
}

/**
 * Tells the manager (and the member) that an account is locked: one 风险预警 alert per account,
 * scope and day. The alerts module is the staff message sink, as notifications are the owners'.
 */
async function raiseLockAlert(db: Db, user: { id: number; username: string; displayName: string; communityId: number }, scope: 'client' | 'account', now: Date) {
  const minutes = ATTEMPT_WINDOW_MS / MINUTE
  const who = `${user.displayName}（${user.username}）`
  await raiseAlert(
    db,
    {
      key: `login_locked:${user.id}:${scope}:${shanghaiDate(now)}`,
      kind: 'login_locked',
      communityId: user.communityId,
      caseId: null,
      houseId: null,
      responsibleRole: 'manager',
      staffUserId: user.id,
      title: scope === 'account' ? `账号 ${who} 已暂停登录` : `账号 ${who} 在一台设备上密码连续输错`,
      body:
        scope === 'account'
          ? `${minutes} 分钟内多个地址共输错密码 ${STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT} 次，该账号暂停登录 ${minutes} 分钟。如非本人操作，请在账号管理中重置密码。`
          : `同一设备连续输错密码 ${STAFF_LOGIN_MAX_FAILURES_PER_ACCOUNT_CLIENT} 次，该设备暂停登录此账号 ${minutes} 分钟，其他设备仍可正常登录。如非本人操作，请留意账号安全。`
    },
    now.toISOString()
  )
}

export async function me(db: Db, staff: StaffAuth): Promise<StaffUser> {
  const u = await repo.findStaffById(db, staff.userId)
  if (!u) throw new ApiError(401, 'UNAUTHORIZED', '登录已失效，请重新登录')
  return u
}

export async function logout(db: Db, staff: StaffAuth): Promise<void> {
  await repo.deleteStaffSession(db, staff.sessionId)
}

function safeMaskedId(config: AppConfig, cipher: string | null, kind: string): string {
  return maskedIdOrMark(config.keys.aes, cipher, kind)
}

/**
 * The house list: reception looks a house up by `q`, the manager pages through the whole
 * community by building / batch / stage. Masked data only, and every lookup is written to
 * the audit log. The stage filter reads the stored stages (see stage-index.ts); the page's
 * 20 houses are derived live.
 */
export async function lookupHouses(db: Db, config: AppConfig, staff: StaffAuth, query: HouseLookupQuery): Promise<HouseLookupResponse> {
  const now = config.now()
  const q = query.q?.trim() || undefined
  const pageSize = query.pageSize ?? 20
  const page = query.page ?? 1
  let ids = await listHouseIds(db, staff.communityId, { q, building: query.building, batch: query.batch })
  if (query.stage) {
    const stages = currentStages(await repo.storedStageFacts(db, staff.communityId, shanghaiDate(now)))
    ids = ids.filter((h) => (h.caseId === null ? 'verify' : (stages.get(h.caseId) ?? 'verify')) === query.stage)
  }
  const total = ids.length
  const rows = await repo.houseRowsByIds(
    db,
    ids.slice((page - 1) * pageSize, page * pageSize).map((h) => h.houseId)
  )
  const items = []
  for (const r of rows) {
    let currentStage = 'verify'
    if (r.caseId !== null) {
      const ctx = await loadContext(db, r.caseId)
      currentStage = deriveProgress(ctx.facts, ctx.policy, now).currentStage
    }
    items.push({
      houseId: r.houseId,
      label: houseLabel(r),
      ownerName: maskName(r.ownerName),
      ownerIdMasked: safeMaskedId(config, r.idCipher, 'registered_owners.id_cipher'),
      currentStage,
      verified: r.verified
    })
  }
  await audit(db, {
    actorType: 'staff',
    actorId: staff.userId,
    action: 'house.lookup',
    target: `community:${staff.communityId}`,
    // The query may be a person's name: keep only its hash, the filters and the houses shown.
    detail: JSON.stringify({
      q: q ? sha256(q).slice(0, 16) : null,
      building: query.building ?? null,
      batch: query.batch ?? null,
      stage: query.stage ?? null,
      page,
      houses: items.map((i) => i.houseId)
    }),
    at: now.toISOString()
  })
  return { total, items, ...(await repo.houseFilterChoices(db, staff.communityId)) }
}

export async function listDelegates(db: Db, config: AppConfig, staff: StaffAuth, status: DelegateStatus | undefined): Promise<DelegateListResponse> {
  const rows = await repo.listDelegates(db, staff.communityId, status)
  const caseIds = [...new Set(rows.map((r) => r.caseId))]
  const files = caseIds.length
    ? await db
        .selectFrom('uploads')
        .select(['id', 'case_id', 'mime', 'size', 'created_at'])
        .where('case_id', 'in', caseIds)
        .where('item_code', '=', 'power_of_attorney')
        .where('deleted_at', 'is', null)
        .orderBy('id')
        .execute()
    : []
  await audit(db, {
    actorType: 'staff',
    actorId: staff.userId,
    action: 'delegate.list',
    target: `community:${staff.communityId}`,
    detail: JSON.stringify({ status: status ?? 'all', delegates: rows.map((r) => r.id) }),
    at: config.now().toISOString()
  })
  return {
    items: rows.map((r) => ({
      id: r.id,
      houseId: r.houseId,
      houseLabel: houseLabel(r),
      ownerName: maskName(r.ownerName),
      delegateName: r.name,
      delegateIdMasked: safeMaskedId(config, r.idCipher, 'delegates.id_cipher'),
      status: r.status as DelegateStatus,
      reason: r.reason,
      createdAt: r.createdAt,
      files: files
        .filter((f) => Number(f.case_id) === r.caseId)
        .map((f) => ({ uploadId: Number(f.id), mime: f.mime, size: Number(f.size), createdAt: f.created_at }))
    }))
  }
}

/** Approve or reject a delegate's power of attorney; the case's stages follow in the same transaction. */
export async function reviewDelegate(
  db: Db,
  config: AppConfig,
  staff: StaffAuth,
  id: number,
  decision: 'approve' | 'reject',
  reason: string | undefined
): Promise<{ id: number; status: DelegateStatus }> {
  if (decision === 'reject' && !reason?.trim()) throw new ApiError(400, 'VALIDATION_FAILED', '驳回时请填写原因')
  const now = config.now()
  const at = now.toISOString()
  const status: DelegateStatus = decision === 'approve' ? 'approved' : 'rejected'
  await db.transaction().execute(async (tx) => {
    const d = await repo.findDelegateInCommunity(tx, id, staff.communityId)
    if (!d) throw new ApiError(404, 'NOT_FOUND', '未找到该委托人')
    if (d.status !== 'pending_review') throw new ApiError(409, 'CONFLICT', '该委托已审核，无需重复操作')
    const poa = await tx
      .selectFrom('document_submissions')
      .select(['status'])
      .where('case_id', '=', d.caseId)
      .where('item_code', '=', 'power_of_attorney')
      .executeTakeFirst()
    if (decision === 'approve' && poa?.status !== 'submitted') {
      throw new ApiError(409, 'CONFLICT', '委托人尚未上传授权委托书，暂不能通过')
    }
    // Conditional: two reviewers deciding at once both passed the check above; one wins.
    if (!(await repo.setDelegateStatus(tx, id, { status, reason: decision === 'reject' ? reason!.trim() : null, reviewedBy: staff.userId, at }))) {
      throw new ApiError(409, 'CONFLICT', '该委托已审核，无需重复操作')
    }
    if (poa) {
      await tx
        .updateTable('document_submissions')
        .set({
          status: decision === 'approve' ? 'approved' : 'rejected',
          reason: decision === 'reject' ? reason!.trim() : null,
          reviewed_by: staff.userId,
          reviewed_at: at,
          updated_at: at
        })
        .where('case_id', '=', d.caseId)
        .where('item_code', '=', 'power_of_attorney')
        .execute()
    }
    await notifyOwner(tx, {
      caseId: d.caseId,
      kind: 'delegate_review',
      title: decision === 'approve' ? '授权委托书已审核通过' : '授权委托书未通过审核',
      body: decision === 'approve' ? '您的委托办理资格已确认，可以继续办理入伙。' : `原因：${reason!.trim()}。请重新上传业主签字的授权委托书。`,
      link: '/owner/delegate/index',
      at: now
    })
    await audit(tx, {
      actorType: 'staff',
      actorId: staff.userId,
      action: `delegate.${decision}`,
      target: `delegate:${id}`,
      at
    })
    await syncStages(tx, d.caseId, { type: 'staff', id: staff.userId, label: staff.displayName }, now)
  })
  return { id, status }
}

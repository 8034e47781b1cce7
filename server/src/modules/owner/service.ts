import type { Db } from '../../db/database'
import { ApiError } from '../../errors'
import { blindIndex, encrypt, isValidIdNumber, maskName, normalizeIdNumber, randomToken, sha256 } from '../../lib/crypto'
import { maskedIdOrMark } from '../../lib/unreadable'
import { DAY } from '../../lib/time'
import type { AppConfig } from '../../config'
import type { OwnerAuth } from '../../plugins/auth'
import type { EntryInfo, OwnerMe, OwnerSession, VerifyRequest, WxLoginResponse } from '../../../../types/entry'
import type { Actor } from '../cases/repository'
import * as cases from '../cases/repository'
import { syncStages } from '../cases/service'
import type { Code2Session } from '../wechat/code2session'
import { succeeded, takeAttempt } from '../../core/attempts'
import * as repo from './repository'
import { findHouseById, findHouseByToken, houseLabel, ownerOfCase, toHouseSummary, type HouseRow } from '../../core/houses'

export const OWNER_SESSION_DAYS = 30
/** Failed verifications allowed per house and per client in the window (core/attempts.ts). */
export const VERIFY_MAX_FAILURES = 5

export async function entryInfo(db: Db, token: string): Promise<EntryInfo> {
  const house = await findHouseByToken(db, token)
  if (!house) throw new ApiError(404, 'INVITE_NOT_FOUND', '二维码无效或已过期，请联系物业服务中心')
  return {
    communityName: house.communityName,
    houseLabel: houseLabel(house),
    openForMoveIn: house.openForMoveIn,
    servicePhone: house.servicePhone
  }
}

async function newSession(
  db: Db | Parameters<typeof repo.insertOwnerSession>[0],
  house: HouseRow,
  s: { caseId: number; ownerId: number | null; role: 'owner' | 'delegate'; delegateId: number | null },
  now: Date
): Promise<OwnerSession> {
  const token = randomToken()
  const expiresAt = new Date(now.getTime() + OWNER_SESSION_DAYS * DAY).toISOString()
  await repo.insertOwnerSession(db, {
    tokenHash: sha256(token),
    caseId: s.caseId,
    houseId: house.id,
    ownerId: s.ownerId,
    role: s.role,
    delegateId: s.delegateId,
    expiresAt,
    at: now.toISOString()
  })
  return { sessionToken: token, expiresAt, role: s.role, house: toHouseSummary(house) }
}

export interface VerifyDeps {
  db: Db
  config: AppConfig
  code2session: Code2Session
}

/**
 * Registered owner (name + ID tail) or a delegate acting for them. One message for every
 * mismatch so the answer never tells which field was wrong.
 */
export async function verify(deps: VerifyDeps, body: VerifyRequest, clientKey: string): Promise<OwnerSession> {
  const { db, config } = deps
  const now = config.now()
  const at = now.toISOString()

  const house = await findHouseByToken(db, body.token)
  const clientLimit = { key: `verify-client:${clientKey}`, max: VERIFY_MAX_FAILURES }
  if (!house) {
    // an unknown token is a wrong guess of this client (it may be hunting for tokens)
    await takeAttempt(db, [clientLimit], now)
    throw new ApiError(404, 'INVITE_NOT_FOUND', '二维码无效或已过期，请联系物业服务中心')
  }
  if (!house.openForMoveIn) throw new ApiError(403, 'HOUSE_NOT_OPEN', '该房屋暂未开放入伙办理，请留意物业通知')

  if (body.delegate && !isValidIdNumber(body.delegate.idNumber)) {
    throw new ApiError(400, 'DELEGATE_ID_INVALID', '委托人身份证号码不正确，请核对')
  }

  // The attempt is taken (counted as a failure of this client and this house) before the guess
  // is evaluated, atomically across instances (core/attempts.ts): of a concurrent burst at
  // most VERIFY_MAX_FAILURES are ever evaluated. A right guess is then settled as a success.
  const taken = await takeAttempt(db, [clientLimit, { key: `verify-house:${house.id}`, max: VERIFY_MAX_FAILURES, houseId: house.id }], now)
  const name = body.ownerName.trim()
  const tailHmac = blindIndex(config.keys.hmac, body.ownerIdTail, 'id_tail')
  const owner = name ? await repo.findOwnerMatch(db, house.id, name, tailHmac) : null
  if (!owner) throw new ApiError(401, 'VERIFY_FAILED', '身份信息与备案业主信息不一致，请核对后重试')
  await succeeded(db, taken)

  // Exchange the weapp code before writing anything: a bad code changes nothing.
  const openid = body.wxCode ? (await deps.code2session.exchange(body.wxCode)).openid : null

  const role: 'owner' | 'delegate' = body.delegate ? 'delegate' : 'owner'
  return db.transaction().execute(async (tx) => {
    let kase = await cases.findCaseByHouse(tx, house.id)
    if (!kase) {
      const id = await cases.insertCase(tx, house.id, at)
      await syncStages(tx, id, { type: 'system', id: null, label: '系统' }, now)
      kase = (await cases.findCase(tx, id))!
    }

    let delegateId: number | null = null
    if (body.delegate) {
      const idNumber = normalizeIdNumber(body.delegate.idNumber)
      const idHmac = blindIndex(config.keys.hmac, idNumber, 'id')
      const existing = await repo.findDelegateByHmac(tx, kase.id, idHmac)
      delegateId =
        existing && existing.name === body.delegate.name.trim()
          ? existing.id
          : await repo.insertDelegate(tx, {
              caseId: kase.id,
              name: body.delegate.name.trim(),
              idCipher: encrypt(config.keys.aes, idNumber),
              idHmac,
              at
            })
      // The power of attorney becomes a required checklist item of this case.
      await tx
        .insertInto('document_submissions')
        .values({ case_id: kase.id, item_code: 'power_of_attorney', status: 'missing', reason: null, submitted_at: null, reviewed_by: null, reviewed_at: null, updated_at: at })
        .onConflict((oc) => oc.columns(['case_id', 'item_code']).doNothing())
        .execute()
    }

    await cases.markVerified(tx, kase.id, { ownerId: owner.id, role, at })
    const actor: Actor = role === 'owner' ? { type: 'owner', id: owner.id, label: '业主' } : { type: 'delegate', id: delegateId, label: '委托人' }
    await syncStages(tx, kase.id, actor, now)

    if (openid) {
      await repo.upsertWechatLink(tx, { openid, houseId: house.id, caseId: kase.id, ownerId: owner.id, role, delegateId, at })
    }
    return newSession(tx, house, { caseId: kase.id, ownerId: owner.id, role, delegateId }, now)
  })
}

/** A returning weapp user: a linked openid gets a fresh session for its house. */
export async function wxLogin(deps: VerifyDeps, code: string): Promise<WxLoginResponse> {
  const { openid } = await deps.code2session.exchange(code)
  const link = await repo.findWechatLink(deps.db, openid)
  if (!link) return { linked: false }
  const house = await findHouseById(deps.db, link.houseId)
  if (!house) return { linked: false }
  const session = await newSession(deps.db, house, link, deps.config.now())
  return { linked: true, session }
}

export async function me(db: Db, config: AppConfig, auth: OwnerAuth): Promise<OwnerMe> {
  const house = await findHouseById(db, auth.houseId)
  if (!house) throw new ApiError(404, 'NOT_FOUND', '未找到房屋信息')
  const owner = await ownerOfCase(db, { ownerId: auth.ownerId, houseId: auth.houseId })
  // The owner sees nothing rather than the mark; the failure is still counted and logged.
  const idMasked = owner ? maskedIdOrMark(config.keys.aes, owner.idCipher, 'registered_owners.id_cipher', '') : ''
  const out: OwnerMe = {
    role: auth.role,
    ownerName: owner ? maskName(owner.name) : '',
    ownerIdMasked: idMasked,
    house: toHouseSummary(house),
    servicePhone: house.servicePhone
  }
  if (auth.role === 'delegate' && auth.delegateId) {
    const d = await repo.findDelegate(db, auth.delegateId)
    if (d) {
      out.delegateName = maskName(d.name)
      out.delegateStatus = d.status
    }
  }
  return out
}

export async function logout(db: Db, auth: OwnerAuth): Promise<void> {
  await repo.deleteOwnerSession(db, auth.sessionId)
}

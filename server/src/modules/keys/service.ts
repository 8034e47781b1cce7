/*
 * Key handover (交钥匙) and with it the completion of the case (完成).
 *
 * The guard is the engine's: inspection passed and signed always; fees settled and
 * agreements signed only where the community's policy says so. One handover per case
 * (unique row; a second answers 409). Handing over completes the case in the same
 * transaction: done_at, the 7-day follow-up task, the stage events and the owner's
 * notification with the handbook and the survey invitation.
 */
import type { Db } from '../../db/database'
import { ApiError } from '../../errors'
import type { AppConfig } from '../../config'
import type { Storage } from '../uploads/storage'
import type { StaffAuth } from '../../plugins/auth'
import { maskName } from '../../lib/crypto'
import { maskedIdOrMark } from '../../lib/unreadable'
import { DAY } from '../../lib/time'
import { canEnter, type CaseFacts, type Policy } from '../cases/engine'
import { loadContext, requireStage, syncStages, type CaseContext } from '../cases/service'
import { audit } from '../../core/audit'
import { houseLabel, ownerOfCase } from '../../core/houses'
import { notifyOwner } from '../notifications/service'
import { saveSignatureImage } from '../agreements/signature'
import { openFollowupTask } from '../completion/tasks'
import type { KeyGuard, KeyHandoverRequest, KeyHandoverResponse, OwnerKeys, StaffKeysView } from '../../../../types/keys'
import * as repo from './repository'

export const FOLLOWUP_DAYS = 7
export const FOLLOWUP_KIND = 'first_visit'

function policyText(policy: Policy): string {
  const needs = ['验房合格并签署房屋交接单']
  if (policy.feesRequiredForKeys) needs.push('缴清入伙费用')
  if (policy.agreementsRequiredForKeys) needs.push('签署入伙协议')
  const free = [!policy.feesRequiredForKeys ? '缴费' : null, !policy.agreementsRequiredForKeys ? '签署协议' : null].filter(Boolean)
  return `交钥匙条件：${needs.join('、')}${free.length ? `；${free.join('、')}不影响交钥匙` : ''}`
}

function guardOf(facts: CaseFacts, policy: Policy, now: Date): KeyGuard {
  const r = canEnter('keys', facts, policy, now)
  const inspectionMet = facts.inspection.status === 'passed' && facts.inspection.openDefects === 0 && facts.inspection.ownerSignedAt !== null
  return {
    ok: r.ok,
    reasons: r.ok ? [] : r.reasons,
    policy: { feesRequiredForKeys: policy.feesRequiredForKeys, agreementsRequiredForKeys: policy.agreementsRequiredForKeys },
    policyText: policyText(policy),
    requirements: [
      { code: 'inspection', label: '验房合格并签署房屋交接单', required: true, met: inspectionMet },
      { code: 'fees', label: '缴清入伙费用', required: policy.feesRequiredForKeys, met: !!facts.fees?.settledAt },
      {
        code: 'agreements',
        label: '签署入伙协议',
        required: policy.agreementsRequiredForKeys,
        met: facts.agreements.every((a) => a.signedAt !== null)
      }
    ]
  }
}

const labelOf = (ctx: CaseContext) => houseLabel(ctx.house)

async function staffCase(db: Db, staff: StaffAuth, caseId: number): Promise<CaseContext> {
  const ctx = await loadContext(db, caseId).catch((err) => {
    if (err instanceof ApiError && err.status === 404) return null
    throw err
  })
  // Another community's case is "not found", not "forbidden": ids are not probed.
  if (!ctx || ctx.house.communityId !== staff.communityId) throw new ApiError(404, 'NOT_FOUND', '未找到该入伙记录')
  return ctx
}

function safeMask(config: AppConfig, cipher: string | null | undefined, kind: string): string {
  return maskedIdOrMark(config.keys.aes, cipher, kind)
}

/** Reception's screen before handing over: masked identity, keys, meters, guard. Audited. */
export async function staffView(db: Db, config: AppConfig, staff: StaffAuth, caseId: number): Promise<StaffKeysView> {
  const now = config.now()
  const ctx = await staffCase(db, staff, caseId)
  const owner = await ownerOfCase(db, { ownerId: ctx.kase.ownerId, houseId: ctx.house.id })
  const delegate = ctx.kase.verifiedRole === 'delegate' ? await repo.latestDelegate(db, caseId) : null
  await audit(db, { actorType: 'staff', actorId: staff.userId, action: 'keys.view_identity', target: `case:${caseId}`, at: now.toISOString() })
  return {
    caseId,
    houseLabel: labelOf(ctx),
    ownerName: owner ? maskName(owner.name) : '',
    ownerIdMasked: safeMask(config, owner?.idCipher, 'registered_owners.id_cipher'),
    actingRole: ctx.kase.verifiedRole,
    delegateName: delegate ? maskName(delegate.name) : null,
    delegateIdMasked: delegate ? safeMask(config, delegate.idCipher, 'delegates.id_cipher') : null,
    keyTypes: await repo.listKeyTypes(db, ctx.house.communityId),
    meters: await repo.latestMeters(db, caseId),
    guard: guardOf(ctx.facts, ctx.policy, now),
    handover: await repo.findHandover(db, caseId)
  }
}

/** The owner's keys page: the policy's requirements before the day, the record after. */
export async function ownerView(db: Db, caseId: number, now: Date): Promise<OwnerKeys> {
  const ctx = await loadContext(db, caseId)
  return {
    houseLabel: labelOf(ctx),
    guard: guardOf(ctx.facts, ctx.policy, now),
    keyTypes: await repo.listKeyTypes(db, ctx.house.communityId),
    handover: await repo.findHandover(db, caseId)
  }
}

export async function handOver(
  deps: { db: Db; config: AppConfig; storage: Storage },
  staff: StaffAuth,
  caseId: number,
  body: KeyHandoverRequest
): Promise<KeyHandoverResponse> {
  const { db, config, storage } = deps
  const now = config.now()
  const at = now.toISOString()
  const ctx = await staffCase(db, staff, caseId)
  if (await repo.findHandover(db, caseId)) throw new ApiError(409, 'KEYS_ALREADY_HANDED_OVER', '该房屋的钥匙已交接，不能重复交接')
  await requireStage(db, caseId, 'keys', now)

  const types = await repo.listKeyTypes(db, ctx.house.communityId)
  const byCode = new Map(types.map((t) => [t.code, t]))
  const seen = new Set<string>()
  const keys: { code: string; label: string; count: number }[] = []
  for (const k of body.keys) {
    const t = byCode.get(k.code)
    if (!t) throw new ApiError(400, 'KEY_TYPE_UNKNOWN', `未知的钥匙类型：${k.code.slice(0, 40)}`)
    if (seen.has(k.code)) throw new ApiError(400, 'VALIDATION_FAILED', `钥匙类型「${t.label}」重复填写`)
    seen.add(k.code)
    keys.push({ code: t.code, label: t.label, count: k.count })
  }
  if (keys.every((k) => k.count === 0)) throw new ApiError(400, 'VALIDATION_FAILED', '请填写交接的钥匙数量')
  const meters = await repo.latestMeters(db, caseId)

  const ownerSig = await saveSignatureImage(storage, body.ownerSignaturePng, now)
  let staffSig
  try {
    staffSig = await saveSignatureImage(storage, body.staffSignaturePng, now)
  } catch (err) {
    await storage.remove(ownerSig.key).catch(() => undefined)
    throw err
  }

  try {
    const result = await db.transaction().execute(async (tx) => {
      // Re-checked inside the transaction: facts may have changed since the first check.
      await requireStage(tx, caseId, 'keys', now)
      const id = await repo.insertHandover(tx, { caseId, keys, meters, ownerSigKey: ownerSig.key, staffSigKey: staffSig.key, staffId: staff.userId, at })
      if (id === null) throw new ApiError(409, 'KEYS_ALREADY_HANDED_OVER', '该房屋的钥匙已交接，不能重复交接')
      await repo.markCaseDone(tx, caseId, at)
      // the owner's visit is over: leave the day board's queue (never shown as still waiting)
      await repo.finishOpenCheckins(tx, caseId, at)
      const task = await openFollowupTask(tx, {
        caseId,
        kind: FOLLOWUP_KIND,
        reason: `${labelOf(ctx)} 已交钥匙，请在 ${FOLLOWUP_DAYS} 天内完成首次回访`,
        dueAt: new Date(now.getTime() + FOLLOWUP_DAYS * DAY).toISOString(),
        assigneeRole: 'reception',
        createdAt: at
      })
      await syncStages(tx, caseId, { type: 'staff', id: staff.userId, label: staff.displayName }, now)
      await notifyOwner(tx, {
        caseId,
        kind: 'move_in_done',
        title: '入伙手续已办结，欢迎回家',
        body: '钥匙已交接完成。业主手册中有物业服务中心联系方式、紧急情况处理和装修须知；请花 1 分钟填写入伙满意度调查，帮助我们改进服务。',
        link: '/owner/handbook/index',
        at: now
      })
      await audit(tx, { actorType: 'staff', actorId: staff.userId, action: 'keys.handover', target: `case:${caseId}`, detail: keys.map((k) => `${k.code}:${k.count}`).join(','), at })
      return { id, taskId: task.id }
    })
    const handover = await repo.findHandover(db, caseId)
    return { handover: handover!, caseDone: true, followupTaskId: result.taskId }
  } catch (err) {
    await storage.remove(ownerSig.key).catch(() => undefined)
    await storage.remove(staffSig.key).catch(() => undefined)
    throw err
  }
}

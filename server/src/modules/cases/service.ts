import type { Db, Executor } from '../../db/database'
import { ApiError } from '../../errors'
import type { Progress, Stage, StageStatus } from '../../../../types/progress'
import { STAGES } from '../../../../types/progress'
import { assertTransition, canEnter, deriveProgress, EngineError, progressChanges, type CaseFacts, type Policy } from './engine'
import * as repo from './repository'
import type { Actor, CaseRow } from './repository'
import type { HouseRow } from '../../core/houses'
import { countUnreadNotifications } from '../notifications/repository'
import { notifyStageChanges } from './stage-notices'

export type { Actor }

export interface CaseContext {
  kase: CaseRow
  house: HouseRow
  policy: Policy
  facts: CaseFacts
}

export async function loadContext(db: Executor, caseId: number): Promise<CaseContext> {
  const ctx = await repo.loadCaseContext(db, caseId)
  if (!ctx) throw new ApiError(404, 'NOT_FOUND', '未找到入伙办理记录')
  return ctx
}

/** The owner-facing progress of a case (GET /api/owner/progress). */
export async function getProgress(db: Executor, caseId: number, now: Date): Promise<Progress> {
  return progressOf(db, await loadContext(db, caseId), now)
}

/** The progress from a context the caller has already loaded. */
export async function progressOf(db: Executor, ctx: CaseContext, now: Date): Promise<Progress> {
  const caseId = ctx.kase.id
  const derived = deriveProgress(ctx.facts, ctx.policy, now)
  return {
    ...derived,
    policy: { feesRequiredForKeys: ctx.policy.feesRequiredForKeys, agreementsRequiredForKeys: ctx.policy.agreementsRequiredForKeys },
    events: await repo.listEvents(db, caseId),
    unreadNotifications: await countUnreadNotifications(db, caseId)
  }
}

/** Throws 409 STAGE_LOCKED with the engine's Chinese reasons unless the case may enter `stage` now. */
export async function requireStage(db: Executor, caseId: number, stage: Stage, now: Date): Promise<CaseContext> {
  const ctx = await loadContext(db, caseId)
  const r = canEnter(stage, ctx.facts, ctx.policy, now)
  if (!r.ok) throw new ApiError(409, 'STAGE_LOCKED', r.reasons.join('；'))
  return ctx
}

function engineToApi(err: unknown): never {
  if (err instanceof EngineError) {
    throw new ApiError(409, err.code === 'STAGE_LOCKED' ? 'STAGE_LOCKED' : 'CONFLICT', err.reasons.join('；') || '当前环节状态不允许此操作')
  }
  throw err
}

/**
 * Explicit stage move: validated by the engine, then the stage row and its event are written
 * together. Pass a transaction to join a larger write, or the db to get one of its own.
 */
export async function transition(db: Db | Executor, caseId: number, stage: Stage, to: StageStatus, actor: Actor, now: Date): Promise<void> {
  const run = async (tx: Executor) => {
    const statuses = await repo.getStageStatuses(tx, caseId)
    const from = statuses.get(stage) ?? 'locked'
    try {
      assertTransition(stage, from, to)
    } catch (err) {
      engineToApi(err)
    }
    const at = now.toISOString()
    await repo.upsertStageStatus(tx, caseId, stage, to, at)
    await repo.insertEvent(tx, { caseId, stage, from, to, actor, at })
  }
  if (db.isTransaction) return run(db)
  return (db as Db).transaction().execute(run)
}

/**
 * Brings the stored stage statuses in line with what the facts now derive, recording one
 * event per legal step. Call inside the transaction that changed the facts.
 *
 * `known`: the case's facts and policy as this transaction already read them, with its own
 * change applied (a booking passes the facts its guard read inside the same transaction plus
 * the new reservation): the facts are then not read a second time. Without it they are loaded.
 */
export async function syncStages(tx: Executor, caseId: number, actor: Actor, now: Date, known?: Pick<CaseContext, 'facts' | 'policy'>): Promise<void> {
  const ctx = known ?? (await loadContext(tx, caseId))
  const derived = deriveProgress(ctx.facts, ctx.policy, now)
  const stored = await repo.getStageStatuses(tx, caseId)
  const at = now.toISOString()
  if (stored.size === 0) {
    // A new case: its starting statuses are not events.
    for (const p of derived.stages) await repo.upsertStageStatus(tx, caseId, p.stage, p.status, at)
    return
  }
  const before = STAGES.map((stage) => ({ stage, status: stored.get(stage) ?? ('locked' as StageStatus) }))
  let changes
  try {
    changes = progressChanges(before as never, derived.stages)
  } catch (err) {
    engineToApi(err)
  }
  for (const ch of changes) {
    await repo.insertEvent(tx, { caseId, stage: ch.stage, from: ch.from, to: ch.to, actor, at })
    await repo.upsertStageStatus(tx, caseId, ch.stage, ch.to, at)
  }
  // One owner notification per stage whose final status matters to the owner.
  await notifyStageChanges(tx, caseId, changes, derived.stages, now)
}

/*
 * The current stage of many houses at once, for the house list's stage filter.
 *
 * Deriving a case (loadContext + deriveProgress) costs about 15 queries, fine for one page
 * of 20 but not for every house of a 10,000-house community on each request. So the filter
 * reads what is already stored: the case_stages rows that syncStages rewrites in the same
 * transaction as every fact that changes a case, and applies the engine's own "current
 * stage" rule (pickCurrent in cases/engine.ts) to them:
 *  1. a house with no case (nobody verified yet) is at 'verify';
 *  2. the first stage in attention wins (the owner has something to do);
 *  3. on the day (an active reservation for today, or a check-in) the on-site order leads:
 *     verify, documents, reserve, checkin, inspection, [agreements], [fees], keys, done,
 *     followup — agreements / fees only where the keys policy requires them;
 *  4. otherwise the first stage, in the owner's order, that is not done; all done → followup.
 * What it cannot see: a change that time alone makes without any write (a reservation day
 * that passed without a check-in turns 'reserve' to attention only when derived). The page
 * itself still shows the derived stage; the filter catches up at the case's next write.
 */
import { STAGES, type Stage } from '../../../../types/progress'

export interface StoredStageFacts {
  stages: { caseId: number; stage: string; status: string }[]
  onSite: Set<number>
  feesRequiredForKeys: boolean
  agreementsRequiredForKeys: boolean
}

export function currentStageFromStored(statuses: Map<string, string>, onSite: boolean, policy: { feesRequiredForKeys: boolean; agreementsRequiredForKeys: boolean }): Stage {
  if (statuses.size === 0) return 'verify'
  for (const s of STAGES) if (statuses.get(s) === 'attention') return s
  let order: readonly Stage[] = STAGES
  if (onSite) {
    const beforeKeys: Stage[] = []
    if (policy.agreementsRequiredForKeys) beforeKeys.push('agreements')
    if (policy.feesRequiredForKeys) beforeKeys.push('fees')
    const head: Stage[] = ['verify', 'documents', 'reserve', 'checkin', 'inspection', ...beforeKeys, 'keys', 'done', 'followup']
    order = [...head, ...STAGES.filter((s) => !head.includes(s))]
  }
  for (const s of order) if ((statuses.get(s) ?? 'locked') !== 'done') return s
  return 'followup'
}

/** caseId → current stage, from the stored rows. */
export function currentStages(facts: StoredStageFacts): Map<number, Stage> {
  const byCase = new Map<number, Map<string, string>>()
  for (const r of facts.stages) {
    let m = byCase.get(r.caseId)
    if (!m) byCase.set(r.caseId, (m = new Map()))
    m.set(r.stage, r.status)
  }
  const out = new Map<number, Stage>()
  for (const [caseId, statuses] of byCase) out.set(caseId, currentStageFromStored(statuses, facts.onSite.has(caseId), facts))
  return out
}

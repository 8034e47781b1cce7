/*
 * The owner notifications that stage changes produce (called at the end of syncStages).
 * Only the final status of each changed stage counts (a two-step move is one message), and
 * only statuses the owner can act on or wants to hear about: available, attention, done.
 * `in_progress` and `locked` are the owner's own doing or not news.
 */
import type { Executor } from '../../db/database'
import type { Stage, StageProgress, StageStatus } from '../../../../types/progress'
import { STAGE_PAGES, STAGE_TITLES } from '../../../../types/stages'
import type { StageChange } from './engine'
import { notifyOwner } from '../notifications/service'

function message(stage: Stage, to: StageStatus, summary: string): { title: string; body: string } | null {
  const title = STAGE_TITLES[stage]
  if (to === 'available') return { title: `「${title}」已可办理`, body: summary || `您现在可以办理「${title}」。` }
  if (to === 'attention') return { title: `「${title}」需要您处理`, body: summary || `「${title}」有需要您处理的事项。` }
  if (to === 'done') return { title: `「${title}」已完成`, body: summary || `「${title}」已办理完成。` }
  return null
}

export async function notifyStageChanges(tx: Executor, caseId: number, changes: StageChange[], after: StageProgress[], now: Date): Promise<void> {
  const finalTo = new Map<Stage, StageStatus>()
  for (const ch of changes) finalTo.set(ch.stage, ch.to)
  const opened: Stage[] = []
  for (const [stage, to] of finalTo) {
    // `verify` done is the owner's own action at entry; the delegate's approval is announced by review.
    if (stage === 'verify' && to === 'done') continue
    // Rejections make these stages need attention; the review's own message already says why.
    if ((stage === 'documents' || stage === 'verify') && to === 'attention') continue
    if (to === 'available') {
      opened.push(stage)
      continue
    }
    const summary = after.find((p) => p.stage === stage)?.summary ?? ''
    const m = message(stage, to, summary)
    if (!m) continue
    await notifyOwner(tx, { caseId, kind: `stage_${to}`, title: m.title, body: m.body, link: STAGE_PAGES[stage], at: now })
  }
  if (opened.length === 1) {
    const stage = opened[0]
    const m = message(stage, 'available', after.find((p) => p.stage === stage)?.summary ?? '')!
    await notifyOwner(tx, { caseId, kind: 'stage_available', title: m.title, body: m.body, link: STAGE_PAGES[stage], at: now })
  } else if (opened.length > 1) {
    // Several stages opening at once (e.g. after identity is confirmed) make one message, not a burst.
    const names = opened.map((s) => `「${STAGE_TITLES[s]}」`).join('')
    await notifyOwner(tx, {
      caseId,
      kind: 'stage_available',
      title: `${names}已可办理`,
      body: `您现在可以办理${names}，请按首页提示逐项完成。`,
      link: STAGE_PAGES[opened[0]],
      at: now
    })
  }
}

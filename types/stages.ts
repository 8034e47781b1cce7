// Stage titles and the owner page of each stage, defined once for both sides. Plain values
// with a type-only import: the mini-program imports this file by value (never through
// types/index.ts), so no TypeBox schema code enters its bundle.
import type { Stage } from './progress'

/** Chinese stage titles (docs/domain.md): progress, notifications, staff and manager pages. */
export const STAGE_TITLES: Record<Stage, string> = {
  verify: '核验身份',
  documents: '提交资料',
  reserve: '预约时间',
  agreements: '签署协议',
  fees: '缴纳费用',
  checkin: '现场签到',
  inspection: '验房',
  keys: '交钥匙',
  done: '完成入伙',
  followup: '回访'
}

/**
 * Stage -> the owner page that acts on it: the home page's button and the link of a stage
 * notification. verify stays open for a delegate until the power of attorney is approved;
 * after the keys the owner's next act is the satisfaction survey (the visit is staff's).
 */
export const STAGE_PAGES: Record<Stage, string> = {
  verify: '/owner/delegate/index',
  documents: '/owner/documents/index',
  reserve: '/owner/reserve/index',
  agreements: '/owner/agreements/index',
  fees: '/owner/fees/index',
  checkin: '/owner/checkin/index',
  inspection: '/owner/inspection/index',
  keys: '/owner/keys/index',
  done: '/owner/handbook/index',
  followup: '/owner/survey/index'
}

/** The title of a stage code, or the code itself when it is not one (older rows). */
export function stageTitle(code: string): string {
  return (STAGE_TITLES as Record<string, string>)[code] ?? code
}

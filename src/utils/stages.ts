import type { Stage } from '../../types'

/** Chinese stage names (docs/domain.md), for places the server sends only the code. */
export const STAGE_TITLES: Record<Stage, string> = {
  verify: '核验身份',
  documents: '提交资料',
  reserve: '预约',
  agreements: '签署协议',
  fees: '缴费',
  checkin: '签到',
  inspection: '验房',
  keys: '交钥匙',
  done: '完成',
  followup: '回访'
}

export function stageTitle(code: string): string {
  return (STAGE_TITLES as Record<string, string>)[code] ?? code
}

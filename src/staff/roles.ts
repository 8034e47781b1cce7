import type { StaffRole } from '../../types'

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  reception: '接待',
  reviewer: '审核',
  inspector: '验房',
  cashier: '收银',
  manager: '经理'
}

export interface StaffMenuItem {
  title: string
  /** page path once the feature exists; items without one are shown as 即将开放 */
  url?: string
}

/** Role -> menu. The single table later issues fill as staff pages arrive. */
export const STAFF_MENU: Record<StaffRole, StaffMenuItem[]> = {
  reception: [{ title: '今日看板' }, { title: '签到取号' }],
  reviewer: [{ title: '资料审核' }, { title: '委托书审核' }],
  inspector: [{ title: '验房任务' }, { title: '整改复验' }],
  cashier: [{ title: '柜台收款' }, { title: '收据查询' }],
  manager: [{ title: '数据看板' }, { title: '资料审核' }, { title: '今日看板' }, { title: '满意度' }]
}

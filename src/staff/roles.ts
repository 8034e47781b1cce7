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
  /** the page the item opens */
  url: string
}

const OWN_PASSWORD: StaffMenuItem = { title: '修改密码', url: '/staff/password/index' }
/** SLA alerts for the member's role (a manager sees all): on every menu. */
const ALERTS: StaffMenuItem = { title: '风险预警', url: '/staff/alerts/index' }

/** Role -> menu. The single table later issues fill as staff pages arrive. */
export const STAFF_MENU: Record<StaffRole, StaffMenuItem[]> = {
  reception: [{ title: '今日看板', url: '/staff/board/index' }, { title: '签到取号', url: '/staff/board/index' }, { title: '回访任务', url: '/staff/tasks/index' }, ALERTS, OWN_PASSWORD],
  reviewer: [{ title: '资料审核', url: '/staff/review/index' }, { title: '委托书审核', url: '/staff/review/index' }, ALERTS, OWN_PASSWORD],
  inspector: [{ title: '今日看板', url: '/staff/board/index' }, { title: '验房任务', url: '/staff/inspect/index' }, { title: '整改复验', url: '/staff/repairs/index' }, ALERTS, OWN_PASSWORD],
  cashier: [{ title: '柜台收款', url: '/staff/cashier/index' }, { title: '收据查询', url: '/staff/cashier/index' }, ALERTS, OWN_PASSWORD],
  manager: [{ title: '小区管理', url: '/manager/index/index' }, { title: '数据看板', url: '/manager/dashboard/index' }, { title: '今日看板', url: '/staff/board/index' }, { title: '资料审核', url: '/staff/review/index' }, { title: '柜台收款', url: '/staff/cashier/index' }, { title: '整改复验', url: '/staff/repairs/index' }, { title: '回访任务', url: '/staff/tasks/index' }, { title: '满意度', url: '/staff/survey/index' }, ALERTS, OWN_PASSWORD]
}

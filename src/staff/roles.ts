import type { StaffHomeCounts, StaffRole } from '../../types'

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
  /** what waits behind the tile (GET /api/staff/home-counts) and how it reads */
  count?: { key: keyof StaffHomeCounts; unit: string }
}

const OWN_PASSWORD: StaffMenuItem = { title: '修改密码', url: '/staff/password/index' }
/** SLA alerts for the member's role (a manager sees all): on every menu. */
const ALERTS: StaffMenuItem = { title: '风险预警', url: '/staff/alerts/index', count: { key: 'alertsOpen', unit: '条未处理' } }
const REVIEW: StaffMenuItem = { title: '资料审核', url: '/staff/review/index', count: { key: 'reviewWaiting', unit: '户待审' } }
const DELEGATES: StaffMenuItem = { title: '委托书审核', url: '/staff/review/index', count: { key: 'delegatesWaiting', unit: '份待审' } }
const BOARD: StaffMenuItem = { title: '今日看板', url: '/staff/board/index', count: { key: 'checkinWaiting', unit: '位等候' } }
const REPAIRS: StaffMenuItem = { title: '整改复验', url: '/staff/repairs/index', count: { key: 'repairsOpen', unit: '项未整改' } }
const CASHIER: StaffMenuItem = { title: '柜台收款', url: '/staff/cashier/index', count: { key: 'unpaid', unit: '户未缴清' } }
/** the hall TV: opened once on the TV's browser by a staff member */
const HALL: StaffMenuItem = { title: '叫号大屏', url: '/staff/hall/index' }
const TASKS: StaffMenuItem = { title: '回访任务', url: '/staff/tasks/index', count: { key: 'tasksOpen', unit: '项待办' } }

/** Role -> menu. The single table later issues fill as staff pages arrive. */
export const STAFF_MENU: Record<StaffRole, StaffMenuItem[]> = {
  reception: [BOARD, { title: '签到取号', url: '/staff/board/index' }, HALL, TASKS, ALERTS, OWN_PASSWORD],
  reviewer: [REVIEW, DELEGATES, ALERTS, OWN_PASSWORD],
  inspector: [{ title: '今日看板', url: '/staff/board/index' }, { title: '验房任务', url: '/staff/inspect/index' }, REPAIRS, ALERTS, OWN_PASSWORD],
  // the cashier's tasks are overpayment refunds
  cashier: [CASHIER, { title: '收据查询', url: '/staff/cashier/index' }, { ...TASKS, title: '退款任务' }, ALERTS, OWN_PASSWORD],
  manager: [{ title: '小区管理', url: '/manager/index/index' }, { title: '数据看板', url: '/manager/dashboard/index' }, BOARD, HALL, REVIEW, CASHIER, REPAIRS, TASKS, { title: '满意度', url: '/staff/survey/index' }, ALERTS, OWN_PASSWORD]
}

/**
 * The house search on the staff home, per role: the roles GET /api/staff/houses admits
 * (reception, reviewer, manager). The cashier looks houses up on 柜台收款 (bills by house or
 * name) and the inspector on 验房任务, so their home offers none rather than a refusal.
 */
export const HOME_HOUSE_SEARCH: Record<StaffRole, boolean> = {
  reception: true,
  reviewer: true,
  inspector: false,
  cashier: false,
  manager: true
}

/** Chinese words for the codes the history sends (statuses as stored by each feature). */
export const RESERVATION_STATUS: Record<string, string> = {
  active: '已预约',
  cancelled: '已取消',
  rescheduled: '已改期',
  expired: '已过期'
}

export const BILL_STATUS: Record<string, string> = { unpaid: '未缴费', partial: '部分缴纳', paid: '已缴清' }
export const ORDER_STATUS: Record<string, string> = { pending: '待支付', paid: '已支付', failed: '未成功' }
export const DEFECT_STATUS: Record<string, string> = { open: '待整改', fixed: '已整改，待业主确认', confirmed: '业主已确认' }
export const REPAIR_STATUS: Record<string, string> = { open: '整改中', fixed: '已修复' }
export const INSPECTION_RESULT: Record<string, string> = { passed: '通过', defects: '发现问题' }
export const INSPECTION_STATUS: Record<string, string> = { in_progress: '进行中', completed: '已完成' }
export const TASK_STATUS: Record<string, string> = { open: '待处理', done: '已完成', closed: '已关闭' }
export const ACTOR_TYPE: Record<string, string> = { owner: '业主', delegate: '委托人', staff: '工作人员', system: '系统' }
export const DELEGATE_STATUS: Record<string, string> = { pending_review: '委托书待审核', approved: '委托已确认', rejected: '委托书未通过' }
export const ROLE_LABEL: Record<string, string> = { reception: '接待', reviewer: '审核', inspector: '验房', cashier: '收银', manager: '经理' }

export const label = (table: Record<string, string>, code: string | null | undefined): string => (code ? (table[code] ?? code) : '')

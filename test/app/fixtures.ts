import type { Progress, StageProgress } from '../../types'

export const STAGES_FIXTURE: StageProgress[] = [
  { stage: 'verify', title: '核验身份', status: 'done', summary: '已核验业主身份', blockers: [], doneAt: '2025-11-20T02:05:00.000Z' },
  { stage: 'documents', title: '提交资料', status: 'attention', summary: '购房合同被退回：照片不清晰', blockers: [] },
  { stage: 'reserve', title: '预约', status: 'locked', summary: '选择入伙办理时间', blockers: ['资料全部审核通过后才能预约'] },
  { stage: 'agreements', title: '签署协议', status: 'available', summary: '阅读并签署物业服务协议', blockers: [] },
  { stage: 'fees', title: '缴费', status: 'in_progress', summary: '待支付 3,240.00 元', blockers: [] },
  { stage: 'checkin', title: '签到', status: 'locked', summary: '入伙当天到场签到取号', blockers: ['需先预约办理时间'] },
  { stage: 'inspection', title: '验房', status: 'locked', summary: '逐项查验房屋', blockers: ['需先到场签到'] },
  { stage: 'keys', title: '交钥匙', status: 'locked', summary: '核对并领取钥匙', blockers: ['需先完成验房并签署房屋交接单'] },
  { stage: 'done', title: '完成', status: 'locked', summary: '入伙完成', blockers: [] },
  { stage: 'followup', title: '回访', status: 'locked', summary: '入住后 7 天内回访', blockers: [] }
]

export const PROGRESS_FIXTURE: Progress = {
  currentStage: 'documents',
  nextStep: '重新上传购房合同',
  stages: STAGES_FIXTURE,
  policy: { feesRequiredForKeys: true, agreementsRequiredForKeys: false },
  events: [],
  unreadNotifications: 3
}

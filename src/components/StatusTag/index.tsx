import { Text } from '@tarojs/components'
import type { StageStatus } from '../../../types'
import './index.scss'

/** The owner-facing name of every stage status. */
export const STATUS_LABELS: Record<StageStatus, string> = {
  done: '已完成',
  in_progress: '进行中',
  available: '待处理',
  attention: '需处理',
  locked: '未开始'
}

export function StatusTag({ status }: { status: StageStatus }) {
  return <Text className={`status-tag status-tag--${status}`}>{STATUS_LABELS[status]}</Text>
}

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

/** A stage status chip; `label` replaces the generic wording where the page knows better (待签署). */
export function StatusTag({ status, label }: { status: StageStatus; label?: string }) {
  return <Text className={`status-tag status-tag--${status}`}>{label ?? STATUS_LABELS[status]}</Text>
}

import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { InspectionQueueState } from '../../../types'
import { useInspectionQueue } from '../../hooks/useInspectionQueue'
import { InlineError } from '../InlineError'

const STATE_TEXT: Record<InspectionQueueState, string> = {
  waiting: '待验房',
  in_progress: '验房中',
  repairs: '整改中',
  reinspect: '待复验',
  awaiting_owner: '待业主签署'
}
const ACTION: Partial<Record<InspectionQueueState, string>> = { waiting: '开始验房', in_progress: '继续验房', reinspect: '开始复验' }

/** Checked-in houses waiting for (re-)inspection. */
export function InspectQueue() {
  const q = useInspectionQueue()
  return (
    <View className='staff__card'>
      <View className='insp-room__head'>
        <Text className='staff__subtitle'>验房任务</Text>
        <Button className='insp-btn' size='small' fill='outline' onClick={() => void q.load()} aria-label='刷新验房任务'>
          刷新
        </Button>
      </View>
      <InlineError message={q.error} />
      {q.items === null && !q.error && <Text className='staff__muted'>加载中…</Text>}
      {q.items?.length === 0 && <Text className='staff__muted'>暂无已签到待验房的房屋</Text>}
      {q.items?.map((i) => (
        <View key={i.caseId} className='insp-queue' data-testid='queue-item'>
          <View className='insp-queue__info'>
            <Text className='staff__menu-title'>{i.houseLabel}</Text>
            <Text className='staff__muted'>{`${i.checkinDate} 签到 ${i.queueNo} 号　${STATE_TEXT[i.state]}${i.rounds ? `　已验 ${i.rounds} 轮` : ''}${i.openDefects ? `　${i.openDefects} 处问题` : ''}`}</Text>
          </View>
          {ACTION[i.state] && (
            <Button className='insp-btn' size='small' type='primary' loading={q.starting === i.caseId} disabled={q.starting !== null} onClick={() => void q.open(i)}>
              {ACTION[i.state]}
            </Button>
          )}
        </View>
      ))}
    </View>
  )
}

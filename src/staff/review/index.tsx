import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { DocumentReviewItem, formatWaiting } from '../../components/DocumentReview'
import { InlineError } from '../../components/InlineError'
import { useReview } from '../../hooks/useReview'
import { PAGES } from '../../routes'
import { formatDateTime } from '../../utils/time'
import '../staff.scss'

const ROLE_LABELS: Record<string, string> = { owner: '业主本人', delegate: '委托办理' }

/** staff/review: the document review queue (oldest first, 24 h target) and one case's items. */
export default function StaffReviewPage() {
  const { queue, reasons, detail, error, busy, loadQueue, openCase, closeCase, decide } = useReview()

  if (detail) {
    return (
      <View className='staff'>
        <View className='staff__card'>
          <Text className='staff__title'>{detail.houseLabel}</Text>
          <Text className='staff__muted'>{`业主：${detail.ownerNameMasked || '—'}　${ROLE_LABELS[detail.role] ?? detail.role}${detail.delegateNameMasked ? `　受托人：${detail.delegateNameMasked}` : ''}`}</Text>
          <Text className='staff__muted'>查看证件照片会被记录，请勿截图或外传。</Text>
        </View>
        <InlineError message={error} testId='review-error' />
        {detail.items.map((item) => (
          <DocumentReviewItem key={item.code} item={item} reasons={reasons} busy={busy === item.code} onDecide={(d, r) => decide(item.code, d, r)} />
        ))}
        <Button block fill='outline' onClick={closeCase}>
          返回审核队列
        </Button>
      </View>
    )
  }

  return (
    <View className='staff'>
      <View className='staff__card'>
        <Text className='staff__title'>待审核资料</Text>
        {queue && (
          <Text className='staff__muted'>{`共 ${queue.items.length} 户，先到先审；目标 ${queue.targetHours} 小时内完成${queue.overdueCount > 0 ? `，已超时 ${queue.overdueCount} 户` : ''}`}</Text>
        )}
        <Button size='small' fill='outline' onClick={() => void loadQueue()} aria-label='刷新审核队列'>
          刷新
        </Button>
      </View>
      <InlineError message={error} testId='review-error' />
      {queue && queue.items.length === 0 && (
        <View className='staff__card'>
          <Text className='staff__muted'>暂无待审核的资料。</Text>
        </View>
      )}
      {queue?.items.map((q) => (
        <View
          key={q.caseId}
          className='staff__card staff__result'
          role='button'
          aria-label={`${q.houseLabel}，等待${formatWaiting(q.waitingMinutes)}${q.overdue ? '，已超时' : ''}`}
          data-testid='review-queue-item'
          onClick={() => void openCase(q.caseId)}
        >
          <View className='staff__head'>
            <Text className='staff__menu-title'>{q.houseLabel}</Text>
            <Text className={q.overdue ? 'staff__role staff__role--danger' : 'staff__role'}>{q.overdue ? '已超时' : `${q.targetHours} 小时内`}</Text>
          </View>
          <Text className='staff__result-line'>{`业主：${q.ownerNameMasked || '—'}　${ROLE_LABELS[q.role] ?? q.role}`}</Text>
          <Text className='staff__result-line'>{`待审：${q.pendingItems.map((i) => i.title).join('、')}`}</Text>
          <Text className='staff__result-line'>{`已等待 ${formatWaiting(q.waitingMinutes)}（提交于 ${formatDateTime(q.waitingSince)}）`}</Text>
        </View>
      ))}
      <Button block fill='outline' onClick={() => void Taro.navigateBack().catch(() => Taro.reLaunch({ url: PAGES.staffHome }))}>
        返回
      </Button>
    </View>
  )
}

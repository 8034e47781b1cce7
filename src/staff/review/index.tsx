import { Text, View } from '@tarojs/components'
import { useEffect } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { DocumentReviewItem, formatWaiting } from '../../components/DocumentReview'
import { InlineError } from '../../components/InlineError'
import { useReview } from '../../hooks/useReview'
import { PAGES } from '../../routes'
import { formatDateTime } from '../../utils/time'
import '../staff.scss'
import { withPage } from '../../components/Page'

const ROLE_LABELS: Record<string, string> = { owner: '业主本人', delegate: '委托办理' }

/** staff/review: the document review queue (oldest first, 24 h target) and one case's items. */
function StaffReviewPage() {
  const { queue, reasons, detail, error, busy, loadQueue, openCase, closeCase, decide } = useReview()
  // one case is its own page (?caseId=): back (browser, title bar, WeChat) returns to the queue
  const { params } = useRouter()
  const caseId = Number(params.caseId) > 0 ? Number(params.caseId) : null
  useEffect(() => {
    if (caseId) void openCase(caseId)
  }, [caseId, openCase])
  // back on the queue after deciding: fresh counts
  useDidShow(() => {
    if (!caseId && queue) void loadQueue()
  })
  const backToQueue = () => (caseId ? void Taro.navigateBack().catch(() => Taro.redirectTo({ url: PAGES.staffReview })) : closeCase())

  if (detail) {
    return (
      <View className='staff'>
        <View className='staff__card'>
          <Text className='staff__title'>{detail.houseLabel}</Text>
          <Text className='staff__muted'>{ROLE_LABELS[detail.role] ?? detail.role}</Text>
          {/* what the ID photo is compared with: the registered (备案) name in full, the ID masked */}
          <View className='review__identity' data-testid='review-identity' role='group' aria-label='备案信息（与证件照片核对）'>
            <Text className='review__identity-line'>
              {'备案业主：'}
              <Text className='review__identity-strong'>{detail.ownerName || '—'}</Text>
            </Text>
            <Text className='review__identity-line'>{`身份证号：${detail.ownerIdMasked || '—'}`}</Text>
            {detail.delegateName && (
              <>
                <Text className='review__identity-line'>
                  {'受托人：'}
                  <Text className='review__identity-strong'>{detail.delegateName}</Text>
                </Text>
                <Text className='review__identity-line'>{`受托人身份证号：${detail.delegateIdMasked || '—'}`}</Text>
              </>
            )}
          </View>
          <Text className='staff__muted'>姓名完整显示仅供核对，本次查看已记录；请勿截图或外传。</Text>
        </View>
        <InlineError message={error} testId='review-error' />
        {detail.items.map((item) => (
          <DocumentReviewItem key={item.code} item={item} reasons={reasons} busy={busy === item.code} onDecide={(d, r) => decide(item.code, d, r)} />
        ))}
        <Button block fill='outline' onClick={backToQueue}>
          返回审核队列
        </Button>
      </View>
    )
  }

  if (caseId) {
    return (
      <View className='staff' aria-busy={error ? 'false' : 'true'}>
        {error ? <InlineError message={error} testId='review-error' /> : <Text className='staff__muted'>正在读取资料…</Text>}
        <Button block fill='outline' onClick={backToQueue}>
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
          onClick={() => void Taro.navigateTo({ url: `${PAGES.staffReview}?caseId=${q.caseId}` })}
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

export default withPage(StaffReviewPage)

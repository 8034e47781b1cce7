import { useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { InlineError } from '../../components/InlineError'
import { FaqLink } from '../../components/FaqLink'
import { fetchBill, METHOD_LABELS } from '../../api/fees'
import { yuan } from '../../utils/money'
import { formatDateTimeNumeric } from '../../utils/time'
import { cancelPayment } from '../../api/payments'
import { newIdempotencyKey } from '../../utils/idempotency'
import { useRemote } from '../../hooks/useRemote'
import { BillLines, PayState } from './BillLines'
import { resumePaymentFlow, startPayment } from './pay'
import { usePaymentStatus } from './usePaymentStatus'
import '../../components/Onsite/onsite.scss'
import './fees.scss'
import { withPage } from '../../components/Page'

/** owner/fees: the bill, its state and receipts; pay online (WeChat) or at the counter. */
function OwnerFeesPage() {
  const { state, reload } = useRemote(fetchBill, 'owner')
  const [busy, setBusy] = useState<'pay' | 'resume' | 'cancel' | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [watching, setWatching] = useState<number | null>(null)
  const key = useRef<string | null>(null)
  const bill = state.phase === 'ready' ? state.data : null
  const pendingId = watching ?? bill?.pendingPaymentId ?? null
  const status = usePaymentStatus(pendingId)
  const settledOrder = status.order && status.order.status !== 'pending' ? status.order.id : null

  useDidShow(() => void reload())
  // When the watched order reaches a result, the bill changes too.
  useEffect(() => {
    if (settledOrder !== null) void reload()
  }, [settledOrder, reload])

  if (state.phase === 'loading') return <View className='onsite' aria-busy='true'><Text className='onsite__text'>正在加载账单…</Text></View>
  if (state.phase === 'error') {
    return (
      <View className='onsite'>
        <InlineError message={state.message} />
        <Button type='primary' block onClick={() => void reload()}>重新加载</Button>
      </View>
    )
  }
  const b = state.data

  const pay = async () => {
    setBusy('pay')
    setMessage(null)
    // The same key while this tap is retried: a double tap never creates two orders.
    key.current ??= newIdempotencyKey()
    const r = await startPayment(key.current)
    setBusy(null)
    key.current = null
    if (!r.ok) {
      setMessage(r.message)
      return
    }
    if (!r.navigated) setWatching(r.orderId)
  }

  const watched = status.order

  // 继续支付: the same order handed off again; the server refuses a closed or paid one.
  const resume = async (id: number) => {
    setBusy('resume')
    setMessage(null)
    const r = await resumePaymentFlow(id)
    setBusy(null)
    if (!r.ok) {
      setMessage(r.message)
      void status.reload()
      void reload()
    } else if (!r.navigated) void status.reload()
  }

  // 取消本次支付: WeChat closes the order; if it was paid a moment before, the answer says paid.
  const cancel = async (id: number) => {
    setBusy('cancel')
    setMessage(null)
    const r = await cancelPayment(id)
    setBusy(null)
    if (!r.ok) {
      setMessage(r.message)
      return
    }
    status.setOrder(r.data)
    setWatching(null)
    void reload()
  }
  return (
    <View className='onsite'>
      <View className='onsite__card'>
        <Text className='onsite__title'>{b.houseLabel}</Text>
        <Text className='onsite__muted'>{`建筑面积 ${b.area} m²　物业费预缴 ${b.prepaidMonths} 个月`}</Text>
        <Text className='fees__total' aria-label={`应缴合计 ${yuan(b.totalCents)} 元`}>{`¥${yuan(b.totalCents)}`}</Text>
        <View className='onsite__row'>
          <Text>缴费状态</Text>
          <PayState state={watched?.status === 'pending' ? 'pending' : b.status} />
        </View>
        {b.paidCents > 0 && (
          <View className='onsite__row'><Text>已缴</Text><Text>{`¥${yuan(b.paidCents)}`}</Text></View>
        )}
        {b.balanceCents > 0 && b.paidCents > 0 && (
          <View className='onsite__row'><Text>还需缴纳</Text><Text className='onsite__no'>{`¥${yuan(b.balanceCents)}`}</Text></View>
        )}
      </View>

      <View className='onsite__card'>
        <Text className='onsite__title'>费用明细</Text>
        <BillLines lines={b.lines} />
      </View>

      {watched && (
        <View className='onsite__card' aria-live='polite'>
          <Text className='onsite__title'>{`本次支付：${watched.statusText}`}</Text>
          {watched.status === 'pending' && (
            <>
              <Text className='onsite__text'>{`订单 ¥${yuan(watched.amountCents)} 已创建，尚未收到支付结果。`}</Text>
              <Text className='onsite__muted'>
                {status.gaveUp
                  ? '如已扣款，结果会自动更新；未付款可继续支付，或取消后重新发起。'
                  : '未完成付款可继续支付；不想付了可取消本次支付，超过 15 分钟未支付的订单会自动关闭。'}
              </Text>
              <InlineError message={message} />
              <View className='fees__actions'>
                <Button type='primary' block loading={busy === 'resume'} disabled={busy !== null} onClick={() => void resume(watched.id)}>
                  继续支付
                </Button>
                <Button block loading={busy === 'cancel'} disabled={busy !== null} onClick={() => void cancel(watched.id)}>
                  取消本次支付
                </Button>
              </View>
            </>
          )}
          {watched.status === 'failed' && <Text className='onsite__text'>{`${watched.failureReason ?? '支付未完成'}，未产生扣款，可重新支付。`}</Text>}
          {watched.receiptId !== null && (
            <Button block onClick={() => void Taro.navigateTo({ url: `/owner/receipt/index?id=${watched.receiptId}` })}>查看收据</Button>
          )}
        </View>
      )}

      {b.balanceCents > 0 && watched?.status !== 'pending' && (
        <View className='fees__actions'>
          {message && <InlineError message={message} />}
          <Button type='primary' block loading={busy === 'pay'} disabled={busy !== null} onClick={() => void pay()} aria-label={`微信支付 ${yuan(b.balanceCents)} 元`}>
            {`微信支付 ¥${yuan(b.balanceCents)}`}
          </Button>
          <Text className='onsite__muted'>也可在入伙当天到物业服务中心收银处，用现金、银行卡、转账或支付宝缴纳。</Text>
        </View>
      )}

      {b.receipts.length > 0 && (
        <View className='onsite__card'>
          <Text className='onsite__title'>收据</Text>
          {b.receipts.map((r) => (
            <View
              key={r.id}
              className='onsite__row'
              role='link'
              onClick={() => void Taro.navigateTo({ url: `/owner/receipt/index?id=${r.id}` })}
            >
              <Text>{`${r.number}　${METHOD_LABELS[r.method] ?? r.method}`}</Text>
              <Text className='fees__link'>{`¥${yuan(r.amountCents)} ›`}</Text>
            </View>
          ))}
        </View>
      )}

      {b.payments.some((p) => p.status === 'failed') && (
        <View className='onsite__card'>
          <Text className='onsite__title'>支付记录</Text>
          {b.payments.map((p) => (
            <View key={p.id} className='onsite__row'>
              <Text>{`${formatDateTimeNumeric(p.createdAt)} ${METHOD_LABELS[p.method] ?? p.method}`}</Text>
              <PayState order state={p.status === 'paid' ? 'paid' : p.status === 'pending' ? 'pending' : 'failed'} />
            </View>
          ))}
        </View>
      )}

      <FaqLink category='费用与缴费' q='如何缴费' />
    </View>
  )
}

export default withPage(OwnerFeesPage)

import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { InlineError } from '../../components/InlineError'
import { PAGES } from '../../routes'
import { yuan } from '../../utils/money'
import { sandboxPay } from '../../api/payments'
import { BillLines, PayState } from '../fees/BillLines'
import { usePaymentStatus } from '../fees/usePaymentStatus'
import '../../components/Onsite/onsite.scss'
import '../fees/fees.scss'
import { withPage } from '../../components/Page'

/**
 * owner/cashier (H5): the amount and lines of one order. In sandbox mode "确认支付（沙箱）" asks
 * the server's WeChat Pay sandbox to pay; the order turns paid only when the server has
 * verified the sandbox's signed notification.
 */
function CashierPage() {
  const { params } = useRouter()
  const id = Number(params.id)
  const valid = Number.isInteger(id) && id > 0
  const status = usePaymentStatus(valid ? id : null)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const order = status.order

  if (!valid) return <View className='onsite'><InlineError message='支付订单不存在' /></View>
  if (!order) {
    return (
      <View className='onsite' aria-busy={!status.error}>
        {status.error ? <InlineError message={status.error} /> : <Text className='onsite__text'>正在加载订单…</Text>}
      </View>
    )
  }

  const confirm = async (result: 'SUCCESS' | 'PAYERROR') => {
    setBusy(true)
    setMessage(null)
    const r = await sandboxPay(order.id, result)
    setBusy(false)
    if (r.ok) status.setOrder(r.data)
    else setMessage(r.message)
    // keep polling if the notification is still on its way
    if (r.ok && r.data.status === 'pending') void status.reload()
  }

  return (
    <View className='onsite'>
      <View className='onsite__card'>
        {order.sandbox && <Text className='fees__sandbox'>沙箱环境：不会产生真实扣款</Text>}
        <Text className='onsite__title'>{order.houseLabel} 入伙费用</Text>
        <Text className='fees__total' aria-label={`支付金额 ${yuan(order.amountCents)} 元`}>{`¥${yuan(order.amountCents)}`}</Text>
        <View className='onsite__row'>
          <Text>订单状态</Text>
          <PayState state={order.status} order />
        </View>
        <Text className='onsite__muted'>{`订单号 ${order.outTradeNo}`}</Text>
      </View>
      <View className='onsite__card'>
        <Text className='onsite__title'>费用明细</Text>
        <BillLines lines={order.lines} />
        {order.amountCents < order.lines.reduce((s, l) => s + l.amountCents, 0) && (
          <Text className='onsite__muted'>本次支付为账单剩余未缴金额。</Text>
        )}
      </View>
      <View className='fees__actions' aria-live='polite'>
        <InlineError message={message} />
        {order.status === 'pending' && order.sandbox && (
          <>
            <Button type='primary' block loading={busy} disabled={busy} onClick={() => void confirm('SUCCESS')}>确认支付（沙箱）</Button>
            <Button block disabled={busy} onClick={() => void confirm('PAYERROR')}>模拟支付失败</Button>
          </>
        )}
        {order.status === 'pending' && !order.sandbox && (
          <Text className='onsite__text'>请在微信小程序中完成支付。</Text>
        )}
        {order.status === 'paid' && (
          <>
            <Text className='onsite__text'>支付成功，收据已开具。</Text>
            {order.receiptId !== null && (
              <Button type='primary' block onClick={() => void Taro.redirectTo({ url: `/owner/receipt/index?id=${order.receiptId}` })}>查看收据</Button>
            )}
          </>
        )}
        {order.status === 'failed' && (
          <>
            <Text className='onsite__text onsite__no'>{order.failureReason ?? '支付未完成，未产生扣款'}</Text>
            <Button type='primary' block onClick={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: PAGES.fees }))}>返回重新支付</Button>
          </>
        )}
      </View>
    </View>
  )
}

export default withPage(CashierPage)

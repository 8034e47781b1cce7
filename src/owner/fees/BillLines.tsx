import { Text, View } from '@tarojs/components'
import type { FeeLine, ReceiptLine } from '../../../types'
import { yuan } from '../../utils/money'
import './fees.scss'

function detail(l: FeeLine): string {
  if (l.unit === '项') return `${yuan(l.unitCents)} 元/项`
  const [area, months] = l.unit.split('·')
  return months
    ? `${l.quantity} ${area} × ${yuan(l.unitCents)} 元/m²·月 × ${months}`
    : `${l.quantity} ${area} × ${yuan(l.unitCents)} 元/m²`
}

/** Bill lines with how each amount was computed; shared by the fee, cashier and staff pages. */
export function BillLines({ lines }: { lines: FeeLine[] }) {
  return (
    <View role='list' aria-label='费用明细'>
      {lines.map((l) => (
        <View key={l.kind} className='fees__line' role='listitem'>
          <View className='fees__line-main'>
            <Text className='fees__label'>{l.label}</Text>
            <Text className='fees__detail'>{detail(l)}</Text>
          </View>
          <Text className='fees__amount'>{`¥${yuan(l.amountCents)}`}</Text>
        </View>
      ))}
    </View>
  )
}

export function ReceiptLines({ lines }: { lines: ReceiptLine[] }) {
  return (
    <View role='list' aria-label='收款明细'>
      {lines.map((l) => (
        <View key={l.label} className='fees__line' role='listitem'>
          <Text className='fees__label'>{l.label}</Text>
          <Text className='fees__amount'>{`¥${yuan(l.amountCents)}`}</Text>
        </View>
      ))}
    </View>
  )
}

const STATE_TEXT = { paid: '已缴清', partial: '部分已缴', unpaid: '待缴纳', pending: '支付处理中', failed: '支付失败' } as const

/** A bill's state, or (`order`) one payment order's: a paid order reads 已支付, a paid bill 已缴清. */
export function PayState({ state, order = false }: { state: keyof typeof STATE_TEXT; order?: boolean }) {
  const tone = state === 'paid' ? 'paid' : state === 'pending' ? 'pending' : state === 'failed' ? 'failed' : 'unpaid'
  return <Text className={`fees__state fees__state--${tone}`}>{order && state === 'paid' ? '已支付' : STATE_TEXT[state]}</Text>
}

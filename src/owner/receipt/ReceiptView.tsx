import { Text, View } from '@tarojs/components'
import type { Receipt } from '../../../types'
import { METHOD_LABELS } from '../../api/fees'
import { yuan } from '../../utils/money'
import { formatDateTimeNumeric } from '../../utils/time'
import { ReceiptLines } from '../fees/BillLines'
import '../../components/Onsite/onsite.scss'
import '../fees/fees.scss'

/** A receipt laid out for the screen and for printing (staff print it at the counter). */
export function ReceiptView({ receipt: r }: { receipt: Receipt }) {
  return (
    <View className='onsite__card' data-testid='receipt'>
      <Text className='onsite__title'>{`${r.communityName} 收据`}</Text>
      <Text className='onsite__muted'>{`收据号 ${r.number}`}</Text>
      {r.company !== '' && <View className='onsite__row'><Text>收款单位</Text><Text>{r.company}</Text></View>}
      <View className='onsite__row'><Text>房屋</Text><Text>{r.houseLabel}</Text></View>
      {r.payerName !== '' && <View className='onsite__row'><Text>业主</Text><Text>{r.payerName}</Text></View>}
      <View className='onsite__row'><Text>收款方式</Text><Text>{r.methodText || METHOD_LABELS[r.method] || r.method}</Text></View>
      {r.reference && <View className='onsite__row'><Text>交易单号</Text><Text>{r.reference}</Text></View>}
      <View className='onsite__row'><Text>收款时间</Text><Text>{formatDateTimeNumeric(r.issuedAt)}</Text></View>
      <ReceiptLines lines={r.lines} />
      <View className='onsite__row'>
        <Text className='onsite__title'>合计</Text>
        <Text className='fees__total'>{`¥${yuan(r.amountCents)}`}</Text>
      </View>
      <View className='onsite__row'><Text>经办</Text><Text>{r.handledBy || r.issuedBy}</Text></View>
    </View>
  )
}

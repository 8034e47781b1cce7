import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { CounterMethod } from '../../../types'
import { METHOD_LABELS } from '../../api/fees'
import { yuan } from '../../utils/money'

/**
 * The cashier's last look before money is recorded: house, amount in large type, method and
 * slip / transfer reference. Confirm records it; 返回修改 changes nothing.
 */
export function ConfirmPayment(props: {
  houseLabel: string
  amountCents: number
  method: CounterMethod
  reference: string
  onConfirm: () => void
  onCancel: () => void
}) {
  const { houseLabel, amountCents, method, reference, onConfirm, onCancel } = props
  return (
    <View className='cashier-confirm' data-testid='cashier-confirm'>
      <View className='cashier-confirm__mask' onClick={onCancel} />
      <View className='cashier-confirm__box' role='dialog' aria-modal='true' aria-labelledby='cashier-confirm-title'>
        <Text className='cashier-confirm__title' id='cashier-confirm-title'>
          请核对收款信息
        </Text>
        <Text className='cashier-confirm__line'>{houseLabel}</Text>
        <Text className='cashier-confirm__amount' data-testid='cashier-confirm-amount'>{`¥${yuan(amountCents)}`}</Text>
        <Text className='cashier-confirm__line'>{`收款方式：${METHOD_LABELS[method] ?? method}`}</Text>
        {reference && <Text className='cashier-confirm__line'>{`${method === 'bank_transfer' ? '转账流水号' : method === 'card' ? '凭证号' : '参考号'}：${reference}`}</Text>}
        <Text className='cashier-confirm__note'>确认后即登记收款并开具收据，不能撤销。</Text>
        <View className='cashier-confirm__actions'>
          <Button className='cashier-confirm__btn' type='primary' block onClick={onConfirm}>
            {`确认收款 ¥${yuan(amountCents)}`}
          </Button>
          <Button className='cashier-confirm__btn' fill='outline' block onClick={onCancel}>
            返回修改
          </Button>
        </View>
      </View>
    </View>
  )
}

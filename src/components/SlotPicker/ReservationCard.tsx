import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Reservation } from '../../../types'
import { formatDateTime } from '../../utils/time'
import './ReservationCard.scss'

export interface ReservationCardProps {
  reservation: Reservation
  busy: boolean
  onCancel: () => void
}

/** The confirmation: when, where, what to bring, and until when it can be changed. */
export function ReservationCard({ reservation: r, busy, onCancel }: ReservationCardProps) {
  const deadline = formatDateTime(r.changeDeadline)
  return (
    <View className='reservation-card' data-testid='reservation-card' aria-label='预约确认'>
      <Text className='reservation-card__badge'>已预约</Text>
      <Text className='reservation-card__when'>{r.whenText}</Text>
      <Text className='reservation-card__house'>{r.houseLabel}</Text>

      <View className='reservation-card__section'>
        <Text className='reservation-card__label'>办理地点</Text>
        <Text className='reservation-card__text'>{r.place.name}</Text>
        {r.place.address !== '' && <Text className='reservation-card__muted'>{r.place.address}</Text>}
        {r.place.phone !== '' && <Text className='reservation-card__muted'>{`咨询电话：${r.place.phone}`}</Text>}
      </View>

      <View className='reservation-card__section'>
        <Text className='reservation-card__label'>请携带</Text>
        <View role='list' aria-label='需携带的资料'>
          {r.bring.map((b) => (
            <View key={b.code} role='listitem' className='reservation-card__bring'>
              <Text className='reservation-card__text'>{`· ${b.title}`}</Text>
              <Text className='reservation-card__muted'>{`（${b.note}）`}</Text>
            </View>
          ))}
        </View>
      </View>

      <View className='reservation-card__section'>
        <Text className='reservation-card__label'>改约与取消</Text>
        <Text className={`reservation-card__text${r.canChange ? '' : ' is-late'}`} data-testid='reservation-cutoff'>
          {r.canChange ? `${deadline} 前可改约或取消` : `已过改约截止时间（${deadline}），如需改约请致电物业服务中心`}
        </Text>
      </View>

      {r.canChange && (
        <Button className='reservation-card__cancel' block fill='outline' type='danger' disabled={busy} aria-label='取消预约' onClick={onCancel}>
          取消预约
        </Button>
      )}
    </View>
  )
}

export default ReservationCard

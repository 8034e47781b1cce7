import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { useStaffBoard } from '../../hooks/useStaffBoard'
import { getStaffSession } from '../../stores/session'
import { formatTime } from '../../utils/time'
import { PAGES } from '../../routes'
import '../staff.scss'
import '../../components/Onsite/onsite.scss'

const STATUS = { waiting: '等候中', called: '办理中', finished: '已完成' } as const
// must match the server's LONG_WAIT_MINUTES (checkin/service.ts)
const LONG_WAIT_MINUTES = 30

/** staff/board: today's slots and queue, long waits highlighted, call next, check in by code. */
export default function BoardPage() {
  const { state, reload, next, finish, byCode, notice, error, busy } = useStaffBoard()
  const [code, setCode] = useState('')
  const isReception = getStaffSession()?.user.role === 'reception'

  if (state.phase === 'loading') return <View className='staff' aria-busy='true'><Text className='staff__muted'>正在加载…</Text></View>
  if (state.phase === 'error') {
    return (
      <View className='staff'>
        <InlineError message={state.message} />
        <Button type='primary' block onClick={() => void reload()}>重新加载</Button>
      </View>
    )
  }
  const b = state.data
  return (
    <View className='staff'>
      <View className='staff__card'>
        <Text className='staff__title'>{`${b.date} 现场看板`}</Text>
        <View className='onsite__stats'>
          <View className='onsite__stat'><Text className='onsite__stat-value'>{b.counts.reserved}</Text><Text>预约</Text></View>
          <View className='onsite__stat'><Text className='onsite__stat-value'>{b.counts.waiting}</Text><Text>等候</Text></View>
          <View className='onsite__stat'><Text className='onsite__stat-value'>{b.counts.serving}</Text><Text>办理中</Text></View>
          <View className='onsite__stat'><Text className='onsite__stat-value'>{b.counts.finished}</Text><Text>完成</Text></View>
        </View>
        {b.counts.longWaits > 0 && <Text className='onsite__no'>{`${b.counts.longWaits} 位业主等候超过 ${LONG_WAIT_MINUTES} 分钟`}</Text>}
        <Text className='staff__muted'>{`平均办理 ${b.serviceMinutes} 分钟/人`}</Text>
        {b.isToday && (
          <Button className='onsite__action' type='primary' block loading={busy} disabled={busy} onClick={() => void next()}>叫下一位</Button>
        )}
        {notice && <View role='status' aria-live='polite'><Text className='onsite__ok'>{notice}</Text></View>}
        <InlineError message={error} />
      </View>

      {b.isToday && (
        <View className='staff__card'>
          <Text className='staff__subtitle'>凭签到码签到</Text>
          <Field label='签到码' name='checkinCode' value={code} onChange={setCode} maxLength={64} placeholder='业主签到页上的签到码' />
          <Button className='onsite__action' fill='outline' block disabled={busy || !code.trim()} onClick={() => void byCode(code)}>签到</Button>
        </View>
      )}

      <View className='staff__card'>
        <Text className='staff__subtitle'>排队</Text>
        {b.queue.length === 0 && <Text className='staff__muted'>还没有业主签到</Text>}
        {b.queue.map((q) => (
          <View key={q.id} className={`staff__result${q.longWait ? ' onsite__long' : ''}`} data-testid='queue-item'>
            <Text className='staff__menu-title'>{`${q.queueNo} 号　${q.houseLabel}　${q.ownerName}`}</Text>
            {q.longWait && (
              <Text className='onsite__flag' data-testid='long-wait'>{`等候超过 ${LONG_WAIT_MINUTES} 分钟`}</Text>
            )}
            <Text className='staff__result-line'>
              {`${STATUS[q.status]}　到达 ${formatTime(q.arrivedAt)}　等候 ${q.waitingMinutes} 分钟${q.calledBy ? `　${q.calledBy}` : ''}`}
            </Text>
            {(q.status === 'called' || (isReception && q.status !== 'waiting')) && (
              <View className='onsite__actions'>
                {q.status === 'called' && (
                  <Button size='small' fill='outline' disabled={busy} onClick={() => void finish(q.id, q.queueNo)}>办理完成</Button>
                )}
                {isReception && (
                  <Button size='small' type='primary' onClick={() => void Taro.navigateTo({ url: `${PAGES.staffKeys}?caseId=${q.caseId}` })}>交钥匙</Button>
                )}
              </View>
            )}
          </View>
        ))}
      </View>

      <View className='staff__card'>
        <Text className='staff__subtitle'>预约时段</Text>
        {b.slots.filter((s) => s.reservations.length > 0).length === 0 && <Text className='staff__muted'>当天没有预约</Text>}
        {b.slots
          .filter((s) => s.reservations.length > 0)
          .map((s) => (
            <View key={s.slotId} className='staff__result'>
              <Text className='staff__menu-title'>{`${s.start}-${s.end}　${s.batch}　${s.reservations.length}/${s.capacity}`}</Text>
              {s.reservations.map((r) => (
                <Text key={r.caseId} className='staff__result-line'>
                  {`${r.houseLabel}　${r.ownerName}　${r.checkin ? `${r.checkin.queueNo} 号 ${STATUS[r.checkin.status]}` : '未到'}`}
                </Text>
              ))}
            </View>
          ))}
      </View>
    </View>
  )
}

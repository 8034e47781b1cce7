import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { InlineError } from '../../components/InlineError'
import { SyncBadge } from '../../components/Inspection/SyncBadge'
import { useStaffBoard } from '../../hooks/useStaffBoard'
import { CheckinCard } from './CheckinCard'
import { getStaffSession } from '../../stores/session'
import { formatTime } from '../../utils/time'
import { PAGES } from '../../routes'
import '../staff.scss'
import '../../components/Onsite/onsite.scss'
import '../../components/Inspection/index.scss'
import './index.scss'
import { withPage } from '../../components/Page'

const STATUS = { waiting: '等候中', called: '办理中', finished: '已完成' } as const
// must match the server's LONG_WAIT_MINUTES (checkin/service.ts)
const LONG_WAIT_MINUTES = 30
const WINDOW_KEY = 'anjia.board.window'

/** staff/board: today's slots and queue, long waits highlighted, call next, check in by code. */
function BoardPage() {
  const { state, reload, next, finish, byCode, byHouse, checked, notice, error, busy, queue } = useStaffBoard()
  const isReception = getStaffSession()?.user.role === 'reception'
  // the window this phone calls to: kept on the device (each desk has its own phone)
  const [win, setWin] = useState<number>(() => Number(Taro.getStorageSync(WINDOW_KEY)) || 1)
  const pickWindow = (w: number) => {
    setWin(w)
    Taro.setStorageSync(WINDOW_KEY, w)
  }

  const checkinCard = (
    <CheckinCard
      pending={queue.pending}
      rejected={queue.rejected}
      checked={checked}
      onCode={byCode}
      onHouse={byHouse}
      onDiscard={queue.discard}
    />
  )
  // the check-in sync state, always in sight at the bottom (the inspector's bar)
  const syncBar = (
    <View className='insp-footer board-sync'>
      <SyncBadge
        pending={queue.pending.length}
        rejected={queue.rejected.length}
        online={queue.online}
        syncing={queue.syncing}
        error={queue.error}
        onRetry={() => void queue.retry()}
      />
    </View>
  )
  if (state.phase === 'loading') return <View className='staff' aria-busy='true'><Text className='staff__muted'>正在加载…</Text></View>
  if (state.phase === 'error') {
    // offline after a reload: the board cannot load, but check-ins are still taken and kept
    return (
      <View className='staff'>
        <View className='staff__card'>
          <InlineError message={queue.online ? state.message : '离线：看板暂时无法显示，签到照常登记，联网后自动上传'} />
          <Button type='primary' block onClick={() => void reload()}>重新加载</Button>
        </View>
        {checkinCard}
        {syncBar}
      </View>
    )
  }
  const b = state.data
  const noneWaiting = b.counts.waiting === 0
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
          <>
            {b.windows > 1 && (
              <View className='onsite__actions' role='group' aria-label='我的窗口'>
                <Text className='staff__muted'>我的窗口</Text>
                {Array.from({ length: b.windows }, (_, i) => i + 1).map((w) => (
                  <Button
                    key={w}
                    size='small'
                    type={w === win ? 'primary' : 'default'}
                    fill={w === win ? 'solid' : 'outline'}
                    aria-pressed={w === win}
                    onClick={() => pickWindow(w)}
                  >
                    {`${w} 号窗口`}
                  </Button>
                ))}
              </View>
            )}
            <Button
              className='onsite__action'
              type='primary'
              block
              loading={busy}
              disabled={busy || noneWaiting}
              aria-describedby={noneWaiting ? 'board-next-reason' : undefined}
              onClick={() => void next(Math.min(win, b.windows))}
            >
              叫下一位
            </Button>
            {/* a disabled button says why, in words next to it */}
            {noneWaiting && (
              <Text className='staff__muted' id='board-next-reason' data-testid='next-disabled-reason'>
                暂无等候的业主：业主签到取号后即可叫号
              </Text>
            )}
          </>
        )}
        {notice && <View role='status' aria-live='polite'><Text className='onsite__ok'>{notice}</Text></View>}
        <InlineError message={error} />
      </View>

      {(b.isToday || queue.pending.length > 0 || queue.rejected.length > 0) && checkinCard}

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
              {`${STATUS[q.status]}${q.windowNo ? `（${q.windowNo} 号窗口）` : ''}　到达 ${formatTime(q.arrivedAt)}　等候 ${q.waitingMinutes} 分钟${q.calledBy ? `　${q.calledBy}` : ''}`}
            </Text>
            {(q.status === 'called' || (isReception && q.keysReady)) && (
              <View className='onsite__actions'>
                {q.status === 'called' && (
                  <Button size='small' fill='outline' disabled={busy} onClick={() => void finish(q.id, q.queueNo)}>办理完成</Button>
                )}
                {/* offered only when the server's keys guard passes; otherwise the reason in words */}
                {isReception && q.keysReady && (
                  <Button size='small' type='primary' onClick={() => void Taro.navigateTo({ url: `${PAGES.staffKeys}?caseId=${q.caseId}` })}>交钥匙</Button>
                )}
              </View>
            )}
            {isReception && q.status !== 'waiting' && !q.keysReady && (
              <Text className='staff__result-line' data-testid='keys-reason'>
                {q.keysHandedOver ? '钥匙已交接' : `暂不能交钥匙：${q.keysReasons.join('；')}`}
              </Text>
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
      {(b.isToday || queue.pending.length > 0 || queue.rejected.length > 0) && syncBar}
    </View>
  )
}

export default withPage(BoardPage)

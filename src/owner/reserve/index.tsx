import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import type { Slot } from '../../../types'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { InlineError } from '../../components/InlineError'
import { SlotPicker, dayParts } from '../../components/SlotPicker'
import { ReservationCard } from '../../components/SlotPicker/ReservationCard'
import { useReserve } from '../../hooks/useReserve'
import { PAGES } from '../../routes'
import './index.scss'
import { withPage } from '../../components/Page'

/** owner/reserve: pick, change or cancel the move-in time slot; the confirmation card. */
function ReservePage() {
  const { state, selectedDate, setSelectedDate, busy, actionError, notice, book, cancel, reload } = useReserve()
  const [ask, setAsk] = useState<{ kind: 'book'; slot: Slot } | { kind: 'cancel' } | null>(null)
  // the slot being booked: its button says so while the rest wait
  const [pending, setPending] = useState<{ slot: Slot; text: string } | null>(null)

  if (state.phase === 'loading') {
    return (
      <View className='reserve' aria-busy='true'>
        <Text className='reserve__muted'>正在读取可预约时段…</Text>
      </View>
    )
  }
  if (state.phase === 'error') {
    return (
      <View className='reserve'>
        <InlineError message={state.message} testId='reserve-error' />
        <Button type='primary' block onClick={() => void reload()}>
          重新加载
        </Button>
      </View>
    )
  }

  const { slots, reservation } = state
  const rescheduling = reservation !== null
  const canPick = rescheduling ? reservation.canChange : slots.canReserve

  const whenOf = (slot: Slot) => `${dayParts(slot.date).md}${dayParts(slot.date).wd} ${slot.start}-${slot.end}`
  const dialog =
    ask?.kind === 'book'
      ? {
          title: rescheduling ? '确认改约' : '确认预约',
          body: rescheduling
            ? `将预约从 ${reservation.whenText} 改到 ${whenOf(ask.slot)}，原时段名额将释放。`
            : `预约 ${whenOf(ask.slot)} 到物业服务中心办理入伙。开始前 ${slots.cutoffHours} 小时内不能再改约或取消。`,
          confirmText: rescheduling ? '确认改约' : '确认预约',
          cancelText: '再想想',
          danger: false
        }
      : ask?.kind === 'cancel' && reservation
        ? { title: '取消预约', body: `确定取消 ${reservation.whenText} 的预约吗？取消后名额将释放给其他业主。`, confirmText: '取消预约', cancelText: '保留预约', danger: true }
        : null

  const onConfirm = async () => {
    const a = ask
    setAsk(null)
    if (a?.kind === 'book') {
      setPending({ slot: a.slot, text: `${rescheduling ? '正在改约到' : '正在预约'} ${whenOf(a.slot)}，请稍候…` })
      await book(a.slot, rescheduling)
      setPending(null)
    } else if (a?.kind === 'cancel') {
      await cancel()
    }
  }

  return (
    <View className='reserve'>
      {notice && (
        <View className='reserve__notice' role='status' aria-live='polite' data-testid='reserve-notice'>
          <Text>{notice}</Text>
        </View>
      )}
      <InlineError message={actionError} testId='reserve-action-error' />
      {pending && (
        <View className='reserve__notice reserve__notice--busy' role='status' aria-live='polite' data-testid='reserve-pending'>
          <Text>{pending.text}</Text>
        </View>
      )}

      {reservation && <ReservationCard reservation={reservation} busy={busy} onCancel={() => setAsk({ kind: 'cancel' })} />}

      {!reservation && !slots.canReserve && (
        <View className='reserve__card reserve__card--locked' data-testid='reserve-locked'>
          <Text className='reserve__title'>资料审核通过后即可预约</Text>
          {slots.blockers.map((b) => (
            <Text key={b} className='reserve__text'>{`· ${b}`}</Text>
          ))}
          <Button className='reserve__button' block fill='outline' onClick={() => void Taro.navigateBack().catch(() => Taro.reLaunch({ url: PAGES.home }))}>
            返回首页
          </Button>
        </View>
      )}

      <View className='reserve__head'>
        <Text className='reserve__subtitle'>{rescheduling ? '更换到场时间' : '选择到场时间'}</Text>
        <Text className='reserve__muted'>{`${slots.batch} · 到场前 ${slots.cutoffHours} 小时可改约或取消`}</Text>
      </View>

      <SlotPicker
        days={slots.days}
        selectedDate={selectedDate}
        onSelectDate={setSelectedDate}
        currentSlotId={slots.currentSlotId}
        enabled={canPick}
        busy={busy}
        pendingSlotId={pending?.slot.id ?? null}
        actionText={rescheduling ? '改到此时段' : '预约'}
        onPick={(s) => setAsk({ kind: 'book', slot: s })}
      />

      <ConfirmDialog
        open={dialog !== null}
        title={dialog?.title ?? ''}
        body={dialog?.body ?? ''}
        confirmText={dialog?.confirmText ?? ''}
        cancelText={dialog?.cancelText ?? ''}
        danger={dialog?.danger}
        onConfirm={() => void onConfirm()}
        onCancel={() => setAsk(null)}
      />
    </View>
  )
}

export default withPage(ReservePage)

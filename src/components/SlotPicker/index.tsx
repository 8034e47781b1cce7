import { ScrollView, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Slot, SlotDay } from '../../../types'
import { weekdayText } from '../../utils/time'
import './index.scss'

/** "2026-03-05" → { md: "3月5日", wd: "周四" } (the date is already a Shanghai calendar date). */
export function dayParts(date: string): { md: string; wd: string } {
  const [, m, d] = date.split('-').map(Number)
  return { md: `${m}月${d}日`, wd: weekdayText(date) }
}

function dayRemaining(day: SlotDay): number {
  return day.slots.reduce((n, s) => n + (s.status === 'open' ? s.remaining : 0), 0)
}

/** What the day chip says when nothing is left: full (others took the seats) or past its cut-off. */
function dayLeftText(day: SlotDay, left: number): { short: string; long: string } {
  if (left > 0) return { short: `余${left}`, long: `剩余${left}个名额` }
  const anyFull = day.slots.some((s) => s.status === 'full')
  return anyFull ? { short: '满', long: '已约满' } : { short: '截止', long: '已过预约截止时间' }
}

const STATUS_TEXT: Record<Slot['status'], string> = { open: '', full: '已满', closed: '已截止' }

export interface SlotPickerProps {
  days: SlotDay[]
  selectedDate: string | null
  onSelectDate: (date: string) => void
  /** the slot of the active reservation, marked and not selectable */
  currentSlotId: number | null
  /** false: slots are shown but cannot be picked (documents not yet approved) */
  enabled: boolean
  busy: boolean
  /** the slot being booked right now: its button shows the wait, the others just wait */
  pendingSlotId?: number | null
  /** label of the pick button: 预约 or 改到此时段 */
  actionText: string
  onPick: (slot: Slot) => void
}

/** A strip of the days that have slots, then the chosen day's slots with their remaining seats. */
export function SlotPicker({ days, selectedDate, onSelectDate, currentSlotId, enabled, busy, pendingSlotId = null, actionText, onPick }: SlotPickerProps) {
  if (days.length === 0) {
    return (
      <View className='slot-picker slot-picker--empty' data-testid='slot-empty'>
        <Text className='slot-picker__empty'>近期暂无可预约的时段，物业将陆续开放，请稍后再来查看。</Text>
      </View>
    )
  }
  const day = days.find((d) => d.date === selectedDate) ?? days[0]
  return (
    <View className='slot-picker'>
      <View>
        {/* the strip itself is the tablist: on H5 a scroll view is focusable, so a wrapper would stand between the list and its tabs */}
        <ScrollView className='slot-picker__days' scrollX enhanced showScrollbar={false} aria-role='tablist' aria-label='选择日期'>
          {days.map((d) => {
            const { md, wd } = dayParts(d.date)
            const left = dayRemaining(d)
            const leftText = dayLeftText(d, left)
            const active = d.date === day.date
            return (
              <View
                key={d.date}
                className={`slot-picker__day${active ? ' is-active' : ''}${left === 0 ? ' is-full' : ''}`}
                role='tab'
                aria-selected={active}
                // the visible text first (周一 3月2日 余12), then the spelled-out seats
                aria-label={`${wd} ${md} ${leftText.short}，${leftText.long}`}
                data-date={d.date}
                onClick={() => onSelectDate(d.date)}
              >
                <Text className='slot-picker__wd'>{wd}</Text>
                <Text className='slot-picker__md'>{md}</Text>
                <Text className='slot-picker__left'>{leftText.short}</Text>
              </View>
            )
          })}
        </ScrollView>
      </View>

      <View className='slot-picker__list' role='list' aria-label={`${dayParts(day.date).md}的时段`}>
        {day.slots.map((s) => {
          const mine = s.id === currentSlotId
          const can = enabled && !busy && s.status === 'open' && !mine
          const state = mine ? '当前预约' : STATUS_TEXT[s.status] || `剩余 ${s.remaining}/${s.capacity} 个名额`
          const booking = busy && s.id === pendingSlotId
          const label = booking ? '正在提交…' : mine ? '已预约' : s.status === 'open' ? actionText : STATUS_TEXT[s.status]
          return (
            <View key={s.id} className={`slot-picker__slot slot-picker__slot--${mine ? 'mine' : s.status}`} role='listitem' data-testid='slot' data-slot-id={s.id}>
              <View className='slot-picker__info'>
                <Text className='slot-picker__time'>{`${s.start}-${s.end}`}</Text>
                <Text className='slot-picker__state'>{state}</Text>
              </View>
              <Button
                className='slot-picker__button'
                size='small'
                type={can || booking ? 'primary' : 'default'}
                disabled={!can}
                loading={booking}
                aria-label={`${dayParts(day.date).md} ${s.start}-${s.end} ${label}`}
                onClick={() => can && onPick(s)}
              >
                {label}
              </Button>
            </View>
          )
        })}
      </View>
    </View>
  )
}

export default SlotPicker

import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { Field } from '../../components/Field'
import { ScanButton } from '../../components/ScanButton'
import type { StaffCheckinResponse } from '../../../types'
import type { QueueEntry, RejectedEntry } from '../../utils/offline-queue'
import { checkinEntryLabel, checkinEntrySubject, type CheckinEntry } from '../../hooks/useStaffBoard'

/**
 * Reception's check-in: scan, the short code, or the house + ID tail. Each goes into the
 * phone's queue first, so what is typed while the network is down is listed (待同步) until the
 * server has it; a refused one says why under its own name and can be removed.
 */
export function CheckinCard({
  pending,
  rejected,
  checked,
  onCode,
  onHouse,
  onDiscard
}: {
  pending: QueueEntry<CheckinEntry>[]
  rejected: RejectedEntry<CheckinEntry>[]
  checked: StaffCheckinResponse[]
  onCode: (code: string) => void
  onHouse: (house: string, idLast4: string) => void
  onDiscard: (key: string) => void
}) {
  const [code, setCode] = useState('')
  const [house, setHouse] = useState('')
  const [last4, setLast4] = useState('')
  return (
    <View className='staff__card board-checkin' data-testid='reception-checkin'>
      <Text className='staff__subtitle'>为业主签到</Text>
      {rejected.map((e) => {
        const label = checkinEntryLabel(e.payload)
        return (
          <View key={e.key} className='checkin-entry checkin-entry--failed' role='alert' data-testid='checkin-rejected'>
            <Text className='checkin-entry__text'>{`${checkinEntrySubject(e.payload)} 未签到：${e.message}`}</Text>
            <Button className='insp-btn' size='small' fill='outline' aria-label={`知道了，移除「${label}」`} onClick={() => onDiscard(e.key)}>
              知道了
            </Button>
          </View>
        )
      })}
      {pending.map((e) => (
        <View key={e.key} className='checkin-entry' data-testid='checkin-pending'>
          <Text className='checkin-entry__text'>{`${checkinEntryLabel(e.payload)}（待同步）`}</Text>
        </View>
      ))}
      {checked.map((c) => (
        <View key={c.checkinId} className='onsite__verify board-checkin__verify' data-testid='registered-name' role='status'>
          <Text className='checkin-entry__text'>{`${c.houseLabel}　${c.queueNo} 号　请核对身份证姓名`}</Text>
          <Text className='onsite__verify-name'>{c.registeredName || '（无备案业主姓名）'}</Text>
        </View>
      ))}
      <ScanButton onCode={(text) => onCode(text)} />
      <Field label='数字签到码' name='checkinCode' value={code} onChange={setCode} maxLength={64} placeholder='业主读出的 6 位数字' />
      <Button
        className='onsite__action'
        fill='outline'
        block
        disabled={!code.trim()}
        onClick={() => {
          onCode(code)
          setCode('')
        }}
      >
        凭签到码签到
      </Button>
      <Field label='房号' name='checkinHouse' value={house} onChange={setHouse} maxLength={40} placeholder='如 1栋1单元101' />
      <Field label='身份证后 4 位' name='checkinLast4' type='idcard' value={last4} onChange={setLast4} maxLength={4} placeholder='备案业主身份证号后 4 位' />
      <Button
        className='onsite__action'
        fill='outline'
        block
        disabled={!house.trim() || last4.trim().length !== 4}
        onClick={() => {
          onHouse(house, last4)
          setHouse('')
          setLast4('')
        }}
      >
        凭房号签到
      </Button>
    </View>
  )
}

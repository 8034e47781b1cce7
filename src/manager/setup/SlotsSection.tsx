import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { SetupSlot } from '../../../types'
import { deleteSlot, fetchBatches, fetchSlots, setSlotCapacity } from '../../api/setup'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { Chips, Section, useAction } from './parts'
import { SlotGenerator } from './SlotGenerator'

function SlotRow({ slot, onChanged }: { slot: SetupSlot; onChanged: () => void }) {
  const [capacity, setCapacity] = useState(String(slot.capacity))
  const action = useAction()
  async function save() {
    const n = Number(capacity)
    if (!Number.isInteger(n) || n < 0) return action.setError('容量须为非负整数')
    if ((await action.run(() => setSlotCapacity(slot.id, n), '已保存')) !== undefined) onChanged()
  }
  async function remove() {
    if ((await action.run(() => deleteSlot(slot.id))) !== undefined) onChanged()
  }
  return (
    <View className='setup__item' data-testid='setup-slot'>
      <Text className='setup__item-title'>{`${slot.date}　${slot.start}-${slot.end}`}</Text>
      <Text className='setup__muted'>{`已约 ${slot.booked} / 容量 ${slot.capacity}`}</Text>
      <View className='setup__row setup__row--end'>
        <Field label={`${slot.date} ${slot.start} 容量`} name={`cap-${slot.id}`} type='number' value={capacity} onChange={setCapacity} maxLength={3} />
        <View className='setup__actions'>
          <Button size='small' type='primary' disabled={action.busy} onClick={() => void save()}>
            保存容量
          </Button>
          <Button size='small' fill='outline' disabled={action.busy || slot.booked > 0} onClick={() => void remove()}>
            删除
          </Button>
        </View>
      </View>
      <InlineError message={action.error} />
    </View>
  )
}

/** 预约时段: generate from a template, then adjust single slots. */
export function SlotsSection() {
  const [batches, setBatches] = useState<string[] | null>(null)
  const [viewable, setViewable] = useState<string[]>([])
  const [batch, setBatch] = useState('')
  const [slots, setSlots] = useState<SetupSlot[]>([])
  const [truncated, setTruncated] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    void fetchBatches().then((r) => {
      if (!r.ok) return setError(r.message)
      const codes = r.data.items.map((b) => b.code)
      setBatches(codes)
      // existing slots can be viewed for any batch houses carry, planned or not
      const all = [...codes, ...r.data.unplanned.map((u) => u.code)]
      setViewable(all)
      setBatch(all[0] ?? '')
    })
  }, [])

  const load = useCallback(async () => {
    if (!batch) return
    const r = await fetchSlots({ batch })
    if (!r.ok) return setError(r.message)
    setSlots(r.data.items)
    setTruncated(r.data.truncated)
  }, [batch])
  useEffect(() => {
    void load()
  }, [load])

  return (
    <>
      <Section title='生成预约时段' intro='按模板为一个批次生成每天的可预约时段；已存在的时段（同批次、日期和开始时间）不会重复生成。'>
        <InlineError message={error} />
        {batches && <SlotGenerator batches={batches} onGenerated={() => void load()} />}
      </Section>
      <Section title='已有时段' intro='容量不能低于已预约人数；有预约记录的时段不能删除。'>
        {viewable.length > 0 && (
          <Chips label='查看批次' options={viewable.map((b) => ({ value: b, label: b }))} value={[batch]} onChange={(v) => setBatch(v[0] ?? '')} />
        )}
        {slots.length === 0 && <Text className='setup__muted'>今天起 30 天内没有该批次的时段。</Text>}
        {slots.map((s) => (
          <SlotRow key={`${s.id}-${s.capacity}-${s.booked}`} slot={s} onChanged={() => void load()} />
        ))}
        {truncated && <Text className='setup__muted'>只显示前 1000 个时段。</Text>}
      </Section>
    </>
  )
}

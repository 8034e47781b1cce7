import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { SlotGenerateRequest, SlotGenerateResult, SlotWindow } from '../../../types'
import { generateSlots } from '../../api/setup'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { Chips, Done, TextBox, useAction } from './parts'

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'].map((d, i) => ({ value: i, label: `周${d}` }))
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** "09:00-10:00, 14:00-15:30" (one per line or comma) → windows; a string says what is wrong. */
export function parseWindows(text: string): SlotWindow[] | string {
  const parts = text.split(/[\n,，;；]+/).map((s) => s.trim()).filter((s) => s !== '')
  if (parts.length === 0) return '请填写至少一个时段，例如 09:00-10:00'
  const out: SlotWindow[] = []
  for (const p of parts) {
    const m = /^(\d{1,2}):(\d{2})\s*[-–~～至]\s*(\d{1,2}):(\d{2})$/.exec(p)
    if (!m) return `“${p}”不是有效的时段，格式如 09:00-10:00`
    const pad = (h: string, mm: string) => `${h.padStart(2, '0')}:${mm}`
    out.push({ start: pad(m[1], m[2]), end: pad(m[3], m[4]) })
  }
  return out
}

/** "2026-03-08 2026-03-09" → dates; a string says what is wrong. */
export function parseDates(text: string): string[] | string {
  const parts = text.split(/[\s,，;；、]+/).filter((s) => s !== '')
  const bad = parts.find((p) => !DATE.test(p))
  return bad ? `“${bad}”不是有效的日期，格式如 2026-03-08` : parts
}

export interface SlotGeneratorProps {
  /** batch codes the manager can pick */
  batches: string[]
  /** after slots were written */
  onGenerated?: (r: SlotGenerateResult) => void
}

/** The slot template: batch, date range, daily windows, capacity, days to leave out. Preview first, then generate. */
export function SlotGenerator({ batches, onGenerated }: SlotGeneratorProps) {
  const [batch, setBatch] = useState(batches[0] ?? '')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [windows, setWindows] = useState('09:00-10:00\n10:00-11:00\n14:00-15:00\n15:00-16:00')
  const [capacity, setCapacity] = useState('6')
  const [skipDates, setSkipDates] = useState('')
  const [skipWeekdays, setSkipWeekdays] = useState<number[]>([])
  const [result, setResult] = useState<SlotGenerateResult | null>(null)
  const action = useAction()

  function build(dryRun: boolean): SlotGenerateRequest | string {
    if (!batch) return '请先选择批次'
    if (!DATE.test(from) || !DATE.test(to)) return '请填写开始和结束日期，格式如 2026-03-08'
    const w = parseWindows(windows)
    if (typeof w === 'string') return w
    const cap = Number(capacity)
    if (!Number.isInteger(cap) || cap < 1 || cap > 500) return '每个时段可约户数须为 1-500 的整数'
    const skip = parseDates(skipDates)
    if (typeof skip === 'string') return skip
    return { batch, from, to, windows: w, capacity: cap, skipDates: skip, skipWeekdays, dryRun }
  }

  async function submit(dryRun: boolean) {
    const body = build(dryRun)
    if (typeof body === 'string') {
      action.setError(body)
      return
    }
    const r = await action.run(() => generateSlots(body))
    if (!r) return
    setResult(r)
    if (!dryRun) onGenerated?.(r)
  }

  return (
    <View className='setup__form' data-testid='slot-generator'>
      {batches.length === 0 ? (
        <Text className='setup__muted'>还没有批次：请先在“楼栋与批次”中添加批次。</Text>
      ) : (
        <Chips label='批次' options={batches.map((b) => ({ value: b, label: b }))} value={[batch]} onChange={(v) => setBatch(v[0] ?? '')} />
      )}
      <View className='setup__row'>
        <Field label='开始日期' name='slotFrom' value={from} onChange={setFrom} placeholder='2026-03-08' maxLength={10} />
        <Field label='结束日期' name='slotTo' value={to} onChange={setTo} placeholder='2026-03-22' maxLength={10} />
      </View>
      <TextBox label='每天的时段' value={windows} onChange={setWindows} hint='每行一个，如 09:00-10:00（北京时间）' maxLength={600} />
      <Field label='每个时段可约户数' name='slotCapacity' type='number' value={capacity} onChange={setCapacity} maxLength={3} />
      <Chips label='不开放的星期' options={WEEKDAYS} value={skipWeekdays} onChange={setSkipWeekdays} multiple />
      <Field label='不开放的日期' name='slotSkipDates' value={skipDates} onChange={setSkipDates} placeholder='如 2026-03-15 2026-03-16' hint='多个日期用空格或逗号分隔' maxLength={400} />
      <InlineError message={action.error} testId='slot-generator-error' />
      {result && (
        <View className='setup__result' role='status' data-testid='slot-generator-result'>
          <Text>
            {result.dryRun
              ? `预览：将新建 ${result.created.length} 个时段，已存在 ${result.existing.length} 个，跳过 ${result.skippedDates.length} 天`
              : `已新建 ${result.created.length} 个时段，已存在 ${result.existing.length} 个未改动，跳过 ${result.skippedDates.length} 天`}
          </Text>
        </View>
      )}
      <Done message={action.done} />
      <View className='setup__actions'>
        <Button fill='outline' disabled={action.busy || !batch} onClick={() => void submit(true)}>
          预览
        </Button>
        <Button type='primary' loading={action.busy} disabled={action.busy || !batch} onClick={() => void submit(false)}>
          生成时段
        </Button>
      </View>
    </View>
  )
}

import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { SetupFeeRate, SetupFeeRateInput, SetupFeeRateList } from '../../../types'
import { createFeeRate, deleteFeeRate, fetchFeeRates, updateFeeRate } from '../../api/setup'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { centsToYuan, yuan, yuanToCents } from '../../utils/money'
import { Chips, Done, Section, useAction } from './parts'

type Basis = SetupFeeRateInput['basis']
const BASES: { value: Basis; label: string }[] = [
  { value: 'per_m2_month', label: '元/㎡/月' },
  { value: 'per_m2', label: '元/㎡' },
  { value: 'flat', label: '元/户' }
]
const UNIT: Record<string, string> = { per_m2_month: '元/㎡/月', per_m2: '元/㎡', flat: '元/户' }

function RateForm(props: { rate: SetupFeeRate | null; onDone: () => void }) {
  const r0 = props.rate
  const [kind, setKind] = useState(r0?.kind ?? '')
  const [label, setLabel] = useState(r0?.label ?? '')
  const [basis, setBasis] = useState<Basis>(r0?.basis ?? 'flat')
  const [amount, setAmount] = useState(r0 ? centsToYuan(r0.rateCents) : '')
  const action = useAction()
  async function save() {
    const rateCents = yuanToCents(amount)
    if (rateCents === null) return action.setError('请输入正确的金额（元，最多两位小数）')
    const body: SetupFeeRateInput = { kind: kind.trim(), label, basis, rateCents }
    const r = await action.run(() => (r0 ? updateFeeRate(r0.id, body) : createFeeRate(body)), '已保存')
    if (r !== undefined) props.onDone()
  }
  return (
    <View className='setup__form' data-testid='fee-form'>
      <View className='setup__row'>
        <Field label='收费项目' name='feeLabel' required value={label} onChange={setLabel} placeholder='如 物业费' maxLength={40} />
        <Field label='项目编码' name='feeKind' required value={kind} onChange={setKind} hint='小写英文和下划线，如 property' maxLength={40} />
      </View>
      <Chips label='计费方式' options={BASES} value={[basis]} onChange={(v) => setBasis(v[0] ?? 'flat')} />
      <Field label={`单价（${UNIT[basis]}）`} name='feeAmount' type='digit' value={amount} onChange={setAmount} placeholder='如 3.80' maxLength={12} />
      <InlineError message={action.error} />
      <Done message={action.done} />
      <View className='setup__actions'>
        <Button fill='outline' onClick={props.onDone}>
          取消
        </Button>
        <Button type='primary' loading={action.busy} disabled={action.busy} onClick={() => void save()}>
          保存收费项目
        </Button>
      </View>
    </View>
  )
}

/** 收费标准: rates and flat items; money entered in yuan, sent as cents. */
export function FeesSection() {
  const [list, setList] = useState<SetupFeeRateList | null>(null)
  const [editing, setEditing] = useState<SetupFeeRate | 'new' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const del = useAction()
  const load = useCallback(async () => {
    const r = await fetchFeeRates()
    if (r.ok) setList(r.data)
    else setError(r.message)
  }, [])
  useEffect(() => {
    void load()
  }, [load])
  const done = () => {
    setEditing(null)
    void load()
  }
  return (
    <Section title='收费标准' intro='账单在业主第一次查看时按当时的标准生成并保存；修改标准只影响之后生成的账单，已生成（含已缴）的账单不变。'>
      <InlineError message={error} />
      {list && <Text className='setup__muted'>{`物业费预缴 ${list.prepaidMonths} 个月（在“基本信息”中修改）；已生成账单 ${list.billCount} 份。`}</Text>}
      {list?.items.map((f) =>
        editing !== 'new' && editing?.id === f.id ? (
          <RateForm key={f.id} rate={f} onDone={done} />
        ) : (
          <View key={f.id} className='setup__item' data-testid='fee-item'>
            <Text className='setup__item-title'>{`${f.label}　¥${yuan(f.rateCents)} ${UNIT[f.basis]}`}</Text>
            <View className='setup__actions'>
              <Button size='small' fill='outline' onClick={() => setEditing(f)}>
                编辑
              </Button>
              <Button size='small' fill='outline' disabled={del.busy} onClick={() => void del.run(() => deleteFeeRate(f.id)).then((r) => r !== undefined && void load())}>
                删除
              </Button>
            </View>
          </View>
        )
      )}
      <InlineError message={del.error} />
      {editing === 'new' ? (
        <RateForm rate={null} onDone={done} />
      ) : (
        <Button fill='outline' onClick={() => setEditing('new')}>
          新增收费项目
        </Button>
      )}
    </Section>
  )
}

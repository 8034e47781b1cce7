import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, Switch } from '@nutui/nutui-react-taro'
import type { SetupPolicy } from '../../../types'
import { fetchPolicy, savePolicy } from '../../api/setup'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { Done, Section, useAction } from './parts'

function SwitchRow({ label, hint, checked, onChange }: { label: string; hint: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <View className='setup__switch'>
      <View className='setup__switch-text'>
        <Text className='setup__label'>{label}</Text>
        <Text className='setup__hint'>{hint}</Text>
      </View>
      <Switch aria-label={label} checked={checked} onChange={(v: boolean) => onChange(v)} />
    </View>
  )
}

/** 办理规则: what keys depend on, and the reservation cut-off. */
export function PolicySection() {
  const [p, setP] = useState<SetupPolicy | null>(null)
  const [cutoff, setCutoff] = useState('')
  const [error, setError] = useState<string | null>(null)
  const action = useAction()
  useEffect(() => {
    void fetchPolicy().then((r) => {
      if (!r.ok) return setError(r.message)
      setP(r.data)
      setCutoff(String(r.data.reservationCutoffHours))
    })
  }, [])
  async function save() {
    if (!p) return
    const h = Number(cutoff)
    if (!Number.isInteger(h) || h < 0 || h > 168) return action.setError('改约截止须为 0-168 小时的整数')
    const r = await action.run(() => savePolicy({ ...p, reservationCutoffHours: h }), '办理规则已保存')
    if (r) setP(r)
  }
  return (
    <Section title='办理规则' intro='部分地方规定不得以缴纳物业费作为交房条件，请按当地规定设置；规则会向业主展示。'>
      <InlineError message={error} />
      {p && (
        <>
          <SwitchRow label='缴清费用后才能交钥匙' hint='关闭后，未缴费也可办理交钥匙' checked={p.feesRequiredForKeys} onChange={(v) => setP({ ...p, feesRequiredForKeys: v })} />
          <SwitchRow
            label='签署协议后才能交钥匙'
            hint='关闭后，未签协议也可办理交钥匙'
            checked={p.agreementsRequiredForKeys}
            onChange={(v) => setP({ ...p, agreementsRequiredForKeys: v })}
          />
          <Field label='预约改约截止（小时）' name='cutoff' type='number' value={cutoff} onChange={setCutoff} hint='到场时间前多少小时内不能再预约、改约或取消（0-168）' maxLength={3} />
          <InlineError message={action.error} />
          <Done message={action.done} />
          <Button type='primary' block loading={action.busy} disabled={action.busy} onClick={() => void save()}>
            保存办理规则
          </Button>
        </>
      )}
    </Section>
  )
}

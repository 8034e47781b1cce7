import { useEffect, useState } from 'react'
import { Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { SetupSurveyWeights } from '../../../types'
import { fetchSurveyWeights, saveSurveyWeights } from '../../api/setup'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { Done, Section, useAction } from './parts'

/** 问卷权重: the CSI weights per survey item (applied to responses submitted afterwards). */
export function SurveySection() {
  const [items, setItems] = useState<SetupSurveyWeights['items']>([])
  const [draft, setDraft] = useState<Record<string, string>>({})
  const [error, setError] = useState<string | null>(null)
  const action = useAction()
  function adopt(d: SetupSurveyWeights) {
    setItems(d.items)
    setDraft(Object.fromEntries(d.items.map((i) => [i.code, String(i.weight)])))
  }
  useEffect(() => {
    void fetchSurveyWeights().then((r) => (r.ok ? adopt(r.data) : setError(r.message)))
  }, [])
  const total = items.reduce((s, i) => s + (Number(draft[i.code]) || 0), 0)
  async function save() {
    const weights: Record<string, number> = {}
    for (const i of items) {
      const w = Number(draft[i.code])
      if (!(w > 0)) return action.setError(`“${i.title}”的权重须为正数`)
      weights[i.code] = w
    }
    const r = await action.run(() => saveSurveyWeights({ weights }), '权重已保存')
    if (r) adopt(r)
  }
  return (
    <Section title='满意度问卷权重' intro='满意度指数 CSI = Σ 权重×得分 / Σ 权重；权重不必合计为 1，修改只影响之后提交的问卷。'>
      <InlineError message={error} />
      {items.map((i) => (
        <Field key={i.code} label={i.title} name={`w-${i.code}`} type='digit' value={draft[i.code] ?? ''} onChange={(v) => setDraft({ ...draft, [i.code]: v })} maxLength={6} />
      ))}
      {items.length > 0 && <Text className='setup__muted'>{`合计 ${Math.round(total * 1000) / 1000}`}</Text>}
      <InlineError message={action.error} />
      <Done message={action.done} />
      <Button type='primary' block loading={action.busy} disabled={action.busy || items.length === 0} onClick={() => void save()}>
        保存权重
      </Button>
    </Section>
  )
}

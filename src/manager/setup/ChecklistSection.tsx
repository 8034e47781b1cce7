import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { SetupChecklistInput, SetupChecklistItem } from '../../../types'
import { createChecklistItem, deleteChecklistItem, fetchChecklist, updateChecklistItem } from '../../api/setup'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { Chips, Done, Section, useAction } from './parts'

type Requirement = SetupChecklistInput['requirement']
const REQUIREMENTS: { value: Requirement; label: string }[] = [
  { value: 'required', label: '必交' },
  { value: 'optional', label: '选交' },
  { value: 'conditional', label: '委托办理时必交' }
]
const LABEL: Record<string, string> = { required: '必交', optional: '选交', conditional: '委托办理时必交' }

function ItemForm(props: { item: SetupChecklistItem | null; onDone: () => void }) {
  const it = props.item
  const [code, setCode] = useState(it?.code ?? '')
  const [title, setTitle] = useState(it?.title ?? '')
  const [description, setDescription] = useState(it?.description ?? '')
  const [requirement, setRequirement] = useState<Requirement>(it?.requirement ?? 'required')
  const action = useAction()
  async function save() {
    const body: SetupChecklistInput = { code: code.trim(), title, description, requirement, condition: requirement === 'conditional' ? 'delegate' : null }
    const r = await action.run(() => (it ? updateChecklistItem(it.id, body) : createChecklistItem(body)), '已保存')
    if (r !== undefined) props.onDone()
  }
  const locked = !!it && it.submissionCount > 0
  return (
    <View className='setup__form' data-testid='checklist-form'>
      <View className='setup__row'>
        <Field label='资料名称' name='itemTitle' required value={title} onChange={setTitle} placeholder='如 业主身份证' maxLength={40} />
        <Field label='资料编码' name='itemCode' required value={code} onChange={setCode} disabled={locked} hint={locked ? '业主已提交，编码不能修改' : '小写英文和下划线，如 owner_id_card'} maxLength={40} />
      </View>
      <Field label='说明' name='itemDescription' value={description} onChange={setDescription} placeholder='如 正反面照片，须在有效期内' maxLength={200} />
      <Chips label='要求' options={REQUIREMENTS} value={[requirement]} onChange={(v) => setRequirement(v[0] ?? 'required')} />
      <InlineError message={action.error} />
      <Done message={action.done} />
      <View className='setup__actions'>
        <Button fill='outline' onClick={props.onDone}>
          取消
        </Button>
        <Button type='primary' loading={action.busy} disabled={action.busy} onClick={() => void save()}>
          保存资料项
        </Button>
      </View>
    </View>
  )
}

/** 资料清单: what owners upload before the day. */
export function ChecklistSection() {
  const [items, setItems] = useState<SetupChecklistItem[]>([])
  const [editing, setEditing] = useState<SetupChecklistItem | 'new' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const del = useAction()
  const load = useCallback(async () => {
    const r = await fetchChecklist()
    if (r.ok) setItems(r.data.items)
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
    <Section title='入伙资料清单' intro='修改名称或要求不影响业主已提交的资料；已有业主提交的资料项不能删除，不再需要时可改为“选交”。'>
      <InlineError message={error} />
      {items.map((i) =>
        editing !== 'new' && editing?.id === i.id ? (
          <ItemForm key={i.id} item={i} onDone={done} />
        ) : (
          <View key={i.id} className='setup__item' data-testid='checklist-item'>
            <Text className='setup__item-title'>{`${i.title}　${LABEL[i.requirement]}`}</Text>
            {i.description && <Text className='setup__muted'>{i.description}</Text>}
            <Text className='setup__muted'>{`已提交 ${i.submissionCount} 份`}</Text>
            <View className='setup__actions'>
              <Button size='small' fill='outline' onClick={() => setEditing(i)}>
                编辑
              </Button>
              <Button size='small' fill='outline' disabled={del.busy || i.submissionCount > 0} onClick={() => void del.run(() => deleteChecklistItem(i.id)).then((r) => r !== undefined && void load())}>
                删除
              </Button>
            </View>
          </View>
        )
      )}
      <InlineError message={del.error} />
      {editing === 'new' ? (
        <ItemForm item={null} onDone={done} />
      ) : (
        <Button fill='outline' onClick={() => setEditing('new')}>
          新增资料项
        </Button>
      )}
    </Section>
  )
}

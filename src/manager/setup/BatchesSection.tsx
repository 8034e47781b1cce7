import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { SetupBatch, SetupBatchInput, SetupBatchList, SetupBuilding } from '../../../types'
import { createBatch, createBuilding, deleteBatch, deleteBuilding, fetchBatches, fetchBuildings, updateBatch, updateBuilding } from '../../api/setup'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { Chips, Done, Section, useAction } from './parts'

const DATE = /^\d{4}-\d{2}-\d{2}$/

function BuildingRow({ b, onChanged }: { b: SetupBuilding; onChanged: () => void }) {
  const [name, setName] = useState(b.name)
  const action = useAction()
  return (
    <View className='setup__item' data-testid='setup-building'>
      <View className='setup__row setup__row--end'>
        <Field label={`楼栋名称（${b.houseCount} 户）`} name={`building-${b.id}`} value={name} onChange={setName} maxLength={20} />
        <View className='setup__actions'>
          <Button size='small' type='primary' disabled={action.busy || name.trim() === b.name} onClick={() => void action.run(() => updateBuilding(b.id, { name }), '已改名').then((r) => r !== undefined && onChanged())}>
            改名
          </Button>
          <Button size='small' fill='outline' disabled={action.busy || b.houseCount > 0} onClick={() => void action.run(() => deleteBuilding(b.id)).then((r) => r !== undefined && onChanged())}>
            删除
          </Button>
        </View>
      </View>
      <InlineError message={action.error} />
    </View>
  )
}

interface Draft {
  code: string
  title: string
  buildings: string[]
  startsOn: string
  endsOn: string
  place: string
}
const empty = (code = ''): Draft => ({ code, title: code, buildings: [], startsOn: '', endsOn: '', place: '' })
const toDraft = (b: SetupBatch): Draft => ({ code: b.code, title: b.title, buildings: b.buildings, startsOn: b.startsOn ?? '', endsOn: b.endsOn ?? '', place: b.place })

function BatchForm(props: { initial: Draft; id: number | null; buildings: string[]; locked: boolean; onSaved: () => void; onCancel: () => void }) {
  const [d, setD] = useState(props.initial)
  const action = useAction()
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD({ ...d, [k]: v })
  async function save() {
    for (const v of [d.startsOn, d.endsOn]) if (v && !DATE.test(v)) return action.setError('日期格式如 2026-03-08')
    const body: SetupBatchInput = {
      code: d.code.trim(),
      title: d.title.trim() || d.code.trim(),
      buildings: d.buildings,
      startsOn: d.startsOn || null,
      endsOn: d.endsOn || null,
      place: d.place
    }
    const r = await action.run(() => (props.id === null ? createBatch(body) : updateBatch(props.id, body)), '批次已保存')
    if (r !== undefined) props.onSaved()
  }
  return (
    <View className='setup__form' data-testid='batch-form'>
      <View className='setup__row'>
        <Field label='批次编号' name='batchCode' required value={d.code} onChange={(v) => set('code', v)} disabled={props.locked} hint={props.locked ? '已有房屋或时段使用，不能修改' : '与名单中的“批次”一致，如 第一批'} maxLength={20} />
        <Field label='批次名称' name='batchTitle' required value={d.title} onChange={(v) => set('title', v)} placeholder='如 第一批（1-8层）' maxLength={40} />
      </View>
      {props.buildings.length > 0 && (
        <Chips label='包含楼栋' options={props.buildings.map((b) => ({ value: b, label: b }))} value={d.buildings} onChange={(v) => set('buildings', v)} multiple />
      )}
      <View className='setup__row'>
        <Field label='交付开始日期' name='batchStarts' value={d.startsOn} onChange={(v) => set('startsOn', v)} placeholder='2026-03-08' maxLength={10} />
        <Field label='交付结束日期' name='batchEnds' value={d.endsOn} onChange={(v) => set('endsOn', v)} placeholder='2026-03-22' maxLength={10} />
      </View>
      <Field label='办理地点' name='batchPlace' value={d.place} onChange={(v) => set('place', v)} placeholder='如 1栋架空层入伙大厅' hint='印在入伙通知书上' maxLength={80} />
      <InlineError message={action.error} />
      <Done message={action.done} />
      <View className='setup__actions'>
        <Button fill='outline' onClick={props.onCancel}>
          取消
        </Button>
        <Button type='primary' loading={action.busy} disabled={action.busy} onClick={() => void save()}>
          保存批次
        </Button>
      </View>
    </View>
  )
}

/** 楼栋与批次: the buildings, and which batch hands over when and where. */
export function BatchesSection() {
  const [buildings, setBuildings] = useState<SetupBuilding[]>([])
  const [batches, setBatches] = useState<SetupBatchList | null>(null)
  const [editing, setEditing] = useState<{ id: number | null; draft: Draft; locked: boolean } | null>(null)
  const [newName, setNewName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const add = useAction()
  const del = useAction()

  const load = useCallback(async () => {
    const [b, t] = await Promise.all([fetchBuildings(), fetchBatches()])
    if (b.ok) setBuildings(b.data.items)
    else setError(b.message)
    if (t.ok) setBatches(t.data)
    else setError(t.message)
  }, [])
  useEffect(() => {
    void load()
  }, [load])

  return (
    <>
      <Section title='楼栋' intro='导入业主名单时会自动建立楼栋；有房屋的楼栋不能删除。'>
        <InlineError message={error} />
        {buildings.map((b) => (
          <BuildingRow key={`${b.id}-${b.name}-${b.houseCount}`} b={b} onChanged={() => void load()} />
        ))}
        <View className='setup__row setup__row--end'>
          <Field label='新楼栋名称' name='newBuilding' value={newName} onChange={setNewName} placeholder='如 3栋' maxLength={20} />
          <View className='setup__actions'>
            <Button
              type='primary'
              disabled={add.busy || newName.trim() === ''}
              onClick={() =>
                void add.run(() => createBuilding({ name: newName.trim() }), '已添加').then((r) => {
                  if (r !== undefined) {
                    setNewName('')
                    void load()
                  }
                })
              }
            >
              添加楼栋
            </Button>
          </View>
        </View>
        <InlineError message={add.error} />
      </Section>

      <Section title='交付批次' intro='每个批次的交付日期和办理地点会印在入伙通知书上；业主只能预约本批次的时段。' testId='batches'>
        {batches?.unplanned.map((u) => (
          <View key={u.code} className='setup__item setup__item--warn'>
            <Text className='setup__item-title'>{`“${u.code}”有 ${u.houseCount} 户，尚未设置批次`}</Text>
            <View className='setup__actions'>
              <Button size='small' type='primary' onClick={() => setEditing({ id: null, draft: empty(u.code), locked: false })}>
                设置此批次
              </Button>
            </View>
          </View>
        ))}
        {batches?.items.map((b) =>
          editing?.id === b.id ? null : (
            <View key={b.id} className='setup__item' data-testid='setup-batch'>
              <Text className='setup__item-title'>{`${b.title}（${b.code}）`}</Text>
              <Text className='setup__muted'>
                {`${b.startsOn && b.endsOn ? `${b.startsOn} 至 ${b.endsOn}` : '未设日期'}　${b.place || '未设地点'}　${b.houseCount} 户　${b.slotCount} 个时段`}
              </Text>
              {b.buildings.length > 0 && <Text className='setup__muted'>{`楼栋：${b.buildings.join('、')}`}</Text>}
              <View className='setup__actions'>
                <Button size='small' fill='outline' onClick={() => setEditing({ id: b.id, draft: toDraft(b), locked: b.houseCount > 0 || b.slotCount > 0 })}>
                  编辑
                </Button>
                <Button
                  size='small'
                  fill='outline'
                  disabled={del.busy || b.houseCount > 0 || b.slotCount > 0}
                  onClick={() => void del.run(() => deleteBatch(b.id)).then((r) => r !== undefined && void load())}
                >
                  删除
                </Button>
              </View>
            </View>
          )
        )}
        <InlineError message={del.error} />
        {editing ? (
          <BatchForm
            key={editing.id ?? `new-${editing.draft.code}`}
            initial={editing.draft}
            id={editing.id}
            locked={editing.locked}
            buildings={buildings.map((b) => b.name)}
            onCancel={() => setEditing(null)}
            onSaved={() => {
              setEditing(null)
              void load()
            }}
          />
        ) : (
          <Button fill='outline' onClick={() => setEditing({ id: null, draft: empty(), locked: false })}>
            新增批次
          </Button>
        )}
      </Section>
    </>
  )
}

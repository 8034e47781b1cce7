import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Contractor, ContractorBatchAssignRequest, ContractorCreateRequest, DefectCategory } from '../../../types'
import { DEFECT_CATEGORIES } from '../../components/Inspection/constants'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { useContractors, type Notice } from './useContractors'
import '../manager.scss'
import './contractors.scss'
import { withPage } from '../../components/Page'

type Chip<T> = { value: T; label: string }

/** A row of toggle buttons; `multi` makes it a checkbox group, else a radio group. */
function Chips<T extends string | number | null>(props: { id: string; title: string; options: Chip<T>[]; selected: T[]; multi?: boolean; onToggle: (v: T) => void }) {
  return (
    <View>
      <Text className='contractors__label' id={props.id}>
        {props.title}
      </Text>
      <View className='contractors__chips' role={props.multi ? 'group' : 'radiogroup'} aria-labelledby={props.id}>
        {props.options.map((o) => {
          const on = props.selected.includes(o.value)
          return (
            <Button
              key={String(o.value)}
              className='contractors__chip'
              aria-role={props.multi ? 'checkbox' : 'radio'}
              aria-checked={on}
              type={on ? 'primary' : 'default'}
              fill={on ? 'solid' : 'outline'}
              onClick={() => props.onToggle(o.value)}
            >
              {on ? `✓ ${o.label}` : o.label}
            </Button>
          )
        })}
      </View>
    </View>
  )
}

const TRADE_CHIPS: Chip<DefectCategory>[] = DEFECT_CATEGORIES.map((c) => ({ value: c, label: c }))

function Said({ notice }: { notice: Notice | undefined }) {
  if (!notice) return null
  return notice.kind === 'error' ? (
    <InlineError message={notice.text} />
  ) : (
    <View role='status'>
      <Text className='contractors__ok'>{notice.text}</Text>
    </View>
  )
}

function ContractorForm(props: { idKey: string; initial?: Contractor; busy: boolean; onSave: (body: ContractorCreateRequest) => Promise<boolean>; onCancel?: () => void }) {
  const i = props.initial
  const [name, setName] = useState(i?.name ?? '')
  const [contactName, setContactName] = useState(i?.contactName ?? '')
  const [contactPhone, setContactPhone] = useState(i?.contactPhone ?? '')
  const [trades, setTrades] = useState<DefectCategory[]>(i?.trades ?? [])
  const [error, setError] = useState<string | undefined>()
  const submit = async () => {
    if (!name.trim()) return setError('请填写施工单位名称')
    if (contactPhone && !/^[0-9+\- ]*$/.test(contactPhone)) return setError(undefined)
    setError(undefined)
    const ok = await props.onSave({ name: name.trim(), trades, contactName: contactName.trim(), contactPhone: contactPhone.trim() })
    if (ok && !i) {
      setName('')
      setContactName('')
      setContactPhone('')
      setTrades([])
    }
  }
  const phoneError = contactPhone && !/^[0-9+\- ]*$/.test(contactPhone) ? '电话只能包含数字、+、- 和空格' : undefined
  return (
    <View data-testid={`contractor-form-${props.idKey}`}>
      <Field label='单位名称' name={`contractor-name-${props.idKey}`} value={name} onChange={setName} maxLength={60} error={error} required />
      <Field label='联系人' name={`contractor-contact-${props.idKey}`} value={contactName} onChange={setContactName} maxLength={30} />
      <Field label='联系电话' name={`contractor-phone-${props.idKey}`} value={contactPhone} onChange={setContactPhone} maxLength={20} error={phoneError} />
      <Chips
        id={`contractor-trades-${props.idKey}`}
        title='负责的问题类别'
        multi
        options={TRADE_CHIPS}
        selected={trades}
        onToggle={(v) => setTrades((t) => (t.includes(v) ? t.filter((x) => x !== v) : [...t, v]))}
      />
      <View className='contractors__actions'>
        <Button className='contractors__btn' type='primary' loading={props.busy} disabled={props.busy} onClick={() => void submit()}>
          {i ? '保存' : '添加施工单位'}
        </Button>
        {props.onCancel ? (
          <Button className='contractors__btn' fill='outline' onClick={props.onCancel}>
            取消
          </Button>
        ) : null}
      </View>
    </View>
  )
}

function AssignPanel(props: { contractor: Contractor; buildings: { id: number; name: string }[]; busy: boolean; onAssign: (b: ContractorBatchAssignRequest) => void; onClose: () => void }) {
  const c = props.contractor
  const [category, setCategory] = useState<DefectCategory | null>(c.trades[0] ?? null)
  const [building, setBuilding] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const go = () => {
    if (!category && !building) return setError('请至少选择问题类别或楼栋')
    setError(null)
    props.onAssign({ ...(category ? { category } : {}), ...(building ? { building } : {}) })
  }
  return (
    <View data-testid={`assign-panel-${c.id}`}>
      <Chips
        id={`assign-category-${c.id}`}
        title='问题类别'
        options={[{ value: null, label: '全部类别' }, ...TRADE_CHIPS]}
        selected={[category]}
        onToggle={setCategory}
      />
      <Chips
        id={`assign-building-${c.id}`}
        title='楼栋'
        options={[{ value: null, label: '全部楼栋' }, ...props.buildings.map((b) => ({ value: b.id, label: b.name }))]}
        selected={[building]}
        onToggle={setBuilding}
      />
      <Text className='contractors__stats'>只派尚未派给任何施工单位的待整改问题；整改期限按问题严重程度。</Text>
      <InlineError message={error} />
      <View className='contractors__actions'>
        <Button className='contractors__btn' type='primary' loading={props.busy} disabled={props.busy} onClick={go}>
          确认派单
        </Button>
        <Button className='contractors__btn' fill='outline' onClick={props.onClose}>
          取消
        </Button>
      </View>
    </View>
  )
}

/** manager/contractors (施工单位): keep the contractors, assign defects in batches, print each one's 整改通知单. */
function ManagerContractorsPage() {
  const m = useContractors()
  const [open, setOpen] = useState<{ id: number; what: 'edit' | 'assign' } | null>(null)
  const said = (id: number) => (m.notice?.id === id ? m.notice.notice : undefined)
  return (
    <View className='manager contractors'>
      <View className='manager__card'>
        <Text className='manager__title'>施工单位</Text>
        <Text className='manager__muted'>
          验房发现的问题派给负责的施工单位，每家只收到自己的整改通知单（含问题照片）。施工单位整改后由验房人员拍照记录并验收，退回和逾期计入该单位。
        </Text>
      </View>

      <View className='manager__card' role='list' aria-label='施工单位列表'>
        <InlineError message={m.loadError} />
        {m.items === null && !m.loadError ? <Text className='manager__muted'>正在加载…</Text> : null}
        {m.items?.length === 0 ? <Text className='manager__muted'>还没有施工单位，请在下方添加。</Text> : null}
        {m.items?.map((c) => (
          <View key={c.id} role='listitem' className={`contractors__item${c.active ? '' : ' contractors__item--off'}`} data-testid='contractor-item'>
            <Text className='contractors__name'>{c.active ? c.name : `${c.name}（已停用）`}</Text>
            <Text className='contractors__text'>{`负责：${c.trades.length ? c.trades.join('、') : '未指定'}`}</Text>
            {c.contactName || c.contactPhone ? <Text className='contractors__text'>{`联系人：${[c.contactName, c.contactPhone].filter(Boolean).join(' ')}`}</Text> : null}
            <Text className='contractors__stats' data-testid={`contractor-stats-${c.id}`}>
              {`派单 ${c.stats.assigned} · 未完成 ${c.stats.open} · 已完成 ${c.stats.done}（按期 ${c.stats.onTime}）`}
            </Text>
            {c.stats.overdue || c.stats.reopened ? (
              <Text className='contractors__stats contractors__warn'>{`逾期 ${c.stats.overdue} · 验收退回 ${c.stats.reopened} 次`}</Text>
            ) : null}
            {open?.id === c.id && open.what === 'edit' ? (
              <ContractorForm
                idKey={String(c.id)}
                initial={c}
                busy={m.busy === `save:${c.id}`}
                onSave={async (body) => {
                  const ok = await m.save(c.id, body)
                  if (ok) setOpen(null)
                  return ok
                }}
                onCancel={() => setOpen(null)}
              />
            ) : open?.id === c.id && open.what === 'assign' ? (
              <AssignPanel
                contractor={c}
                buildings={m.buildings}
                busy={m.busy === `assign:${c.id}`}
                onAssign={(b) => void m.assign(c, b).then(() => setOpen(null))}
                onClose={() => setOpen(null)}
              />
            ) : (
              <View className='contractors__actions'>
                <Button className='contractors__btn' type='primary' loading={m.busy === `pdf:${c.id}`} disabled={m.busy !== null} onClick={() => void m.openNotice(c)}>
                  整改通知单
                </Button>
                {c.active ? (
                  <Button className='contractors__btn' fill='outline' onClick={() => setOpen({ id: c.id, what: 'assign' })}>
                    批量派单
                  </Button>
                ) : null}
                <Button className='contractors__btn' fill='outline' onClick={() => setOpen({ id: c.id, what: 'edit' })}>
                  编辑
                </Button>
                <Button className='contractors__btn' fill='outline' type={c.active ? 'danger' : 'primary'} disabled={m.busy !== null} onClick={() => void m.setActive(c, !c.active)}>
                  {c.active ? '停用' : '启用'}
                </Button>
              </View>
            )}
            <Said notice={said(c.id)} />
          </View>
        ))}
      </View>

      <View className='manager__card'>
        <Text className='manager__subtitle'>添加施工单位</Text>
        <ContractorForm idKey='new' busy={m.busy === 'save:0'} onSave={(body) => m.save(null, body)} />
        <Said notice={said(0)} />
      </View>
    </View>
  )
}

export default withPage(ManagerContractorsPage)

import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { Field } from '../../components/Field'
import { InlineError } from '../../components/InlineError'
import { completeTask, fetchTasks } from '../../api/completion'
import { useRemote } from '../../hooks/useRemote'
import { formatDate } from '../../utils/time'
import '../staff.scss'
import '../../components/Onsite/onsite.scss'
import { withPage } from '../../components/Page'

/** staff/tasks: open follow-up tasks by due date, overdue ones flagged; close with a note. */
function TasksPage() {
  const { state, reload } = useRemote(() => fetchTasks('open'), 'staff')
  const [notes, setNotes] = useState<Record<number, string>>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<number | null>(null)

  const done = async (id: number) => {
    setBusy(id)
    setError(null)
    const res = await completeTask(id, (notes[id] ?? '').trim())
    setBusy(null)
    if (!res.ok) return setError(res.message)
    await reload()
  }

  if (state.phase === 'loading') return <View className='staff' aria-busy='true'><Text className='staff__muted'>正在加载…</Text></View>
  if (state.phase === 'error') {
    return (
      <View className='staff'>
        <InlineError message={state.message} />
        <Button type='primary' block onClick={() => void reload()}>重新加载</Button>
      </View>
    )
  }
  const d = state.data
  return (
    <View className='staff'>
      <View className='staff__card'>
        <Text className='staff__title'>{`待回访 ${d.items.length} 项`}</Text>
        {d.overdue > 0 && <Text className='onsite__no'>{`${d.overdue} 项已逾期`}</Text>}
        <InlineError message={error} />
      </View>
      {d.items.map((t) => (
        <View key={t.id} className={`staff__card${t.overdue ? ' onsite__long' : ''}`} data-testid='task-item'>
          <Text className='staff__subtitle'>{`${t.kindLabel}　${t.houseLabel}`}</Text>
          <Text className='staff__result-line'>{`业主：${t.ownerName}`}</Text>
          <Text className='staff__result-line'>{t.reason}</Text>
          <Text className={t.overdue ? 'onsite__no' : 'staff__muted'}>{`截止 ${formatDate(t.dueAt)}${t.overdue ? '（已逾期）' : ''}`}</Text>
          <Field label='回访记录' name={`note-${t.id}`} value={notes[t.id] ?? ''} onChange={(v) => setNotes((n) => ({ ...n, [t.id]: v }))} maxLength={500} placeholder='例如：电话回访，业主反馈…' />
          <Button className='onsite__action' type='primary' block loading={busy === t.id} disabled={busy !== null || !(notes[t.id] ?? '').trim()} onClick={() => void done(t.id)}>
            完成回访
          </Button>
        </View>
      ))}
    </View>
  )
}

export default withPage(TasksPage)

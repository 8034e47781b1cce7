import { Text, View } from '@tarojs/components'
import { RepairCard } from '../../components/Inspection'
import { InlineError } from '../../components/InlineError'
import { useRepairs } from '../../hooks/useRepairs'
import '../staff.scss'
import '../../components/Inspection/index.scss'

/** staff/repairs: repair orders (整改单), open or fixed; assign to a contractor, verify a contractor's fix. */
export default function RepairsPage() {
  const r = useRepairs()
  return (
    <View className='staff'>
      <View className='insp-tabs' role='tablist' aria-label='整改单状态'>
        {(['open', 'fixed'] as const).map((s) => (
          <View key={s} role='tab' aria-selected={r.status === s ? 'true' : 'false'} className={`insp-tab${r.status === s ? ' insp-tab--on' : ''}`} onClick={() => r.show(s)}>
            <Text>{s === 'open' ? '待整改' : '已整改'}</Text>
          </View>
        ))}
      </View>
      <InlineError message={r.error} />
      {r.items === null && !r.error && <Text className='staff__muted'>加载中…</Text>}
      {r.items?.length === 0 && <Text className='staff__muted'>{r.status === 'open' ? '没有待整改的问题' : '暂无已整改记录'}</Text>}
      {r.items?.map((x) => (
        <RepairCard
          key={x.id}
          repair={x}
          busy={r.busy === x.id}
          onFixed={(photo, note) => r.markFixed(x, photo, note)}
          contractors={r.contractors}
          onAssign={(id) => r.assign(x, id)}
          onVerify={(accept, reason) => r.verify(x, accept, reason)}
        />
      ))}
    </View>
  )
}

import { Text, View } from '@tarojs/components'
import { RepairCard, SyncBadge } from '../../components/Inspection'
import { InlineError } from '../../components/InlineError'
import { useRepairs } from '../../hooks/useRepairs'
import '../staff.scss'
import '../../components/Inspection/index.scss'
import { withPage } from '../../components/Page'

/** staff/repairs: repair orders (整改单), open or fixed; assign to a contractor, verify a contractor's fix. */
function RepairsPage() {
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
      {r.notice && (
        <View className='insp-success' role='status' data-testid='repair-notice'>
          {r.notice}
        </View>
      )}
      {(r.fixes.pending.length > 0 || r.fixes.rejected.length > 0) && (
        <View className='staff__card' data-testid='repair-queue'>
          {r.fixes.pending.map((e) => (
            <Text key={e.key} className='staff__muted'>{`整改 ${e.payload.where}（待同步）`}</Text>
          ))}
          {r.fixes.rejected.map((e) => (
            <View key={e.key} className='insp-rejected' role='alert'>
              <Text className='insp-error'>{`整改 ${e.payload.where} 未保存：${e.message}`}</Text>
              <View className='insp-btn-link' role='button' aria-label={`知道了，移除「整改 ${e.payload.where}」`} onClick={() => r.discardFix(e.key)}>
                知道了
              </View>
            </View>
          ))}
          <SyncBadge pending={r.fixes.pending.length} rejected={r.fixes.rejected.length} online={r.fixes.online} syncing={r.fixes.syncing} error={r.fixes.error} onRetry={() => void r.fixes.retry()} />
        </View>
      )}
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

export default withPage(RepairsPage)

import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import type { DashboardQuery } from '../../../types'
import { InlineError } from '../../components/InlineError'
import { houseHistoryUrl } from '../../api/history'
import { formatDateTime } from '../../utils/time'
import { DashboardView } from './DashboardView'
import { drillUrl } from './drill'
import { useDashboard } from './useDashboard'
import './dashboard.scss'
import { withPage } from '../../components/Page'

function Chip({ text, active, onTap }: { text: string; active: boolean; onTap: () => void }) {
  return (
    <View className={`dash__chip${active ? ' dash__chip--on' : ''}`} role='button' aria-pressed={active} onClick={onTap}>
      <Text className='dash__chip-text'>{text}</Text>
    </View>
  )
}

/** manager/dashboard: 数据看板, every number tappable to the houses behind it. */
function DashboardPage() {
  const { filters, setFilters, state, reload, exporting, exportError, runExport } = useDashboard()
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })
  const set = (f: DashboardQuery) => setFilters(f)
  const data = state.phase === 'ready' ? state.data : null

  return (
    <View className='dash'>
      <View className='dash__card dash__card--wide' data-testid='dash-head'>
        <View className='dash__head'>
          <View className='dash__head-text'>
            <Text className='dash__title'>{data ? data.community.name : '数据看板'}</Text>
            {data && <Text className='dash__muted'>{`${data.houses} 户 · 更新于 ${formatDateTime(data.generatedAt)}`}</Text>}
          </View>
          <Button className='dash__export' type='primary' loading={exporting} disabled={exporting || !data} onClick={() => void runExport()} data-testid='dash-export'>
            导出 Excel
          </Button>
        </View>
        <InlineError message={exportError} testId='dash-export-error' />
        {data && (
          <>
            <Text className='dash__filter-label'>批次</Text>
            <View className='dash__chips' role='group' aria-label='按批次筛选'>
              <Chip text='全部批次' active={!filters.batch} onTap={() => set({ ...filters, batch: undefined })} />
              {data.options.batches.map((b) => (
                <Chip key={b.code} text={b.title} active={filters.batch === b.code} onTap={() => set({ ...filters, batch: b.code })} />
              ))}
            </View>
            <Text className='dash__filter-label'>楼栋</Text>
            <View className='dash__chips' role='group' aria-label='按楼栋筛选'>
              <Chip text='全部楼栋' active={!filters.building} onTap={() => set({ ...filters, building: undefined })} />
              {data.options.buildings.map((b) => (
                <Chip key={b.id} text={b.name} active={filters.building === b.id} onTap={() => set({ ...filters, building: b.id })} />
              ))}
            </View>
          </>
        )}
      </View>

      {state.phase === 'loading' && (
        <View className='dash__card' aria-busy='true'>
          <Text className='dash__muted'>正在统计…</Text>
        </View>
      )}
      {state.phase === 'error' && (
        <View className='dash__card'>
          <InlineError message={state.message} testId='dash-error' />
          <Button type='primary' block onClick={() => void reload()}>
            重新加载
          </Button>
        </View>
      )}
      {data && (
        <DashboardView
          data={data}
          onDrill={(metric, title) => void Taro.navigateTo({ url: drillUrl(metric, filters, title) })}
          onHouse={(houseId) => void Taro.navigateTo({ url: houseHistoryUrl(houseId) })}
        />
      )}
    </View>
  )
}

export default withPage(DashboardPage)

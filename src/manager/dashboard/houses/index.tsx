import { useCallback } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import type { DashboardHouses } from '../../../../types'
import { fetchDashboardHouses } from '../../../api/dashboard'
import { houseHistoryUrl } from '../../../api/history'
import { InlineError } from '../../../components/InlineError'
import { useRemote } from '../../../hooks/useRemote'
import { formatDateTime } from '../../../utils/time'
import { param } from '../drill'
import '../dashboard.scss'
import { withPage } from '../../../components/Page'

/** manager/dashboard/houses?metric=&title=&batch=&building=: the houses behind one number. */
function DashboardHousesPage() {
  const p = useRouter().params
  const metric = param(p.metric) ?? ''
  const title = param(p.title) ?? '房屋明细'
  const batch = param(p.batch)
  const building = p.building ? Number(p.building) : undefined
  const load = useCallback(() => fetchDashboardHouses({ metric, batch, building }), [metric, batch, building])
  const { state, reload } = useRemote<DashboardHouses>(load, 'staff')

  return (
    <View className='dash'>
      <View className='dash__card dash__card--wide'>
        <Text className='dash__title'>{title}</Text>
        {state.phase === 'ready' && <Text className='dash__muted' data-testid='drill-total'>{`共 ${state.data.total} 户，点一户查看房屋档案`}</Text>}
      </View>
      {state.phase === 'loading' && (
        <View className='dash__card' aria-busy='true'>
          <Text className='dash__muted'>正在加载…</Text>
        </View>
      )}
      {state.phase === 'error' && (
        <View className='dash__card'>
          <InlineError message={state.message} testId='drill-error' />
          <Button type='primary' block onClick={() => void reload()}>
            重新加载
          </Button>
        </View>
      )}
      {state.phase === 'ready' && (
        <View className='dash__card dash__card--wide' role='list' aria-label={title}>
          {state.data.items.length === 0 && <Text className='dash__muted'>没有房屋</Text>}
          {state.data.items.map((h) => (
            <View
              key={h.houseId}
              role='listitem'
              className='dash__house'
              data-testid='drill-house'
              onClick={() => void Taro.navigateTo({ url: houseHistoryUrl(h.houseId) })}
            >
              <View className='dash__house-text'>
                <Text className='dash__item-title'>{h.label}</Text>
                <Text className='dash__muted'>{`${h.batch} · 当前：${h.stageTitle}${h.since ? ` · 自 ${formatDateTime(h.since)}` : ''}`}</Text>
              </View>
              <Text className='dash__chevron' aria-hidden='true'>›</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}

export default withPage(DashboardHousesPage)

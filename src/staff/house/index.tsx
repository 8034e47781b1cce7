import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { InlineError } from '../../components/InlineError'
import { HouseHistoryView } from './HouseHistoryView'
import { useHouseHistory } from './useHouseHistory'
import './house.scss'
import { withPage } from '../../components/Page'

/** staff/house?houseId=: 房屋档案, one house on one page (manager, reception, reviewer). */
function HouseHistoryPage() {
  const houseId = Number(useRouter().params.houseId)
  const { state, reload } = useHouseHistory(houseId)
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })
  return (
    <View className='house'>
      {state.phase === 'loading' && (
        <View className='house__card' aria-busy='true'>
          <Text className='house__muted'>正在加载房屋档案…</Text>
        </View>
      )}
      {state.phase === 'error' && (
        <View className='house__card'>
          <InlineError message={state.message} testId='house-error' />
          <Button type='primary' block onClick={() => void reload()}>
            重新加载
          </Button>
        </View>
      )}
      {state.phase === 'ready' && <HouseHistoryView history={state.data} />}
    </View>
  )
}

export default withPage(HouseHistoryPage)

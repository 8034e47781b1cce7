import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { InlineError } from '../../components/InlineError'
import { SurveySummaryView } from '../../components/SurveySummaryView'
import { useSurveySummary } from '../../hooks/useSurveySummary'
import '../staff.scss'
import { withPage } from '../../components/Page'

/** staff/survey: satisfaction results for the project manager. */
function StaffSurveyPage() {
  const { state, reload } = useSurveySummary()
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })
  return (
    <View className='staff'>
      {state.phase === 'loading' && (
        <View className='staff__card' aria-busy='true'>
          <Text className='staff__muted'>正在加载满意度结果…</Text>
        </View>
      )}
      {state.phase === 'error' && (
        <View className='staff__card'>
          <InlineError message={state.message} testId='summary-error' />
          <Button type='primary' block onClick={() => void reload()}>
            重新加载
          </Button>
        </View>
      )}
      {state.phase === 'ready' && <SurveySummaryView summary={state.summary} />}
    </View>
  )
}

export default withPage(StaffSurveyPage)

import { Button, Text, View } from '@tarojs/components'
import { useHall } from '../../hooks/useHall'
import { formatTime } from '../../utils/time'
import { withPage } from '../../components/Page'
import './index.scss'

/** staff/hall: the service hall TV (叫号大屏): called numbers and windows, who is next, today's progress. */
function HallPage() {
  const { state, reload, voice, enableVoice } = useHall()

  if (state.phase === 'loading') return <View className='hall' aria-busy='true'><Text className='hall__muted'>正在加载…</Text></View>
  if (state.phase === 'error') {
    return (
      <View className='hall'>
        <View role='alert'><Text className='hall__muted'>{state.message}</Text></View>
        <Button className='hall__voice' onClick={() => void reload()}>重新加载</Button>
      </View>
    )
  }
  const h = state.data
  const [latest, ...earlier] = h.called
  return (
    <View className='hall'>
      <View className='hall__head'>
        <Text className='hall__title'>{`入伙办理叫号　${h.date}`}</Text>
        <View className='hall__progress' data-testid='hall-progress'>
          <Text>{`已签到 ${h.progress.checkedIn}`}</Text>
          <Text>{`已办完 ${h.progress.done}`}</Text>
          <Text>{`等候 ${h.progress.waiting}`}</Text>
        </View>
        {voice ? (
          <View role='status'><Text className='hall__voice-on'>语音播报已开启</Text></View>
        ) : (
          <Button className='hall__voice' onClick={enableVoice}>开启语音播报</Button>
        )}
      </View>
      <View className='hall__body'>
        <View className='hall__called' aria-live='polite' data-testid='hall-called'>
          <Text className='hall__label'>正在叫号</Text>
          {latest ? (
            <View className='hall__latest'>
              <Text className='hall__number'>{`${latest.queueNo} 号`}</Text>
              <Text className='hall__window'>{`请到 ${latest.windowNo} 号窗口`}</Text>
              <Text className='hall__house'>{latest.houseLabel}</Text>
            </View>
          ) : (
            <Text className='hall__muted'>暂未叫号</Text>
          )}
          {earlier.length > 0 && (
            <View className='hall__list'>
              {earlier.map((c) => (
                <View key={`${c.queueNo}-${c.calledAt}`} className='hall__row' data-testid='hall-called-row'>
                  <Text className='hall__row-no'>{`${c.queueNo} 号`}</Text>
                  <Text>{`${c.windowNo} 号窗口`}</Text>
                  <Text className='hall__row-house'>{c.houseLabel}</Text>
                  <Text className='hall__row-time'>{formatTime(c.calledAt)}</Text>
                </View>
              ))}
            </View>
          )}
        </View>
        <View className='hall__next' data-testid='hall-next'>
          <Text className='hall__label'>请以下业主准备</Text>
          {h.next.length === 0 && <Text className='hall__muted'>暂无等候</Text>}
          {h.next.map((n) => (
            <View key={n.queueNo} className='hall__row' data-testid='hall-next-row'>
              <Text className='hall__row-no'>{`${n.queueNo} 号`}</Text>
              <Text className='hall__row-house'>{n.houseLabel}</Text>
            </View>
          ))}
        </View>
      </View>
    </View>
  )
}

export default withPage(HallPage)

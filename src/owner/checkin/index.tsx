import { useEffect, useRef } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { InlineError } from '../../components/InlineError'
import { useCheckin } from '../../hooks/useCheckin'
import { PAGES } from '../../routes'
import '../../components/Onsite/onsite.scss'
import { withPage } from '../../components/Page'
import { alertCalled } from '../../utils/called-alert'

const STATUS_TEXT = { waiting: '排队中', called: '请到窗口办理', finished: '已办理' } as const

/** owner/checkin: 签到 on the reserved day, the big queue number, people ahead, the wait. */
function CheckinPage() {
  const { state, reload, tap, busy, error, code, showCode } = useCheckin()
  const status = state.phase === 'ready' ? state.data.checkin?.status : undefined
  const seen = useRef<string | undefined>(undefined)
  // the polling sees the number called: buzz / sound once (not when the page opens already called)
  useEffect(() => {
    if (seen.current === 'waiting' && status === 'called') alertCalled()
    seen.current = status
  }, [status])

  if (state.phase === 'loading') {
    return (
      <View className='onsite onsite__center' aria-busy='true'>
        <Text className='onsite__text'>正在加载…</Text>
      </View>
    )
  }
  if (state.phase === 'error') {
    return (
      <View className='onsite'>
        <InlineError message={state.message} />
        <Button type='primary' block onClick={() => void reload()}>
          重新加载
        </Button>
      </View>
    )
  }
  const d = state.data
  const r = d.reservation
  return (
    <View className='onsite'>
      {d.checkin ? (
        <View className='onsite__card onsite__center' data-testid='queue-card' role='status' aria-live='polite'>
          <Text className='onsite__muted'>您的排队号</Text>
          <Text className='onsite__number' data-testid='queue-no'>
            {d.checkin.queueNo}
          </Text>
          <Text className='onsite__title' data-testid='checkin-status'>
            {d.checkin.status === 'called' && d.checkin.windowNo ? `请到 ${d.checkin.windowNo} 号窗口办理` : STATUS_TEXT[d.checkin.status]}
          </Text>
          {d.checkin.status === 'waiting' && d.ahead === 0 && (
            <Text className='onsite__title onsite__ok' data-testid='next-up'>
              下一位就是您，请留意叫号
            </Text>
          )}
          {d.checkin.status === 'waiting' && d.ahead > 0 && (
            <View className='onsite__stats'>
              <View className='onsite__stat'>
                <Text className='onsite__stat-value' data-testid='ahead'>
                  {d.ahead}
                </Text>
                <Text>前面等候（人）</Text>
              </View>
              <View className='onsite__stat'>
                <Text className='onsite__stat-value'>{d.estimatedWaitMinutes}</Text>
                <Text>预计等候（分钟）</Text>
              </View>
            </View>
          )}
          {d.nowServing !== null && <Text className='onsite__muted'>{`当前叫号：${d.nowServing} 号`}</Text>}
          {d.checkin.status === 'waiting' && <Text className='onsite__muted'>页面每 20 秒自动刷新，叫到您的号码时请到窗口办理</Text>}
          {d.checkin.status === 'finished' && (
            <Button className='onsite__action' type='primary' block onClick={() => void Taro.reLaunch({ url: PAGES.home })}>
              查看入伙进度
            </Button>
          )}
        </View>
      ) : (
        <View className='onsite__card'>
          <Text className='onsite__title'>现场签到取号</Text>
          {r && <Text className='onsite__text'>{`预约时间：${r.date} ${r.start}-${r.end}`}</Text>}
          {d.canCheckIn ? (
            <>
              <Text className='onsite__text'>到达物业服务中心后，点击下方按钮签到取号。</Text>
              <Button className='onsite__action' type='primary' block size='large' loading={busy} disabled={busy} onClick={() => void tap()} aria-label='签到取号'>
                签到取号
              </Button>
            </>
          ) : (
            <>
              {d.reasons.map((x) => (
                <Text key={x} className='onsite__text'>
                  {x}
                </Text>
              ))}
              {r ? (
                <Button className='onsite__action' fill='outline' block onClick={() => void Taro.reLaunch({ url: PAGES.home })}>
                  查看入伙进度
                </Button>
              ) : (
                <Button className='onsite__action' type='primary' block onClick={() => void Taro.navigateTo({ url: PAGES.reserve })}>
                  去预约入伙时间
                </Button>
              )}
            </>
          )}
        </View>
      )}
      <InlineError message={error} testId='checkin-error' />
      {(d.canCheckIn || d.checkin) && (
        <View className='onsite__card onsite__center'>
          <Text className='onsite__title'>签到码</Text>
          {!code && <Text className='onsite__muted'>也可以请前台工作人员凭签到码为您签到</Text>}
          {code ? (
            <>
              <Image className='onsite__qr' src={code.qr} mode='scaleToFill' data-testid='checkin-qr' aria-label='签到二维码，请出示给前台工作人员扫描' />
              <Text className='onsite__muted'>无法扫码时，请向工作人员读出数字签到码</Text>
              <Text className='onsite__short-code' selectable data-testid='checkin-short-code' aria-label={`数字签到码 ${code.shortCode.split('').join(' ')}`}>
                {code.shortCode}
              </Text>
              <Text className='onsite__muted'>仅当天有效</Text>
            </>
          ) : (
            <Button className='onsite__action' fill='outline' block onClick={() => void showCode()}>
              显示签到码
            </Button>
          )}
        </View>
      )}
    </View>
  )
}

export default withPage(CheckinPage)

import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { EntryHelp } from '../../components/EntryHelp'
import { InlineError } from '../../components/InlineError'
import { VerifyForm } from '../../components/VerifyForm'
import { useEntry } from '../../hooks/useEntry'
import { PAGES } from '../../routes'
import './index.scss'
import { withPage } from '../../components/Page'

/** QR landing: /pages/entry/index?scene=<encoded token>. */
function EntryPage() {
  const { params } = useRouter()
  const { state, reload, verify, submitting, verifyError } = useEntry(params.scene)

  return (
    <View className='entry'>
      <View className='entry__brand'>
        <Text className='entry__brand-name'>安家 · 入伙自助办理</Text>
        <Text className='entry__brand-sub'>扫码核验身份，资料、预约、缴费线上办，进度随时可查</Text>
      </View>

      {state.phase === 'loading' && (
        <View className='entry__card entry__loading' aria-busy='true'>
          <Text>正在读取房屋信息…</Text>
        </View>
      )}

      {state.phase === 'no-scene' && <EntryHelp reason='no-scene' />}
      {state.phase === 'not-found' && <EntryHelp reason='not-found' message={state.message} />}

      {state.phase === 'error' && (
        <View className='entry__card'>
          <InlineError message={state.message} testId='entry-error' />
          <Button type='primary' block onClick={() => void reload()}>
            重新加载
          </Button>
        </View>
      )}

      {state.phase === 'ready' && (
        <>
          <View className='entry__house' data-testid='entry-house'>
            <Text className='entry__community'>{state.info.communityName}</Text>
            <Text className='entry__house-label'>{state.info.houseLabel}</Text>
          </View>
          {state.info.openForMoveIn ? (
            <VerifyForm submitting={submitting} serverError={verifyError} onSubmit={(v) => void verify(v)} />
          ) : (
            <View className='entry__card' data-testid='entry-not-open'>
              <Text className='entry__notice-title'>本房屋暂未开放入伙办理</Text>
              <Text className='entry__notice-text'>
                开放办理后您将收到入伙通知。如有疑问，请致电物业服务中心 {state.info.servicePhone}。
              </Text>
            </View>
          )}
          <Text className='entry__service'>物业服务中心电话：{state.info.servicePhone}</Text>
        </>
      )}

      <View className='entry__footer'>
        <View
          className='entry__staff-link'
          role='link'
          aria-label='工作人员登录'
          onClick={() => void Taro.navigateTo({ url: PAGES.staffLogin })}
        >
          <Text>工作人员登录</Text>
        </View>
      </View>
    </View>
  )
}

export default withPage(EntryPage, { root: true, careSwitch: true })

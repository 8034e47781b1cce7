import { useEffect, useRef } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import type { OwnerMe } from '../../../types'
import { HomeHeader } from '../../components/HomeHeader'
import { InlineError } from '../../components/InlineError'
import { NextStepCard } from '../../components/NextStepCard'
import { StageTimeline } from '../../components/StageTimeline'
import { useOwnerHome } from '../../hooks/useOwnerHome'
import { PAGES, stagePage } from '../../routes'
import './index.scss'
import { withPage } from '../../components/Page'

const DELEGATE_NOTES: Record<NonNullable<OwnerMe['delegateStatus']> | 'missing', string> = {
  missing: '请上传业主签署的《委托书》，审核通过后即可代办全部事项。',
  pending_review: '《委托书》已提交，工作人员审核中（一般 24 小时内完成）。',
  rejected: '《委托书》未通过审核，请按提示重新上传。',
  approved: ''
}

/** The button says what it opens where 去办理 would not (after the move-in there is nothing to 办理). */
const ACTION_TEXT: Partial<Record<OwnerProgressStage, string>> = {
  done: '查看业主手册',
  followup: '填写回访问卷'
}
type OwnerProgressStage = Parameters<typeof stagePage>[0]

/** Owner home: house card, the next step and the progress of every stage. */
function HomePage() {
  const { params } = useRouter()
  const { state, reload, logout } = useOwnerHome()
  const prompted = useRef(false)

  usePullDownRefresh(() => {
    void reload(true).finally(() => Taro.stopPullDownRefresh())
  })

  // right after a delegate verified: the power of attorney comes first
  useEffect(() => {
    if (params.prompt !== 'delegate' || prompted.current || state.phase !== 'ready') return
    prompted.current = true
    void Taro.showModal({
      title: '请上传委托书',
      content: '您以受托人身份办理，请先上传业主签署的《委托书》，审核通过后即可代办。',
      confirmText: '去上传',
      cancelText: '稍后'
    }).then((r) => {
      if (r.confirm) void Taro.navigateTo({ url: PAGES.delegate })
    })
  }, [params.prompt, state.phase])

  const go = (url: string) => void Taro.navigateTo({ url })
  const confirmLogout = () => {
    void Taro.showModal({ title: '退出登录', content: '退出后需要重新扫码核验身份，确定退出吗？' }).then((r) => {
      if (r.confirm) void logout()
    })
  }

  if (state.phase === 'loading') {
    return (
      <View className='home home--center' aria-busy='true'>
        <Text className='home__loading'>正在加载入伙进度…</Text>
      </View>
    )
  }

  if (state.phase === 'error') {
    return (
      <View className='home'>
        <InlineError message={state.message} testId='home-error' />
        <Button type='primary' block onClick={() => void reload()}>
          重新加载
        </Button>
      </View>
    )
  }

  const { me, progress } = state
  const delegateKey = me.role === 'delegate' ? (me.delegateStatus ?? 'missing') : 'approved'
  const current = progress.stages.find((st) => st.stage === progress.currentStage)
  // a finished survey has nothing left to open
  const actionUrl = progress.currentStage === 'followup' && current?.status === 'done' ? undefined : stagePage(progress.currentStage)

  return (
    <View className='home'>
      <HomeHeader me={me} unread={progress.unreadNotifications} onLogout={confirmLogout} />

      {delegateKey !== 'approved' && (
        <View className={`home__delegate home__delegate--${delegateKey}`} data-testid='delegate-banner'>
          <Text className='home__delegate-text'>{DELEGATE_NOTES[delegateKey]}</Text>
          {delegateKey !== 'pending_review' && (
            <Button type='primary' size='small' onClick={() => go(PAGES.delegate)}>
              上传委托书
            </Button>
          )}
        </View>
      )}

      <View className='home__section'>
        <NextStepCard nextStep={progress.nextStep} actionUrl={actionUrl} actionText={ACTION_TEXT[progress.currentStage]} onAction={go} />
      </View>

      <View className='home__section home__progress'>
        <Text className='home__section-title'>入伙进度</Text>
        <StageTimeline stages={progress.stages} currentStage={progress.currentStage} />
      </View>

      <View className='home__policy'>
        <Text className='home__policy-text'>
          {progress.policy.feesRequiredForKeys || progress.policy.agreementsRequiredForKeys
            ? `本小区规定：${[
                progress.policy.agreementsRequiredForKeys ? '签署物业协议' : '',
                progress.policy.feesRequiredForKeys ? '结清入伙费用' : ''
              ]
                .filter(Boolean)
                .join('、')}后方可领取钥匙。`
            : '本小区领取钥匙不以缴费、签约为前提。'}
        </Text>
        <Text className='home__policy-text'>{`物业服务中心：${me.servicePhone}`}</Text>
        <Text className='home__policy-text'>下拉页面可刷新进度</Text>
      </View>
    </View>
  )
}

export default withPage(HomePage, { root: true, careSwitch: true })

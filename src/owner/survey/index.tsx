import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { InlineError } from '../../components/InlineError'
import { SurveyAnswers } from '../../components/SurveyAnswers'
import { SurveyForm } from '../../components/SurveyForm'
import { useSurvey } from '../../hooks/useSurvey'
import { PAGES } from '../../routes'
import { formatDate } from '../../utils/time'
import './index.scss'
import { withPage } from '../../components/Page'

/**
 * owner/survey: reached from the home page (stage 回访) and from the QR shown on site right
 * after the keys (`/owner/survey/index?from=qr`, the owner's own session on this phone).
 */
function SurveyPage() {
  const { state, reload, submit, submitting, submitError } = useSurvey()
  const home = () => void Taro.reLaunch({ url: PAGES.home })

  if (state.phase === 'loading') {
    return (
      <View className='survey survey--center' aria-busy='true'>
        <Text>正在加载问卷…</Text>
      </View>
    )
  }
  if (state.phase === 'error') {
    return (
      <View className='survey'>
        <InlineError message={state.message} testId='survey-load-error' />
        <Button type='primary' block onClick={() => void reload()}>
          重新加载
        </Button>
      </View>
    )
  }

  const { survey, justSubmitted } = state
  return (
    <View className='survey'>
      {survey.submitted && survey.response ? (
        <>
          <View className='survey__card survey__thanks' data-testid='survey-thanks' role='status'>
            <Text className='survey__title'>{justSubmitted ? '感谢您的评价！' : '您已完成满意度调查'}</Text>
            <Text className='survey__text'>
              {justSubmitted
                ? '您的意见已提交给物业服务中心，我们会据此改进服务；评分较低的事项，工作人员将在 3 天内与您联系。'
                : `提交时间：${formatDate(survey.response.submittedAt)}。以下是您的评价（只读）。`}
            </Text>
          </View>
          <SurveyAnswers items={survey.items} response={survey.response} />
          <Button block fill='outline' onClick={home}>
            返回首页
          </Button>
        </>
      ) : survey.open ? (
        <>
          <View className='survey__card'>
            <Text className='survey__title'>入伙满意度调查</Text>
            <Text className='survey__text'>共 {survey.items.length} 项，每项 1-5 星（5 星最满意），约需 1 分钟。</Text>
          </View>
          <SurveyForm items={survey.items} submitting={submitting} serverError={submitError} onSubmit={(b) => void submit(b)} />
        </>
      ) : (
        <View className='survey__card' data-testid='survey-closed'>
          <Text className='survey__title'>暂未开放</Text>
          {survey.blockers.map((b) => (
            <Text key={b} className='survey__text'>
              {b}
            </Text>
          ))}
          <Button type='primary' block onClick={home}>
            查看入伙进度
          </Button>
        </View>
      )}
    </View>
  )
}

export default withPage(SurveyPage)

import { Text, View } from '@tarojs/components'
import { Rate } from '@nutui/nutui-react-taro'
import type { SurveyItem, SurveyResponse } from '../../../types'
import { scoreLabel } from '../SurveyForm/labels'
import './index.scss'

/** The submitted answers, read-only (revisit after submission). */
export function SurveyAnswers({ items, response }: { items: SurveyItem[]; response: SurveyResponse }) {
  const overall = response.comments.overall
  return (
    <View className='survey-answers' data-testid='survey-answers'>
      {items.map((item, idx) => {
        const score = response.scores[item.code] ?? 0
        const comment = response.comments[item.code]
        return (
          <View key={item.code} className='survey-answers__item' data-testid='survey-answer'>
            <Text className='survey-answers__title'>{`${idx + 1}. ${item.title}`}</Text>
            <View className='survey-answers__rate' aria-label={`${item.title}：${score}星，${scoreLabel(score)}`}>
              <Rate value={score} readOnly />
              <Text className='survey-answers__score'>{`${score}星 · ${scoreLabel(score)}`}</Text>
            </View>
            {comment && <Text className='survey-answers__comment'>{`您的意见：${comment}`}</Text>}
          </View>
        )
      })}
      {overall && (
        <View className='survey-answers__item'>
          <Text className='survey-answers__title'>其他意见和建议</Text>
          <Text className='survey-answers__comment'>{overall}</Text>
        </View>
      )}
    </View>
  )
}

export default SurveyAnswers

import { useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { Button, Rate } from '@nutui/nutui-react-taro'
import type { SurveyItem, SurveySubmit } from '../../../types'
import { InlineError } from '../InlineError'
import { missingItems, scoreLabel } from './labels'
import './index.scss'

const MAX_COMMENT = 500
/** A score this low (or lower) invites a comment under the item (the server opens a follow-up for it). */
const LOW_SCORE = 2

export interface SurveyFormProps {
  items: SurveyItem[]
  submitting: boolean
  serverError?: string | null
  onSubmit: (body: SurveySubmit) => void
}

function Comment({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  return (
    <Textarea
      className='survey-form__comment'
      aria-label={label}
      // H5: the label has to reach the real <textarea>
      nativeProps={{ 'aria-label': label }}
      value={value}
      maxlength={MAX_COMMENT}
      placeholder='选填：说说您的感受或建议'
      autoHeight
      onInput={(e) => onChange(e.detail.value)}
    />
  )
}

/** The six items, 1-5 stars each with an optional comment, and an overall comment. */
export function SurveyForm({ items, submitting, serverError, onSubmit }: SurveyFormProps) {
  const [scores, setScores] = useState<Record<string, number>>({})
  const [comments, setComments] = useState<Record<string, string>>({})
  const [open, setOpen] = useState<Record<string, boolean>>({})
  const [missing, setMissing] = useState<string[]>([])

  const setScore = (code: string, v: number) => {
    setScores((s) => ({ ...s, [code]: v }))
    setMissing((m) => m.filter((c) => c !== code))
  }
  const setComment = (code: string, v: string) => setComments((c) => ({ ...c, [code]: v }))

  const submit = () => {
    const m = missingItems(
      items.map((i) => i.code),
      scores
    )
    setMissing(m)
    if (m.length) return
    const cleaned = Object.fromEntries(Object.entries(comments).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v))
    onSubmit({ scores, ...(Object.keys(cleaned).length ? { comments: cleaned } : {}) })
  }

  const titleOf = (code: string) => items.find((i) => i.code === code)?.title ?? code

  return (
    <View className='survey-form'>
      {items.map((item, idx) => {
        const score = scores[item.code] ?? 0
        const invalid = missing.includes(item.code)
        const low = score > 0 && score <= LOW_SCORE
        return (
          <View key={item.code} className={`survey-form__item${invalid ? ' survey-form__item--invalid' : ''}`} data-testid='survey-item'>
            <Text className='survey-form__title'>{`${idx + 1}. ${item.title}`}</Text>
            <View
              className='survey-form__rate'
              role='radiogroup'
              aria-label={`${item.title}，${score ? `${score}星，${scoreLabel(score)}` : '未评分'}，满分5星`}
            >
              <Rate value={score} count={5} onChange={(v: number) => setScore(item.code, v)} />
              <Text className='survey-form__score' aria-live='polite'>
                {score ? `${score}星 · ${scoreLabel(score)}` : '请点击星星评分'}
              </Text>
            </View>
            {invalid && <Text className='survey-form__missing'>请为此项评分</Text>}
            {low && (
              // An invitation, not a requirement: the survey submits without it.
              <Text className='survey-form__invite' data-testid='survey-low-invite'>
                很抱歉这一项没让您满意。愿意说说遇到了什么情况吗？（选填，工作人员会据此回访改进）
              </Text>
            )}
            {open[item.code] || low ? (
              <Comment label={`${item.title} 的意见`} value={comments[item.code] ?? ''} onChange={(v) => setComment(item.code, v)} />
            ) : (
              <View
                className='survey-form__add'
                role='button'
                aria-label={`为“${item.title}”补充意见`}
                onClick={() => setOpen((o) => ({ ...o, [item.code]: true }))}
              >
                <Text>＋ 补充意见（选填）</Text>
              </View>
            )}
          </View>
        )
      })}

      <View className='survey-form__item'>
        <Text className='survey-form__title'>其他意见和建议（选填）</Text>
        <Comment label='其他意见和建议' value={comments.overall ?? ''} onChange={(v) => setComment('overall', v)} />
      </View>

      {missing.length > 0 && <InlineError message={`还有 ${missing.length} 项未评分：${missing.map(titleOf).join('、')}`} testId='survey-missing' />}
      <InlineError message={serverError} testId='survey-error' />
      <Button type='primary' block loading={submitting} disabled={submitting} onClick={submit}>
        提交评价
      </Button>
      <Text className='survey-form__note'>每户仅需提交一次，提交后不可修改。您的评价仅用于改进物业服务。</Text>
    </View>
  )
}

export default SurveyForm

import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import './index.scss'

export interface NextStepCardProps {
  nextStep: string
  /** target page of the current stage; no button when the stage has no page yet */
  actionUrl?: string
  actionText?: string
  onAction: (url: string) => void
}

/** 下一步: the one thing the owner should do now. */
export function NextStepCard({ nextStep, actionUrl, actionText = '去办理', onAction }: NextStepCardProps) {
  return (
    <View className='next-step' data-testid='next-step'>
      <Text className='next-step__label'>下一步</Text>
      <Text className='next-step__text'>{nextStep}</Text>
      {actionUrl && (
        <Button className='next-step__button' type='primary' block onClick={() => onAction(actionUrl)}>
          {actionText}
        </Button>
      )}
    </View>
  )
}

export default NextStepCard

import { Text, View } from '@tarojs/components'
import './index.scss'

/** A visible error next to what failed (not only a toast); read out by screen readers. */
export function InlineError({ message, testId }: { message?: string | null; testId?: string }) {
  if (!message) return null
  return (
    <View className='inline-error' role='alert' aria-live='assertive' data-testid={testId}>
      <Text className='inline-error__text'>{message}</Text>
    </View>
  )
}

export default InlineError

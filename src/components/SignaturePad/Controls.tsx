import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'

export interface ControlsProps {
  hasInk: boolean
  busy: boolean
  disabled: boolean
  confirmText: string
  onClear: () => void
  onConfirm: () => void
}

/** 清除 / 确认签名, shared by both platforms; confirm waits for something drawn. */
export function SignatureControls({ hasInk, busy, disabled, confirmText, onClear, onConfirm }: ControlsProps) {
  return (
    <View className='signature-pad__actions'>
      <Text className='signature-pad__status' aria-live='polite'>
        {hasInk ? '已签名，可确认提交' : '请在上方框内手写签名'}
      </Text>
      <View className='signature-pad__buttons'>
        <Button className='signature-pad__clear' disabled={disabled || busy || !hasInk} onClick={onClear}>
          清除
        </Button>
        <Button
          className='signature-pad__confirm'
          type='primary'
          loading={busy}
          disabled={disabled || busy || !hasInk}
          onClick={onConfirm}
        >
          {confirmText}
        </Button>
      </View>
    </View>
  )
}

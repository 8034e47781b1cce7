import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'

export interface ControlsProps {
  hasInk: boolean
  busy: boolean
  disabled: boolean
  confirmText: string
  /** drawing-is-signing: no confirm button, the drawing itself is the signature */
  live: boolean
  onClear: () => void
  onConfirm: () => void
}

/** The one line that says what state the pad is in; it never claims more than is kept. */
export function signatureStatus(hasInk: boolean, live: boolean, confirmText: string): string {
  if (!hasInk) return '请在上方框内手写签名'
  return live ? '已签名 ✓（如需重签请点「清除」）' : `请点「${confirmText}」完成签名`
}

/** 清除 / 确认签名, shared by both platforms; confirm waits for something drawn. */
export function SignatureControls({ hasInk, busy, disabled, confirmText, live, onClear, onConfirm }: ControlsProps) {
  return (
    <View className='signature-pad__actions'>
      <Text className={`signature-pad__status${hasInk && live ? ' signature-pad__status--done' : ''}`} aria-live='polite'>
        {signatureStatus(hasInk, live, confirmText)}
      </Text>
      <View className='signature-pad__buttons'>
        <Button className='signature-pad__clear' disabled={disabled || busy || !hasInk} onClick={onClear}>
          清除
        </Button>
        {!live && (
        <Button
          className='signature-pad__confirm'
          type='primary'
          loading={busy}
          disabled={disabled || busy || !hasInk}
          onClick={onConfirm}
        >
          {confirmText}
        </Button>
        )}
      </View>
    </View>
  )
}

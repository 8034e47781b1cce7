import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import './index.scss'

export interface ConfirmDialogProps {
  open: boolean
  title: string
  body: string
  confirmText: string
  cancelText: string
  /** red confirm for a destructive action (取消预约) */
  danger?: boolean
  onConfirm: () => void
  onCancel: () => void
}

/**
 * A confirmation in the page (not the platform modal): dark body text at reading size, a
 * solid primary confirm, both actions real buttons, announced as a modal dialog.
 */
export function ConfirmDialog({ open, title, body, confirmText, cancelText, danger, onConfirm, onCancel }: ConfirmDialogProps) {
  if (!open) return null
  return (
    <View className='confirm-dialog' data-testid='confirm-dialog'>
      <View className='confirm-dialog__mask' onClick={onCancel} aria-hidden='true' />
      <View className='confirm-dialog__box' role='dialog' aria-modal='true' aria-labelledby='confirm-dialog-title' aria-describedby='confirm-dialog-body'>
        <Text className='confirm-dialog__title' id='confirm-dialog-title'>{title}</Text>
        <Text className='confirm-dialog__body' id='confirm-dialog-body'>{body}</Text>
        <View className='confirm-dialog__actions'>
          <Button className='confirm-dialog__cancel' block fill='outline' onClick={onCancel}>
            {cancelText}
          </Button>
          <Button className={`confirm-dialog__confirm${danger ? ' confirm-dialog__confirm--danger' : ''}`} type={danger ? 'danger' : 'primary'} block onClick={onConfirm}>
            {confirmText}
          </Button>
        </View>
      </View>
    </View>
  )
}

export default ConfirmDialog

import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'

/**
 * The sync bar: what waits (and whether the phone is offline), what failed, or "已全部同步" —
 * the green line only when nothing waits and nothing failed.
 */
export function SyncBadge({
  pending,
  rejected = 0,
  online = true,
  syncing,
  error,
  onRetry
}: {
  pending: number
  rejected?: number
  online?: boolean
  syncing: boolean
  error: string | null
  onRetry: () => void
}) {
  const state = pending > 0 ? 'pending' : rejected > 0 ? 'failed' : 'synced'
  const text =
    pending > 0
      ? online
        ? `${syncing ? '正在同步' : '待同步'} ${pending} 条`
        : `离线：${pending} 条待同步，联网后自动上传`
      : rejected > 0
        ? `${rejected} 条未保存，请查看上方说明`
        : '已全部同步'
  return (
    <View className={`insp-sync insp-sync--${state}`} role='status' aria-live='polite' data-testid='sync-badge' data-state={state}>
      <Text className='insp-sync__text'>{text}</Text>
      {pending > 0 && online && (
        <Button className='insp-btn' size='small' type='primary' fill='outline' loading={syncing} disabled={syncing} onClick={onRetry} aria-label='立即重试同步'>
          重试
        </Button>
      )}
      {pending > 0 && online && error && <Text className='insp-sync__error'>{error}</Text>}
    </View>
  )
}

import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'

/** "待同步 N 条" with a retry button; green "已同步" when nothing waits. */
export function SyncBadge({ pending, syncing, error, onRetry }: { pending: number; syncing: boolean; error: string | null; onRetry: () => void }) {
  return (
    <View className={`insp-sync${pending > 0 ? ' insp-sync--pending' : ''}`} role='status' aria-live='polite' data-testid='sync-badge'>
      <Text className='insp-sync__text'>{pending > 0 ? `待同步 ${pending} 条` : '已全部同步'}</Text>
      {pending > 0 && error && <Text className='insp-sync__error'>{error}</Text>}
      {pending > 0 && (
        <Button size='small' type='primary' fill='outline' loading={syncing} disabled={syncing} onClick={onRetry} aria-label='立即重试同步'>
          重试
        </Button>
      )}
    </View>
  )
}

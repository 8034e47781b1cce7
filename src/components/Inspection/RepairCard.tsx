import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RepairOrder } from '../../../types'
import type { PickedFile } from '../../utils/files'
import { Field } from '../Field'
import { DefectCard } from './DefectCard'
import { PhotoPicker } from './PhotoPicker'
import { formatDate } from '../../utils/time'

/** One repair order; open ones can be marked fixed with an after photo. */
export function RepairCard({ repair, busy, onFixed }: { repair: RepairOrder; busy: boolean; onFixed: (photo: PickedFile, note: string) => Promise<string | null> }) {
  const [editing, setEditing] = useState(false)
  const [photos, setPhotos] = useState<PickedFile[]>([])
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const submit = async () => {
    if (photos.length === 0) return setError('请拍摄整改后的照片')
    setError(await onFixed(photos[0], note))
  }
  return (
    <View className='staff__card' data-testid='repair-card'>
      <Text className='staff__menu-title'>{repair.houseLabel}</Text>
      {/* the due date is in the defect card below; here only what needs attention */}
      {repair.status === 'fixed' ? (
        <Text className='staff__muted'>{`已整改 ${formatDate(repair.defect.fixedAt)}`}</Text>
      ) : repair.overdue ? (
        <Text className='staff__muted insp-overdue'>{`已逾期（整改期限 ${repair.dueDate ?? ''}）`}</Text>
      ) : null}
      <DefectCard defect={repair.defect} auth='staff' />
      {repair.status === 'open' && !editing && (
        <Button type='primary' block onClick={() => setEditing(true)}>
          标记已整改
        </Button>
      )}
      {repair.status === 'open' && editing && (
        <View className='insp-form'>
          <PhotoPicker photos={photos} onChange={setPhotos} max={1} label='拍摄整改后照片' />
          <Field label='整改说明' name={`repairNote${repair.id}`} value={note} onChange={setNote} maxLength={200} placeholder='例如 已重做防水层并闭水 48 小时' />
          {error && (
            <View className='insp-error' role='alert'>
              {error}
            </View>
          )}
          <View className='insp-form__actions'>
            <Button fill='outline' onClick={() => setEditing(false)}>
              取消
            </Button>
            <Button type='primary' loading={busy} disabled={busy} onClick={() => void submit()}>
              提交整改
            </Button>
          </View>
        </View>
      )}
    </View>
  )
}

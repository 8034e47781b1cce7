import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { DefectCategory, DefectSeverity } from '../../../types'
import { DEFECT_CATEGORIES, DEFECT_SEVERITIES } from './constants'
import type { PickedFile } from '../../utils/files'
import { Field } from '../Field'
import { Chips } from './Chips'
import { PhotoPicker } from './PhotoPicker'

export interface DefectDraft {
  room: string
  location: string
  category: DefectCategory
  severity: DefectSeverity
  description: string
}

/** Records one defect with camera photos; the entry goes to the offline queue. */
export function DefectForm({
  rooms,
  initialRoom,
  initialLocation,
  initialDescription,
  onSubmit,
  onCancel
}: {
  rooms: string[]
  initialRoom?: string
  /** pre-filled from the failed item (不合格 opens the form for it) */
  initialLocation?: string
  initialDescription?: string
  /** resolves an error message when the entry could not be kept */
  onSubmit: (d: DefectDraft, photos: PickedFile[]) => void | Promise<string | null | void>
  onCancel: () => void
}) {
  const [room, setRoom] = useState<string | null>(initialRoom ?? null)
  const [category, setCategory] = useState<DefectCategory | null>(null)
  const [severity, setSeverity] = useState<DefectSeverity | null>('一般')
  const [location, setLocation] = useState(initialLocation ?? '')
  const [description, setDescription] = useState(initialDescription ?? '')
  const [saving, setSaving] = useState(false)
  const [photos, setPhotos] = useState<PickedFile[]>([])
  const [error, setError] = useState<string | null>(null)

  const submit = async () => {
    if (!room) return setError('请选择房间')
    if (!category) return setError('请选择问题类别')
    if (!severity) return setError('请选择严重程度')
    // a pre-filled "X不合格：" with nothing after it says nothing yet
    if (!description.trim() || description.trim() === (initialDescription ?? '').trim()) return setError('请填写问题描述')
    if (photos.length === 0) return setError('请至少拍一张问题照片')
    setSaving(true)
    const err = await onSubmit({ room, location: location.trim(), category, severity, description: description.trim() }, photos)
    setSaving(false)
    if (err) setError(err)
  }

  return (
    <View className='insp-form' data-testid='defect-form'>
      <Text className='staff__subtitle'>{initialLocation ? `登记问题：${initialRoom ?? ''}·${initialLocation}` : '登记问题'}</Text>
      <Chips label='房间' options={rooms} value={room} onChange={setRoom} />
      <Chips label='类别' options={DEFECT_CATEGORIES} value={category} onChange={setCategory} />
      <Chips label='严重程度' options={DEFECT_SEVERITIES} value={severity} onChange={setSeverity} />
      <Field label='具体位置' name='defectLocation' value={location} onChange={setLocation} maxLength={60} placeholder='例如 北侧窗台下方' />
      <Field label='问题描述' name='defectDescription' value={description} onChange={setDescription} maxLength={500} placeholder='例如 墙角有水渍，闭水试验渗漏' required />
      <PhotoPicker photos={photos} onChange={setPhotos} label='拍摄问题照片' />
      {error && (
        <View className='insp-error' role='alert'>
          {error}
        </View>
      )}
      <View className='insp-form__actions'>
        <Button className='insp-btn' fill='outline' onClick={onCancel}>
          取消
        </Button>
        <Button className='insp-btn insp-btn--primary' type='primary' loading={saving} disabled={saving} onClick={() => void submit()}>
          保存问题
        </Button>
      </View>
    </View>
  )
}

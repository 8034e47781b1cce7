import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { PickedFile } from '../../utils/files'
import { pickFile } from '../../utils/pickFile'

/** Takes photos with the camera (album as fallback); shows how many are attached. */
export function PhotoPicker({ photos, onChange, max = 6, label = '拍照' }: { photos: PickedFile[]; onChange: (p: PickedFile[]) => void; max?: number; label?: string }) {
  const [error, setError] = useState<string | null>(null)
  const take = async (source: 'camera' | 'album') => {
    setError(null)
    const r = await pickFile(source)
    if (!r) return
    if (!r.ok) return setError(r.message)
    if (/\.pdf$/i.test(r.file.name)) return setError('请拍摄或选择照片（JPG、PNG）')
    onChange([...photos, r.file].slice(0, max))
  }
  return (
    <View className='insp-photos'>
      <View className='insp-photos__row'>
        <Button className='insp-btn' size='small' type='primary' fill='outline' disabled={photos.length >= max} onClick={() => void take('camera')} aria-label={label}>
          {label}
        </Button>
        <Button className='insp-btn' size='small' fill='outline' disabled={photos.length >= max} onClick={() => void take('album')} aria-label='从相册选择照片'>
          相册
        </Button>
        <Text className='insp-photos__count'>{photos.length > 0 ? `已添加 ${photos.length} 张` : '未添加照片'}</Text>
        {photos.length > 0 && (
          <View className='insp-btn-link' role='button' aria-label='清除已添加的照片' onClick={() => onChange([])}>
            清除
          </View>
        )}
      </View>
      {error && (
        <View className='insp-error' role='alert'>
          {error}
        </View>
      )}
    </View>
  )
}

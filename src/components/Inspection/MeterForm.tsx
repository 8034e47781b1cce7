import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { InspectionMeter, InspectionMeterKind } from '../../../types'
import { METER_KINDS, METER_LABELS } from './constants'
import type { PickedFile } from '../../utils/files'
import { Field } from '../Field'
import { Chips } from './Chips'
import { PhotoPicker } from './PhotoPicker'

/** Initial meter readings with a photo of the dial. */
export function MeterForm({ recorded, disabled, onSubmit }: { recorded: InspectionMeter[]; disabled?: boolean; onSubmit: (kind: InspectionMeterKind, value: number, photo: PickedFile | null) => void }) {
  const [kind, setKind] = useState<InspectionMeterKind | null>('water')
  const [value, setValue] = useState('')
  const [photos, setPhotos] = useState<PickedFile[]>([])
  const [error, setError] = useState<string | null>(null)
  const latest = (k: InspectionMeterKind) => [...recorded].reverse().find((m) => m.kind === k)

  const submit = () => {
    const v = Number(value)
    if (!kind) return setError('请选择表计')
    if (value.trim() === '' || !Number.isFinite(v) || v < 0 || v > 99999999) return setError('请输入正确的读数')
    if (photos.length === 0) return setError('请拍摄表盘照片')
    setError(null)
    onSubmit(kind, v, photos[0])
    setValue('')
    setPhotos([])
  }

  return (
    <View className='insp-form' data-testid='meter-form'>
      <Text className='staff__subtitle'>表计读数</Text>
      <View className='insp-meters'>
        {METER_KINDS.map((k) => {
          const m = latest(k)
          return <Text key={k} className='insp-meters__item'>{`${METER_LABELS[k]}：${m ? m.value : '未记录'}`}</Text>
        })}
      </View>
      {!disabled && (
        <>
          <Chips label='表计' options={METER_KINDS} value={kind} onChange={setKind} labels={METER_LABELS} />
          <Field label='读数' name='meterValue' type='digit' value={value} onChange={setValue} maxLength={12} placeholder='例如 12.5' />
          <PhotoPicker photos={photos} onChange={setPhotos} max={1} label='拍摄表盘' />
          {error && (
            <View className='insp-error' role='alert'>
              {error}
            </View>
          )}
          <Button type='primary' fill='outline' block onClick={submit}>
            保存读数
          </Button>
        </>
      )}
    </View>
  )
}

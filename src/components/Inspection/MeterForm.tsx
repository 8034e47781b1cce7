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
export function MeterForm({
  recorded,
  pending = [],
  disabled,
  onSubmit
}: {
  recorded: InspectionMeter[]
  /** readings waiting to sync, oldest first: shown as "电表：345.6（待同步）" */
  pending?: { kind: InspectionMeterKind; value: number }[]
  disabled?: boolean
  /** resolves an error message when the reading could not be kept */
  onSubmit: (kind: InspectionMeterKind, value: number, photo: PickedFile | null) => void | Promise<string | null | void>
}) {
  const [kind, setKind] = useState<InspectionMeterKind | null>('water')
  const [value, setValue] = useState('')
  const [photos, setPhotos] = useState<PickedFile[]>([])
  const [error, setError] = useState<string | null>(null)
  const latest = (k: InspectionMeterKind) => [...recorded].reverse().find((m) => m.kind === k)
  const waiting = (k: InspectionMeterKind) => [...pending].reverse().find((m) => m.kind === k)

  const submit = async () => {
    const v = Number(value)
    if (!kind) return setError('请选择表计')
    if (value.trim() === '' || !Number.isFinite(v) || v < 0 || v > 99999999) return setError('请输入正确的读数')
    if (photos.length === 0) return setError('请拍摄表盘照片')
    setError(null)
    const err = await onSubmit(kind, v, photos[0])
    if (err) return setError(err)
    setValue('')
    setPhotos([])
  }

  return (
    <View className='insp-form' data-testid='meter-form'>
      <Text className='staff__subtitle'>表计读数</Text>
      <View className='insp-meters'>
        {METER_KINDS.map((k) => {
          const w = waiting(k)
          const m = latest(k)
          return (
            <Text key={k} className={`insp-meters__item${w ? ' insp-meters__item--pending' : ''}`} data-testid={`meter-${k}`}>
              {`${METER_LABELS[k]}：${w ? `${w.value}（待同步）` : m ? m.value : '未记录'}`}
            </Text>
          )
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
          <Button className='insp-btn' type='primary' fill='outline' block onClick={() => void submit()}>
            保存读数
          </Button>
        </>
      )}
    </View>
  )
}

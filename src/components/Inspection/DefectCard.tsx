import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import type { Defect, DefectStatus } from '../../../types'
import { AuthPhoto } from './AuthPhoto'

export const DEFECT_STATUS_TEXT: Record<DefectStatus, string> = { open: '待整改', fixed: '已整改，待确认', confirmed: '已确认' }

/** One defect with before / after photos; `actions` go below (confirm button, mark fixed...). */
export function DefectCard({ defect, auth, children }: { defect: Defect; auth: 'staff' | 'owner'; children?: ReactNode }) {
  const d = defect
  return (
    <View className={`insp-defect insp-defect--${d.status}`} data-testid='defect-card'>
      <View className='insp-defect__head'>
        <Text className='insp-defect__title'>{`${d.room}${d.location ? `·${d.location}` : ''}`}</Text>
        <Text className={`insp-tag insp-tag--${d.status}`}>{DEFECT_STATUS_TEXT[d.status]}</Text>
      </View>
      <Text className='insp-defect__line'>{`${d.category}　严重程度：${d.severity}`}</Text>
      {d.dueDate && <Text className='insp-defect__line'>{`整改期限：${d.dueDate}`}</Text>}
      <Text className='insp-defect__line'>{d.description}</Text>
      {d.beforePhotos.length > 0 && (
        <View className='insp-defect__photos'>
          <Text className='insp-defect__caption'>整改前</Text>
          <View className='insp-defect__row'>
            {d.beforePhotos.map((p, i) => (
              <AuthPhoto key={p.id} url={p.url} auth={auth} label={`整改前照片 ${i + 1}`} />
            ))}
          </View>
        </View>
      )}
      {d.afterPhotos.length > 0 && (
        <View className='insp-defect__photos'>
          <Text className='insp-defect__caption'>整改后</Text>
          <View className='insp-defect__row'>
            {d.afterPhotos.map((p, i) => (
              <AuthPhoto key={p.id} url={p.url} auth={auth} label={`整改后照片 ${i + 1}`} />
            ))}
          </View>
        </View>
      )}
      {d.fixNote && <Text className='insp-defect__line'>{`整改说明：${d.fixNote}`}</Text>}
      {children}
    </View>
  )
}

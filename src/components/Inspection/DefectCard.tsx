import { useState, type ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import type { Defect, DefectStatus } from '../../../types'
import { AuthPhoto } from './AuthPhoto'
import { PhotoViewer } from './PhotoViewer'

export const DEFECT_STATUS_TEXT: Record<DefectStatus, string> = { open: '待整改', fixed: '已整改，待确认', confirmed: '已确认' }

/** One defect with before / after photos side by side (tap one: full screen); `actions` go below (confirm button, mark fixed...). */
export function DefectCard({ defect, auth, children }: { defect: Defect; auth: 'staff' | 'owner'; children?: ReactNode }) {
  const d = defect
  const [srcs, setSrcs] = useState<Record<number, string>>({})
  const [viewing, setViewing] = useState<number | null>(null)
  const all = [
    ...d.beforePhotos.map((p, i) => ({ id: p.id, url: p.url, label: `整改前照片 ${i + 1}`, kind: 'before' as const })),
    ...d.afterPhotos.map((p, i) => ({ id: p.id, url: p.url, label: `整改后照片 ${i + 1}`, kind: 'after' as const }))
  ]
  const loaded = all.filter((p) => srcs[p.id])
  const photo = (p: (typeof all)[number]) => (
    <AuthPhoto
      key={p.id}
      url={p.url}
      auth={auth}
      label={p.label}
      testId={`photo-${p.kind}`}
      onLoaded={(src) => setSrcs((m) => ({ ...m, [p.id]: src }))}
      onOpen={() => setViewing(p.id)}
    />
  )
  const both = d.beforePhotos.length > 0 && d.afterPhotos.length > 0
  return (
    <View className={`insp-defect insp-defect--${d.status}`} data-testid='defect-card'>
      <View className='insp-defect__head'>
        <Text className='insp-defect__title'>{`${d.room}${d.location ? `·${d.location}` : ''}`}</Text>
        <Text className={`insp-tag insp-tag--${d.status}`}>{DEFECT_STATUS_TEXT[d.status]}</Text>
      </View>
      <Text className='insp-defect__line'>{`${d.category}　严重程度：${d.severity}`}</Text>
      {d.dueDate && <Text className='insp-defect__line'>{`整改期限：${d.dueDate}`}</Text>}
      <Text className='insp-defect__line'>{d.description}</Text>
      {all.length > 0 && (
        <View className={`insp-compare${both ? ' insp-compare--both' : ''}`}>
          {d.beforePhotos.length > 0 && (
            <View className='insp-compare__col'>
              <Text className='insp-defect__caption'>整改前</Text>
              {all.filter((p) => p.kind === 'before').map(photo)}
            </View>
          )}
          {d.afterPhotos.length > 0 && (
            <View className='insp-compare__col'>
              <Text className='insp-defect__caption'>整改后</Text>
              {all.filter((p) => p.kind === 'after').map(photo)}
            </View>
          )}
        </View>
      )}
      {all.length > 0 && <Text className='insp-defect__hint'>点按照片可全屏查看、放大</Text>}
      {d.fixNote && <Text className='insp-defect__line'>{`整改说明：${d.fixNote}`}</Text>}
      {children}
      {viewing !== null && loaded.length > 0 && (
        <PhotoViewer
          photos={loaded.map((p) => ({ src: srcs[p.id], label: p.label }))}
          index={Math.max(0, loaded.findIndex((p) => p.id === viewing))}
          onClose={() => setViewing(null)}
        />
      )}
    </View>
  )
}

import { useRef, useState } from 'react'
import { Image, ScrollView, Text, View } from '@tarojs/components'

export interface ViewerPhoto {
  src: string
  label: string
}

const MIN = 1
const MAX = 4

/**
 * Full screen, uncropped (aspectFit), zoom by pinch or the buttons (the enlarged image
 * scrolls both ways), previous / next across the defect's before and after photos. Its own
 * component, not the platform preview: the photos are data URLs fetched with the bearer token,
 * which WeChat's previewImage cannot show.
 */
export function PhotoViewer({ photos, index, onClose }: { photos: ViewerPhoto[]; index: number; onClose: () => void }) {
  const [at, setAt] = useState(Math.min(Math.max(index, 0), photos.length - 1))
  const [scale, setScale] = useState(1)
  const pinch = useRef<{ dist: number; scale: number } | null>(null)
  const p = photos[at]
  if (!p) return null
  const zoom = (s: number) => setScale(Math.round(Math.min(MAX, Math.max(MIN, s)) * 100) / 100)
  const go = (d: number) => {
    setAt((i) => (i + d + photos.length) % photos.length)
    setScale(1)
  }
  type T = { touches: ArrayLike<{ clientX: number; clientY: number }> }
  const dist = (e: T) => Math.hypot(e.touches[0].clientX - e.touches[1].clientX, e.touches[0].clientY - e.touches[1].clientY)
  const size = `${scale * 100}%`
  return (
    <View className='insp-viewer' role='dialog' aria-modal='true' aria-label={`${p.label}（${at + 1}/${photos.length}）`} data-testid='photo-viewer'>
      <View className='insp-viewer__bar'>
        <Text className='insp-viewer__title'>{`${p.label}　${at + 1}/${photos.length}`}</Text>
        <View className='insp-viewer__btn' role='button' aria-label='关闭' onClick={onClose}>
          关闭
        </View>
      </View>
      <ScrollView
        className='insp-viewer__stage'
        scrollX
        scrollY
        onTouchStart={(e) => {
          if ((e as unknown as T).touches.length === 2) pinch.current = { dist: dist(e as unknown as T), scale }
        }}
        onTouchMove={(e) => {
          const t = e as unknown as T
          if (pinch.current && t.touches.length === 2) zoom((pinch.current.scale * dist(t)) / pinch.current.dist)
        }}
        onTouchEnd={() => {
          pinch.current = null
        }}
      >
        <Image className='insp-viewer__img' src={p.src} mode='aspectFit' style={{ width: size, height: size }} nativeProps={{ alt: p.label }} />
      </ScrollView>
      <View className='insp-viewer__bar'>
        {photos.length > 1 && (
          <View className='insp-viewer__btn' role='button' aria-label='上一张' onClick={() => go(-1)}>
            上一张
          </View>
        )}
        <View className='insp-viewer__btn' role='button' aria-label='缩小' aria-disabled={scale <= MIN ? 'true' : 'false'} onClick={() => zoom(scale / 1.5)}>
          缩小
        </View>
        <Text className='insp-viewer__scale'>{`${Math.round(scale * 100)}%`}</Text>
        <View className='insp-viewer__btn' role='button' aria-label='放大' aria-disabled={scale >= MAX ? 'true' : 'false'} onClick={() => zoom(scale * 1.5)}>
          放大
        </View>
        {photos.length > 1 && (
          <View className='insp-viewer__btn' role='button' aria-label='下一张' onClick={() => go(1)}>
            下一张
          </View>
        )}
      </View>
    </View>
  )
}

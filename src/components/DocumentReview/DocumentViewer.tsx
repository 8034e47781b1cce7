import { useState } from 'react'
import { Image, ScrollView, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'

const MIN = 1
const MAX = 4
const STEP = 1.5

export interface ViewerImage {
  /** a data URL (the file is fetched with the staff token: no bare URL can show it) */
  src: string
  label: string
}

/**
 * The reviewer's in-app viewer for an ID photo or a scanned page: zoom (the enlarged image
 * scrolls both ways) and rotate by quarter turns (a sideways phone photo of an ID card), over
 * the review screen, closed back to it. NutUI's ImagePreview zooms but cannot rotate, and the
 * platform preview cannot show a data URL on every target, hence this small viewer.
 */
export function DocumentViewer({ image, onClose }: { image: ViewerImage; onClose: () => void }) {
  const [scale, setScale] = useState(1)
  const [turn, setTurn] = useState(0)
  const zoom = (s: number) => setScale(Math.round(Math.min(MAX, Math.max(MIN, s)) * 100) / 100)
  const quarter = turn % 2 === 1
  return (
    <View className='doc-viewer' role='dialog' aria-modal='true' aria-label={`查看${image.label}`} data-testid='document-viewer'>
      <View className='doc-viewer__bar'>
        <Text className='doc-viewer__title'>{image.label}</Text>
        <Button className='doc-viewer__btn' size='small' fill='outline' onClick={onClose} aria-label='关闭查看'>
          关闭
        </Button>
      </View>
      <ScrollView className='doc-viewer__stage' scrollX scrollY>
        <View
          className='doc-viewer__frame'
          data-testid='document-viewer-frame'
          data-scale={String(scale)}
          data-rotate={String(turn * 90)}
          style={{ width: `${scale * 100}%`, height: `${scale * 100}%` }}
        >
          <Image
            className='doc-viewer__img'
            src={image.src}
            mode='aspectFit'
            // a quarter turn swaps width and height: shrink so the turned photo still fits whole
            style={{ transform: `rotate(${turn * 90}deg)${quarter ? ' scale(0.7)' : ''}` }}
            nativeProps={{ alt: image.label }}
          />
        </View>
      </ScrollView>
      <View className='doc-viewer__bar' role='toolbar' aria-label='查看工具'>
        <Button className='doc-viewer__btn' size='small' disabled={scale <= MIN} onClick={() => zoom(scale / STEP)} aria-label='缩小'>
          缩小
        </Button>
        <Text className='doc-viewer__scale' aria-live='polite'>{`${Math.round(scale * 100)}%`}</Text>
        <Button className='doc-viewer__btn' size='small' disabled={scale >= MAX} onClick={() => zoom(scale * STEP)} aria-label='放大'>
          放大
        </Button>
        <Button className='doc-viewer__btn' size='small' onClick={() => setTurn((t) => (t + 1) % 4)} aria-label='向右旋转 90 度'>
          旋转
        </Button>
      </View>
    </View>
  )
}

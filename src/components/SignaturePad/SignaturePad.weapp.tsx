import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Canvas, Text, View } from '@tarojs/components'
import { SignatureControls } from './Controls'
import { preparePaper, StrokeTracker, type Ctx2d, type Point } from './strokes'
import type { SignaturePadProps } from './types'
import './index.scss'

interface CanvasNode {
  width: number
  height: number
  getContext(kind: '2d'): Ctx2d
  toDataURL(type?: string, quality?: number): string
}

interface CanvasTouch {
  x?: number
  y?: number
}

let seq = 0

/**
 * Mini-program signature pad: Canvas type="2d" (base library 2.9+), touch events carrying
 * canvas-relative x/y, `disableScroll` so a stroke never drags the page, and the 2d node's
 * toDataURL for the PNG.
 */
export function SignaturePad({
  onConfirm,
  onChange,
  label = '签名区域',
  placeholder = '请在此处手写签名',
  confirmText = '确认签名',
  height = 200,
  disabled = false,
  onError
}: SignaturePadProps) {
  const idRef = useRef(`signature-pad-${++seq}`)
  const nodeRef = useRef<CanvasNode | null>(null)
  const ctxRef = useRef<Ctx2d | null>(null)
  const sizeRef = useRef({ width: 0, height })
  const tracker = useRef(new StrokeTracker())
  const [hasInk, setHasInk] = useState(false)
  const [busy, setBusy] = useState(false)
  const live = !!onChange

  /** The drawing as a PNG data URL, or null (with the reason shown) when it cannot be made. */
  const exportPng = (): string | null => {
    const node = nodeRef.current
    if (!node) return null
    let url = ''
    try {
      url = node.toDataURL('image/png')
    } catch {
      url = ''
    }
    if (!url.startsWith('data:image/png;base64,')) {
      onError?.('无法生成签名图片，请升级微信后重试')
      return null
    }
    return url
  }

  const paint = useCallback(() => {
    const node = nodeRef.current
    if (!node) return
    const { width } = sizeRef.current
    const dpr = Math.min(3, Math.max(1, Taro.getSystemInfoSync().pixelRatio || 1))
    node.width = Math.round(width * dpr)
    node.height = Math.round(height * dpr)
    const ctx = node.getContext('2d')
    ctxRef.current = ctx
    preparePaper(ctx, width, height, dpr)
    tracker.current.reset()
    setHasInk(false)
  }, [height])

  useEffect(() => {
    let cancelled = false
    Taro.nextTick(() => {
      Taro.createSelectorQuery()
        .select(`#${idRef.current}`)
        .fields({ node: true, size: true })
        .exec((res: { node?: CanvasNode; width?: number; height?: number }[]) => {
          const r = res?.[0]
          if (cancelled || !r?.node) return
          nodeRef.current = r.node
          sizeRef.current = { width: r.width || 320, height }
          paint()
        })
    })
    return () => {
      cancelled = true
    }
  }, [paint, height])

  const pointOf = (e: { touches?: CanvasTouch[]; changedTouches?: CanvasTouch[] }): Point | null => {
    const t = e.touches?.[0] ?? e.changedTouches?.[0]
    if (!t || typeof t.x !== 'number' || typeof t.y !== 'number') return null
    return { x: t.x, y: t.y }
  }

  const onStart = (e: { touches?: CanvasTouch[] }) => {
    const p = pointOf(e)
    if (!p || disabled || busy) return
    tracker.current.begin(p, ctxRef.current)
  }
  const onMove = (e: { touches?: CanvasTouch[] }) => {
    const p = pointOf(e)
    if (p && tracker.current.move(p, ctxRef.current) && tracker.current.hasInk && !hasInk) setHasInk(true)
  }
  const onEnd = () => {
    const open = tracker.current.end()
    // drawing is signing: the parent holds the current drawing after every stroke
    if (open && onChange && tracker.current.hasInk) {
      if (!hasInk) setHasInk(true)
      const url = exportPng()
      if (url) onChange(url)
    }
  }
  const clear = () => {
    paint()
    onChange?.(null)
  }

  const confirm = async () => {
    if (!nodeRef.current || !tracker.current.hasInk || !onConfirm) return
    const url = exportPng()
    if (!url) return
    setBusy(true)
    try {
      await onConfirm(url)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='signature-pad'>
      <View className='signature-pad__area' style={{ height: `${height}px` }} aria-label={label} aria-role='img'>
        <Canvas
          id={idRef.current}
          type='2d'
          className='signature-pad__canvas'
          style={{ height: `${height}px` }}
          disableScroll
          onTouchStart={onStart as never}
          onTouchMove={onMove as never}
          onTouchEnd={onEnd}
          onTouchCancel={onEnd}
        />
        {!hasInk && (
          <Text className='signature-pad__placeholder' aria-hidden='true'>
            {placeholder}
          </Text>
        )}
      </View>
      <SignatureControls hasInk={hasInk} busy={busy} disabled={disabled} confirmText={confirmText} live={live} onClear={clear} onConfirm={confirm} />
    </View>
  )
}

export default SignaturePad

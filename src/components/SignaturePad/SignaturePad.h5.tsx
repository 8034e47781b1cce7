import { useCallback, useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { SignatureControls } from './Controls'
import { preparePaper, StrokeTracker, type Ctx2d, type Point } from './strokes'
import type { SignaturePadProps } from './types'
import './index.scss'

/**
 * H5 signature pad over a DOM <canvas>: pointer events where the browser has them (pen,
 * mouse, touch alike), touch and mouse events otherwise. Listeners are native and
 * non-passive so a stroke never scrolls the page.
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
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const ctxRef = useRef<Ctx2d | null>(null)
  const tracker = useRef(new StrokeTracker())
  const [hasInk, setHasInk] = useState(false)
  const [busy, setBusy] = useState(false)
  const disabledRef = useRef(disabled)
  disabledRef.current = disabled || busy
  const live = !!onChange
  // read by the native stroke listeners, which are bound once
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange
  const onErrorRef = useRef(onError)
  onErrorRef.current = onError

  /** The drawing as a PNG data URL, or null (with the reason shown) when it cannot be made. */
  const exportPng = useCallback((): string | null => {
    const canvas = canvasRef.current
    if (!canvas) return null
    let url = ''
    try {
      url = canvas.toDataURL('image/png')
    } catch {
      url = ''
    }
    if (!url.startsWith('data:image/png;base64,')) {
      onErrorRef.current?.('无法生成签名图片，请清除后重新签名')
      return null
    }
    return url
  }, [])

  const setupPaper = useCallback(() => {
    const canvas = canvasRef.current
    if (!canvas) return
    const width = canvas.clientWidth || canvas.parentElement?.clientWidth || 320
    const dpr = Math.min(3, Math.max(1, window.devicePixelRatio || 1))
    canvas.width = Math.round(width * dpr)
    canvas.height = Math.round(height * dpr)
    const ctx = canvas.getContext('2d') as unknown as Ctx2d | null
    ctxRef.current = ctx
    if (ctx) preparePaper(ctx, width, height, dpr)
    tracker.current.reset()
    setHasInk(false)
  }, [height])

  const clear = useCallback(() => {
    setupPaper()
    onChangeRef.current?.(null)
  }, [setupPaper])

  useEffect(() => {
    setupPaper()
    const canvas = canvasRef.current
    if (!canvas) return
    const at = (clientX: number, clientY: number): Point => {
      const r = canvas.getBoundingClientRect()
      return { x: clientX - r.left, y: clientY - r.top }
    }
    const start = (p: Point) => {
      if (disabledRef.current) return
      tracker.current.begin(p, ctxRef.current)
    }
    const move = (p: Point) => {
      if (tracker.current.move(p, ctxRef.current) && tracker.current.hasInk) setHasInk(true)
    }
    const end = () => {
      const open = tracker.current.end()
      // drawing is signing: the parent holds the current drawing after every stroke
      if (open && onChangeRef.current && tracker.current.hasInk) {
        const url = exportPng()
        if (url) onChangeRef.current(url)
      }
    }

    const off: (() => void)[] = []
    const on = <K extends keyof HTMLElementEventMap>(type: K, fn: (e: HTMLElementEventMap[K]) => void, target: EventTarget = canvas) => {
      const h = fn as EventListener
      target.addEventListener(type, h, { passive: false })
      off.push(() => target.removeEventListener(type, h))
    }
    if (typeof window.PointerEvent === 'function') {
      on('pointerdown', (e) => {
        e.preventDefault()
        canvas.setPointerCapture?.(e.pointerId)
        start(at(e.clientX, e.clientY))
      })
      on('pointermove', (e) => {
        e.preventDefault()
        move(at(e.clientX, e.clientY))
      })
      on('pointerup', end)
      on('pointercancel', end)
    } else {
      on('touchstart', (e) => {
        e.preventDefault()
        const t = e.touches[0]
        if (t) start(at(t.clientX, t.clientY))
      })
      on('touchmove', (e) => {
        e.preventDefault()
        const t = e.touches[0]
        if (t) move(at(t.clientX, t.clientY))
      })
      on('touchend', end)
      on('touchcancel', end)
      on('mousedown', (e) => start(at(e.clientX, e.clientY)))
      on('mousemove', (e) => move(at(e.clientX, e.clientY)))
      on('mouseup', end, window)
    }
    return () => off.forEach((f) => f())
  }, [setupPaper, exportPng])

  const confirm = async () => {
    if (!canvasRef.current || !tracker.current.hasInk || !onConfirm) return
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
      <View className='signature-pad__area' style={{ height: `${height}px` }}>
        <canvas
          ref={canvasRef}
          className='signature-pad__canvas'
          style={{ height: `${height}px` }}
          role='img'
          aria-label={label}
          data-testid='signature-canvas'
        />
        {!hasInk && (
          <Text className='signature-pad__placeholder' aria-hidden='true'>
            {placeholder}
          </Text>
        )}
      </View>
      <SignatureControls
        hasInk={hasInk}
        busy={busy}
        disabled={disabled}
        confirmText={confirmText}
        live={live}
        onClear={clear}
        onConfirm={confirm}
      />
    </View>
  )
}

export default SignaturePad

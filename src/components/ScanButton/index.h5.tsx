import { useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import jsQR from 'jsqr'
import './index.scss'

export interface ScanButtonProps {
  /** the decoded text of the first QR code seen */
  onCode: (text: string) => void
  disabled?: boolean
}

/** How often a camera frame is decoded (ms): fast enough to feel instant, light on old phones. */
const SCAN_EVERY_MS = 200

/**
 * H5: the back camera through getUserMedia, frames decoded by jsQR on a canvas. The stream is
 * stopped as soon as a code is read, on 取消扫码 and when the page goes away.
 */
export function ScanButton({ onCode, disabled }: ScanButtonProps) {
  const [open, setOpen] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const videoRef = useRef<HTMLVideoElement | null>(null)
  const onCodeRef = useRef(onCode)
  onCodeRef.current = onCode

  useEffect(() => {
    if (!open) return
    let stream: MediaStream | null = null
    let timer: ReturnType<typeof setInterval> | null = null
    let stopped = false
    const canvas = document.createElement('canvas')
    const stop = () => {
      stopped = true
      if (timer) clearInterval(timer)
      stream?.getTracks().forEach((t) => t.stop())
    }
    const start = async () => {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error('no camera')
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      if (stopped) return stop()
      const video = videoRef.current
      if (!video) return stop()
      video.srcObject = stream
      video.setAttribute('playsinline', 'true')
      await video.play().catch(() => undefined)
      timer = setInterval(() => {
        if (!video.videoWidth) return
        canvas.width = video.videoWidth
        canvas.height = video.videoHeight
        const ctx = canvas.getContext('2d', { willReadFrequently: true })
        if (!ctx) return
        ctx.drawImage(video, 0, 0, canvas.width, canvas.height)
        const img = ctx.getImageData(0, 0, canvas.width, canvas.height)
        const found = jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' })
        if (found?.data) {
          stop()
          setOpen(false)
          onCodeRef.current(found.data)
        }
      }, SCAN_EVERY_MS)
    }
    start().catch(() => {
      stop()
      setOpen(false)
      setError('无法打开摄像头：请允许使用摄像头，或改用数字签到码 / 房号签到')
    })
    return stop
  }, [open])

  return (
    <View className='scan-button'>
      {open ? (
        <View className='scan-button__view' data-testid='scan-view'>
          <video ref={videoRef} className='scan-button__video' muted playsInline aria-label='摄像头画面' />
          <Text className='scan-button__hint'>请将业主手机上的签到二维码放入画面中</Text>
          <Button block fill='outline' onClick={() => setOpen(false)}>
            取消扫码
          </Button>
        </View>
      ) : (
        <Button
          block
          type='primary'
          size='large'
          disabled={disabled}
          onClick={() => {
            setError(null)
            setOpen(true)
          }}
        >
          扫码签到
        </Button>
      )}
      {error && (
        <View role='alert'>
          <Text className='scan-button__error'>{error}</Text>
        </View>
      )}
    </View>
  )
}

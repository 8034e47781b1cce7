import { useEffect, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import { fetchPhotoDataUrl } from '../../api/inspections'

/**
 * A photo behind a bearer-protected URL (an <Image src> cannot send the token), fetched as a
 * data URL and shown whole (aspectFit: text in it is never cut). With `onOpen`, a tap opens it
 * full screen.
 */
export function AuthPhoto({ url, auth, label, onOpen, onLoaded, testId }: { url: string; auth: 'staff' | 'owner'; label: string; onOpen?: (src: string) => void; onLoaded?: (src: string) => void; testId?: string }) {
  const [src, setSrc] = useState<string | null>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    let alive = true
    void fetchPhotoDataUrl(url, auth).then((r) => {
      if (!alive) return
      if (r.ok) {
        setSrc(r.data)
        onLoaded?.(r.data)
      } else setFailed(true)
    })
    return () => {
      alive = false
    }
    // onLoaded is a notification; a new function each render must not refetch
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url, auth])
  if (failed) {
    return (
      <View className='insp-photo insp-photo--failed' aria-label={`${label}加载失败`} data-testid={testId}>
        <Text>照片加载失败</Text>
      </View>
    )
  }
  const open = src && onOpen ? () => onOpen(src) : undefined
  return (
    <View
      className={`insp-photo${open ? ' insp-photo--open' : ''}`}
      role={open ? 'button' : 'img'}
      aria-label={open ? `放大查看${label}` : label}
      data-testid={testId}
      onClick={open}
    >
      {/* the wrapper carries the name; the H5 <img> inside is decorative */}
      {src ? <Image className='insp-photo__img' src={src} mode='aspectFit' nativeProps={{ alt: '' }} /> : <Text className='insp-photo__loading'>加载中</Text>}
    </View>
  )
}

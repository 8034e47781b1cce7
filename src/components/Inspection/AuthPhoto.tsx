import { useEffect, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import { fetchPhotoDataUrl } from '../../api/inspections'

/** A photo behind a bearer-protected URL (an <Image src> cannot send the token), fetched as a data URL. */
export function AuthPhoto({ url, auth, label }: { url: string; auth: 'staff' | 'owner'; label: string }) {
  const [src, setSrc] = useState<string | null>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    let alive = true
    void fetchPhotoDataUrl(url, auth).then((r) => {
      if (!alive) return
      if (r.ok) setSrc(r.data)
      else setFailed(true)
    })
    return () => {
      alive = false
    }
  }, [url, auth])
  if (failed) {
    return (
      <View className='insp-photo insp-photo--failed' aria-label={`${label}加载失败`}>
        <Text>照片加载失败</Text>
      </View>
    )
  }
  return (
    <View className='insp-photo' role='img' aria-label={label}>
      {/* the wrapper carries the name; the H5 <img> inside is decorative */}
      {src ? <Image className='insp-photo__img' src={src} mode='aspectFill' nativeProps={{ alt: '' }} /> : <Text className='insp-photo__loading'>加载中</Text>}
    </View>
  )
}

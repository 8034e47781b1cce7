import { PageMeta } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { PrivacyDialog } from '../PrivacyDialog'

interface ChromeProps {
  title: string
  root: boolean
  care: boolean
}

/** Beyond this the 750rpx layouts stop fitting a phone: text wraps, nothing overlaps. */
const MAX_ZOOM = 1.6
const CARE_ZOOM = 1.2

let systemFactor: number | null = null

/** WeChat's own font setting (设置 → 字体大小): 1 at the standard size, larger above. */
function fontSizeScaleFactor(): number {
  if (systemFactor !== null) return systemFactor
  try {
    const info = Taro.getAppBaseInfo?.() as { fontSizeScaleFactor?: number } | undefined
    const f = Number(info?.fontSizeScaleFactor)
    systemFactor = Number.isFinite(f) && f > 0 ? f : 1
  } catch {
    systemFactor = 1
  }
  return systemFactor
}

export function pageZoom(care: boolean, factor: number): number {
  const z = Math.max(care ? CARE_ZOOM : 1, factor)
  return Math.min(MAX_ZOOM, Math.round(z * 100) / 100)
}

/**
 * weapp: WeChat draws the title bar. Our sizes are rpx, which WeChat's font setting does
 * not touch, so the page (page-meta page-style, enablePageMeta in each page config) is
 * zoomed by that setting (getAppBaseInfo().fontSizeScaleFactor) or by 长辈模式, whichever
 * is larger. (Taro 4.2's page-meta template has no page-font-size attribute to pass on.)
 */
export function PageChrome({ care }: ChromeProps) {
  const zoom = pageZoom(care, fontSizeScaleFactor())
  return (
    <>
      <PageMeta pageStyle={zoom === 1 ? '' : `zoom:${zoom};`} />
      <PrivacyDialog />
    </>
  )
}

import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { PAGES } from '../../routes'
import './index.scss'

export interface FaqLinkProps {
  /** category code or title, e.g. 费用与缴费 */
  category?: string
  /** search words, e.g. 如何缴费 */
  q?: string
  /** link text; defaults to the question words */
  children?: string
}

/** `/owner/faq/index?category=…&q=…` */
export function faqUrl(p: { category?: string; q?: string; token?: string }): string {
  const parts = Object.entries(p)
    .filter(([, v]) => typeof v === 'string' && v.trim() !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent((v as string).trim())}`)
  return parts.length ? `${PAGES.faq}?${parts.join('&')}` : PAGES.faq
}

/** A small "常见问题" link any stage page can drop in: <FaqLink category="费用与缴费" q="如何缴费" />. */
export function FaqLink({ category, q, children }: FaqLinkProps) {
  const text = children ?? (q ? `常见问题：${q}？` : `常见问题：${category ?? '全部'}`)
  return (
    <View className='faq-link' role='link' aria-label={text} onClick={() => void Taro.navigateTo({ url: faqUrl({ category, q }) })}>
      <Text className='faq-link__icon' aria-hidden='true'>
        ?
      </Text>
      <Text className='faq-link__text'>{text}</Text>
    </View>
  )
}

export default FaqLink

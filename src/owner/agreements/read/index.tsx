import { useEffect, useState } from 'react'
import { ScrollView, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { InlineError } from '../../../components/InlineError'
import { SignaturePad } from '../../../components/SignaturePad'
import { submitSignature, useAgreementDetail } from '../../../hooks/useAgreements'
import { PAGES } from '../../../routes'
import './index.scss'
import { withPage } from '../../../components/Page'

const SCROLL_ID = 'agreement-scroll'

/**
 * owner/agreements/read?id=: the full text in a scroll view; 我已阅读并同意 unlocks only once
 * the owner scrolled to the end; then the signature pad; then the signed copy.
 */
function AgreementReadPage() {
  const { params } = useRouter()
  const id = Number(params.id) || 0
  const { state } = useAgreementDetail(id)
  const [readToEnd, setReadToEnd] = useState(false)
  const [signing, setSigning] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const detail = state.phase === 'ready' ? state.data : null

  // A text shorter than the view has no end to scroll to: it is read as soon as it is shown.
  useEffect(() => {
    if (!detail) return
    const timer = setTimeout(() => {
      Taro.createSelectorQuery()
        .select(`#${SCROLL_ID}`)
        .fields({ size: true, scrollOffset: true }, (r: { height?: number; scrollHeight?: number } | null) => {
          if (r && r.height && r.scrollHeight && r.scrollHeight <= r.height + 8) setReadToEnd(true)
        })
        .exec()
    }, 300)
    return () => clearTimeout(timer)
  }, [detail])

  if (state.phase === 'loading') {
    return (
      <View className='agreement-read' aria-busy='true'>
        <Text className='agreement-read__muted'>正在读取协议全文…</Text>
      </View>
    )
  }
  if (state.phase === 'error' || !detail) {
    return (
      <View className='agreement-read'>
        <InlineError message={state.phase === 'error' ? state.message : '协议不存在'} testId='agreement-error' />
        <Button type='primary' block onClick={() => void Taro.redirectTo({ url: PAGES.agreements })}>
          返回协议列表
        </Button>
      </View>
    )
  }

  if (detail.signed) {
    return (
      <View className='agreement-read'>
        <Text className='agreement-read__title'>《{detail.title}》已签署</Text>
        <Button type='primary' block onClick={() => void Taro.redirectTo({ url: `${PAGES.agreementSigned}?id=${detail.id}` })}>
          查看签署副本
        </Button>
      </View>
    )
  }

  const onSign = async (png: string) => {
    setError(null)
    const r = await submitSignature(detail, png)
    if (r.ok || r.code === 'ALREADY_SIGNED') {
      if (r.ok) void Taro.showToast({ title: '签署成功', icon: 'success' })
      // the signed copy says it worked (a toast does not survive the page change)
      void Taro.redirectTo({ url: `${PAGES.agreementSigned}?id=${detail.id}${r.ok ? '&signed=1' : ''}` })
      return
    }
    if (r.code === 'AGREEMENT_VERSION_STALE') {
      // a new version was published while reading: it must be read from the start
      await Taro.showModal({ title: '协议已更新', content: r.message, showCancel: false, confirmText: '重新阅读' })
      void Taro.redirectTo({ url: PAGES.agreements })
      return
    }
    setError(r.message)
  }

  return (
    <View className='agreement-read'>
      <View className='agreement-read__head'>
        <Text className='agreement-read__title'>《{detail.title}》</Text>
        <Text className='agreement-read__meta'>
          第 {detail.version} 版 · {detail.communityName} {detail.houseLabel}
        </Text>
      </View>
      <ScrollView
        id={SCROLL_ID}
        className={`agreement-read__scroll${signing ? ' agreement-read__scroll--short' : ''}`}
        scrollY
        lowerThreshold={40}
        onScrollToLower={() => setReadToEnd(true)}
        aria-label='协议全文'
        data-testid='agreement-scroll'
      >
        <Text className='agreement-read__body' userSelect>
          {detail.body}
        </Text>
        <Text className='agreement-read__end'>— 协议全文完 —</Text>
      </ScrollView>

      <InlineError message={error} testId='sign-error' />

      {!signing ? (
        <View className='agreement-read__footer'>
          <Text className='agreement-read__hint' aria-live='polite'>
            {readToEnd ? '您已阅读至协议末尾' : '请滑动阅读至协议末尾后签署'}
          </Text>
          <Button type='primary' block disabled={!readToEnd} onClick={() => setSigning(true)}>
            我已阅读并同意
          </Button>
        </View>
      ) : (
        <View className='agreement-read__sign'>
          <Text className='agreement-read__hint'>请在下方框内手写签名，签名将与协议文本一同存证。</Text>
          <SignaturePad onConfirm={onSign} confirmText='确认签署' onError={setError} />
        </View>
      )}
    </View>
  )
}

export default withPage(AgreementReadPage)

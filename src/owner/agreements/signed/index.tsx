import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { InlineError } from '../../../components/InlineError'
import { useSignedAgreement } from '../../../hooks/useAgreements'
import { PAGES } from '../../../routes'
import { formatDateTime } from '../../../utils/time'
import './index.scss'
import { withPage } from '../../../components/Page'
import { SavePdfButton } from '../../../components/SavePdfButton'

/** owner/agreements/signed?id=: the signed copy — text, signature, time and the evidence hash. */
function AgreementSignedPage() {
  const { params } = useRouter()
  const id = Number(params.id) || 0
  const { state, reload, image, imageError } = useSignedAgreement(id)

  if (state.phase === 'loading') {
    return (
      <View className='agreement-signed' aria-busy='true'>
        <Text className='agreement-signed__muted'>正在读取签署副本…</Text>
      </View>
    )
  }
  if (state.phase === 'error') {
    return (
      <View className='agreement-signed'>
        <InlineError message={state.message} testId='signed-error' />
        <Button type='primary' block onClick={() => void reload()}>
          重新加载
        </Button>
      </View>
    )
  }

  const c = state.data
  return (
    <View className='agreement-signed'>
      {params.signed === '1' && (
        <View className='agreement-signed__success' role='status' aria-live='polite' data-testid='signed-success'>
          <Text className='agreement-signed__success-title'>签署成功</Text>
          <Text className='agreement-signed__success-text'>{`《${c.title}》已签署并存证，下方是您的签署副本，可保存 PDF。`}</Text>
        </View>
      )}
      <View className='agreement-signed__card'>
        <Text className='agreement-signed__title'>《{c.title}》</Text>
        <Text className='agreement-signed__meta'>
          第 {c.version} 版 · {c.communityName} {c.houseLabel}
        </Text>
        <Text className='agreement-signed__body' userSelect>
          {c.body}
        </Text>
      </View>

      <View className='agreement-signed__card' data-testid='signed-info'>
        <Text className='agreement-signed__label'>签署人</Text>
        <Text className='agreement-signed__value'>{c.signer}</Text>
        <Text className='agreement-signed__label'>签署时间</Text>
        <Text className='agreement-signed__value'>{formatDateTime(c.signedAt)}</Text>
        <Text className='agreement-signed__label'>手写签名</Text>
        {image ? (
          <Image className='agreement-signed__signature' src={image} mode='aspectFit' aria-label='业主手写签名' nativeProps={{ alt: '业主手写签名' }} />
        ) : (
          <Text className='agreement-signed__muted'>{imageError ?? '正在加载签名图片…'}</Text>
        )}
        <Text className='agreement-signed__label'>存证摘要（SHA-256）</Text>
        <Text className='agreement-signed__hash' userSelect>
          {c.sha256}
        </Text>
        <Text className='agreement-signed__note'>摘要由协议全文、签名图片、房屋编号与签署时间计算得出，任何改动都会使其不一致。</Text>
      </View>

      <SavePdfButton path={`/api/owner/agreements/${c.id}/pdf`} fileName={`${c.title}-${c.houseLabel}.pdf`} label='保存协议（PDF）' />

      <Button type='primary' block onClick={() => void Taro.redirectTo({ url: PAGES.agreements })}>
        返回协议列表
      </Button>
    </View>
  )
}

export default withPage(AgreementSignedPage)

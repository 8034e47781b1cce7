import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { InlineError } from '../../components/InlineError'
import { fetchReceipt } from '../../api/payments'
import { useRemote } from '../../hooks/useRemote'
import { PAGES } from '../../routes'
import { ReceiptView } from './ReceiptView'
import '../../components/Onsite/onsite.scss'
import '../fees/fees.scss'
import { withPage } from '../../components/Page'
import { SavePdfButton } from '../../components/SavePdfButton'

/** owner/receipt?id= — one of the owner's own receipts (the server answers 404 for others). */
function OwnerReceiptPage() {
  const { params } = useRouter()
  const id = Number(params.id)
  const { state, reload } = useRemote(() => fetchReceipt(id), 'owner')
  if (!Number.isInteger(id) || id <= 0) {
    return (
      <View className='onsite'>
        <InlineError message='收据不存在' />
        <Button block fill='outline' onClick={() => void Taro.redirectTo({ url: PAGES.fees })}>查看缴费与收据</Button>
      </View>
    )
  }
  if (state.phase === 'loading') return <View className='onsite' aria-busy='true'><Text className='onsite__text'>正在加载收据…</Text></View>
  if (state.phase === 'error') {
    return (
      <View className='onsite'>
        <InlineError message={state.message} />
        <Button type='primary' block onClick={() => void reload()}>重新加载</Button>
        <Button className='fees__gap' block fill='outline' onClick={() => void Taro.redirectTo({ url: PAGES.fees })}>查看缴费与收据</Button>
      </View>
    )
  }
  return (
    <View className='onsite'>
      <ReceiptView receipt={state.data} />
      <SavePdfButton path={`/api/owner/receipts/${state.data.id}/pdf`} fileName={`收据-${state.data.number}.pdf`} label='保存收据（PDF）' />
    </View>
  )
}

export default withPage(OwnerReceiptPage)

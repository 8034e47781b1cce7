import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { InlineError } from '../../components/InlineError'
import { StatusTag } from '../../components/StatusTag'
import { useAgreementList } from '../../hooks/useAgreements'
import { PAGES } from '../../routes'
import { formatDateTime } from '../../utils/time'
import './index.scss'
import { withPage } from '../../components/Page'

/** owner/agreements: the community's agreements, each with its signing status. */
function AgreementsPage() {
  const { state, reload } = useAgreementList()

  if (state.phase === 'loading') {
    return (
      <View className='agreements' aria-busy='true'>
        <Text className='agreements__muted'>正在读取协议…</Text>
      </View>
    )
  }
  if (state.phase === 'error') {
    return (
      <View className='agreements'>
        <InlineError message={state.message} testId='agreements-error' />
        <Button type='primary' block onClick={() => void reload()}>
          重新加载
        </Button>
      </View>
    )
  }

  const { items, requiredForKeys } = state.data
  const pending = items.filter((i) => !i.signed).length
  return (
    <View className='agreements'>
      <View className='agreements__intro'>
        <Text className='agreements__intro-title'>{pending === 0 ? '协议已全部签署' : `还有 ${pending} 份协议待签署`}</Text>
        <Text className='agreements__intro-text'>
          请逐份阅读协议全文，阅读到底后手写签名。签署后可随时查看签署副本。
          {requiredForKeys ? '本小区规定：签署全部协议后方可领取钥匙。' : '签署协议不影响领取钥匙。'}
        </Text>
      </View>
      {items.length === 0 && <Text className='agreements__muted'>本小区暂无需要签署的协议。</Text>}
      {items.map((a) => (
        <View key={a.id} className='agreements__card' data-testid={`agreement-${a.kind}`}>
          <View className='agreements__card-head'>
            <Text className='agreements__card-title'>《{a.title}》</Text>
            <StatusTag status={a.signed ? 'done' : 'available'} label={a.signed ? '已签署' : '待签署'} />
          </View>
          <Text className='agreements__card-meta'>
            {a.signed
              ? `已于 ${formatDateTime(a.signedAt ?? undefined)} 签署（第 ${a.signedVersion ?? a.version} 版）`
              : `第 ${a.version} 版，待阅读并签署`}
          </Text>
          <Button
            className='agreements__card-button'
            type={a.signed ? 'default' : 'primary'}
            block
            onClick={() => void Taro.navigateTo({ url: `${a.signed ? PAGES.agreementSigned : PAGES.agreementRead}?id=${a.id}` })}
          >
            {a.signed ? '查看签署副本' : '阅读并签署'}
          </Button>
        </View>
      ))}
    </View>
  )
}

export default withPage(AgreementsPage)

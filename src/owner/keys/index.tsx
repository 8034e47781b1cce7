import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { InlineError } from '../../components/InlineError'
import { fetchOwnerKeys } from '../../api/keys'
import { useRemote } from '../../hooks/useRemote'
import { formatDateTime } from '../../utils/time'
import { PAGES } from '../../routes'
import '../../components/Onsite/onsite.scss'
import { withPage } from '../../components/Page'
import { SavePdfButton } from '../../components/SavePdfButton'

/** owner/keys: what the community requires before keys; after the handover, the record. */
function OwnerKeysPage() {
  const { state, reload } = useRemote(fetchOwnerKeys, 'owner')
  if (state.phase === 'loading') return <View className='onsite' aria-busy='true'><Text className='onsite__text'>正在加载…</Text></View>
  if (state.phase === 'error') {
    return (
      <View className='onsite'>
        <InlineError message={state.message} />
        <Button type='primary' block onClick={() => void reload()}>重新加载</Button>
      </View>
    )
  }
  const d = state.data
  const h = d.handover
  return (
    <View className='onsite'>
      <View className='onsite__card'>
        <Text className='onsite__title'>{d.houseLabel}</Text>
        <Text className='onsite__muted'>{d.guard.policyText}</Text>
      </View>
      {h ? (
        <View className='onsite__card' data-testid='handover-record'>
          <Text className='onsite__title'>钥匙交接确认单</Text>
          <Text className='onsite__muted'>{`交接时间：${formatDateTime(h.handedAt)}`}</Text>
          <Text className='onsite__muted'>{`经办：${h.staffName}`}</Text>
          {h.keys.map((k) => (
            <View key={k.code} className='onsite__row'><Text>{k.label}</Text><Text>{`${k.count} 把/张`}</Text></View>
          ))}
          {h.meters.length > 0 && <Text className='onsite__title onsite__section'>交接表读数</Text>}
          {h.meters.map((m) => (
            <View key={m.kind} className='onsite__row'><Text>{m.label}</Text><Text>{m.value}</Text></View>
          ))}
          <SavePdfButton path='/api/owner/keys/record.pdf' fileName={`钥匙交接记录-${d.houseLabel}.pdf`} label='保存钥匙交接记录（PDF）' />
          <Button className='onsite__action' type='primary' block onClick={() => void Taro.navigateTo({ url: PAGES.handbook })}>查看业主手册</Button>
        </View>
      ) : (
        <View className='onsite__card'>
          <Text className='onsite__title'>领取钥匙前需要完成</Text>
          {d.guard.requirements.map((r) => (
            <View key={r.code} className='onsite__row'>
              <Text>{r.label}{r.required ? '' : '（不影响交钥匙）'}</Text>
              <Text className={r.met ? 'onsite__ok' : 'onsite__no'}>{r.met ? '已完成' : '未完成'}</Text>
            </View>
          ))}
          {d.guard.ok ? (
            <Text className='onsite__text onsite__section'>条件已满足，请到钥匙交接处，核对房号并清点钥匙。</Text>
          ) : (
            <View className='onsite__section'>
              {d.guard.reasons.map((x) => <Text key={x} className='onsite__muted' style={{ display: 'block' }}>{`· ${x}`}</Text>)}
            </View>
          )}
          <Text className='onsite__title onsite__section'>将交接的钥匙</Text>
          {d.keyTypes.map((k) => (
            <View key={k.code} className='onsite__row'><Text>{k.label}</Text><Text>{`${k.defaultCount} 把/张`}</Text></View>
          ))}
        </View>
      )}
    </View>
  )
}

export default withPage(OwnerKeysPage)

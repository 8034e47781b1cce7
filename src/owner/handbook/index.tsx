import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { InlineError } from '../../components/InlineError'
import { fetchHandbook } from '../../api/completion'
import { useRemote } from '../../hooks/useRemote'
import { PAGES } from '../../routes'
import '../../components/Onsite/onsite.scss'
import { withPage } from '../../components/Page'

/** owner/handbook: service-centre contacts, emergencies, decoration rules, public areas. */
function HandbookPage() {
  const { state, reload } = useRemote(fetchHandbook, 'owner')
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
  const call = (phone: string) => void Taro.makePhoneCall({ phoneNumber: phone.replace(/[^\d-]/g, '') }).catch(() => undefined)
  return (
    <View className='onsite'>
      <View className='onsite__card'>
        <Text className='onsite__title'>{`欢迎入住${d.communityName}`}</Text>
        <Text className='onsite__muted'>{d.company}</Text>
        {d.contacts.map((c) => (
          <View key={c.label} className='onsite__row'>
            <Text>{c.label}</Text>
            {c.phone ? (
              <View className='onsite__call' role='button' aria-label={`拨打${c.label} ${c.value}`} onClick={() => call(c.value)}><Text className='onsite__ok'>{c.value}</Text></View>
            ) : (
              <Text>{c.value}</Text>
            )}
          </View>
        ))}
      </View>
      {d.sections.map((s) => (
        <View key={s.code} className='onsite__card'>
          <Text className='onsite__title'>{s.title}</Text>
          {s.items.map((x, i) => <Text key={i} className='onsite__text'>{`${i + 1}. ${x}`}</Text>)}
        </View>
      ))}
      <Button type='primary' block onClick={() => void Taro.navigateTo({ url: PAGES.survey })}>填写满意度调查</Button>
    </View>
  )
}

export default withPage(HandbookPage)

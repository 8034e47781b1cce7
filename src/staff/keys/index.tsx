import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Checkbox } from '@nutui/nutui-react-taro'
import { InlineError } from '../../components/InlineError'
import { SignaturePad } from '../../components/SignaturePad'
import { Stepper } from '../../components/Onsite/Stepper'
import { formatDateTime } from '../../utils/time'
import { useStaffKeys } from '../../hooks/useStaffKeys'
import { getStaffSession } from '../../stores/session'
import '../staff.scss'
import '../../components/Onsite/onsite.scss'
import { withPage } from '../../components/Page'

/** What the confirmation before the handover lists: house, each key count, meters; it cannot be undone. */
function handoverSummary(house: string, keys: { label: string; count: number }[], meters: { label: string; value: number | string }[]): string {
  const k = keys.filter((x) => x.count > 0).map((x) => `${x.label} ${x.count} 把/张`).join('、')
  const m = meters.length ? `；表读数：${meters.map((x) => `${x.label} ${x.value}`).join('、')}` : ''
  return `${house}：${k}${m}。确认后钥匙交接和入伙即办结，不能撤回。`
}

/** staff/keys?caseId=: compare the masked ID, confirm the house, count keys, both sign. */
function StaffKeysPage() {
  const caseId = Number(useRouter().params.caseId)
  const k = useStaffKeys(Number.isInteger(caseId) && caseId > 0 ? caseId : 0)
  const { state } = k

  if (!(caseId > 0)) return <View className='staff'><InlineError message='请从今日看板选择业主' /></View>
  if (state.phase === 'loading') return <View className='staff' aria-busy='true'><Text className='staff__muted'>正在加载…</Text></View>
  if (state.phase === 'error') {
    return (
      <View className='staff'>
        <InlineError message={state.message} />
        <Button type='primary' block onClick={() => void k.reload()}>重新加载</Button>
      </View>
    )
  }
  const v = state.data
  return (
    <View className='staff'>
      <View className='staff__card'>
        <Text className='staff__title'>{v.houseLabel}</Text>
        <Text className='staff__result-line'>{`业主：${v.ownerName}　证件：${v.ownerIdMasked}`}</Text>
        {v.actingRole === 'delegate' && v.delegateName && (
          <Text className='staff__result-line'>{`受托人：${v.delegateName}　证件：${v.delegateIdMasked ?? ''}`}</Text>
        )}
        <Text className='staff__muted'>请核对身份证原件（查看记录会被留存）</Text>
      </View>

      {v.handover ? (
        <View className='staff__card' data-testid='handover-done'>
          <Text className='staff__subtitle'>钥匙已交接</Text>
          <Text className='staff__muted'>{`${formatDateTime(v.handover.handedAt)}　经办：${v.handover.staffName}`}</Text>
          {v.handover.keys.map((x) => (
            <View key={x.code} className='onsite__row'><Text>{x.label}</Text><Text>{`${x.count} 把/张`}</Text></View>
          ))}
          <Button className='onsite__action' block fill='outline' onClick={() => void Taro.navigateBack()}>返回看板</Button>
        </View>
      ) : getStaffSession()?.user.role !== 'reception' ? (
        <View className='staff__card'>
          <Text className='staff__muted'>钥匙交接须由前台接待人员办理，当前账号仅可查看。</Text>
          {v.guard.reasons.map((r) => <Text key={r} className='onsite__no'>{r}</Text>)}
        </View>
      ) : !v.guard.ok ? (
        <View className='staff__card'>
          <Text className='staff__subtitle'>暂不能交钥匙</Text>
          {v.guard.reasons.map((r) => <Text key={r} className='onsite__no'>{r}</Text>)}
          <Text className='staff__muted'>{v.guard.policyText}</Text>
        </View>
      ) : (
        <>
          <View className='staff__card'>
            <Text className='staff__subtitle'>钥匙清点</Text>
            {v.keyTypes.map((t) => (
              <View key={t.code} className='onsite__row'>
                <Text>{t.label}</Text>
                <Stepper label={t.label} value={k.countOf(v, t.code)} onChange={(n) => k.setCount(t.code, n)} />
              </View>
            ))}
            <Text className='staff__subtitle onsite__section'>表读数（验房时记录）</Text>
            {v.meters.length === 0 && <Text className='staff__muted'>未记录表读数</Text>}
            {v.meters.map((m) => (
              <View key={m.kind} className='onsite__row'><Text>{m.label}</Text><Text>{m.value}</Text></View>
            ))}
            <Checkbox className='onsite__section' checked={k.confirmed} onChange={(c) => k.setConfirmed(c)} aria-label='业主确认房号无误'>
              {`业主确认房号 ${v.houseLabel} 无误`}
            </Checkbox>
          </View>
          <View className='staff__card'>
            <Text className='staff__subtitle'>{k.ownerSig ? '业主已签名 ✓' : '业主签名'}</Text>
            <SignaturePad label='业主签名区域' placeholder='请业主本人签名' onChange={k.setOwnerSig} />
          </View>
          <View className='staff__card'>
            <Text className='staff__subtitle'>{k.staffSig ? '工作人员已签名 ✓' : '工作人员签名'}</Text>
            <SignaturePad label='工作人员签名区域' placeholder='经办人签名' onChange={k.setStaffSig} />
          </View>
          <InlineError message={k.error} testId='keys-error' />
          <Button
            className='onsite__action'
            type='primary'
            block
            loading={k.busy}
            disabled={k.busy}
            onClick={() =>
              void k.submit(v, async (keys) => {
                const r = await Taro.showModal({ title: '确认交接并完成入伙？', content: handoverSummary(v.houseLabel, keys, v.meters), confirmText: '确认交接', cancelText: '再核对' })
                return r.confirm
              })
            }
          >
            确认交接并完成入伙
          </Button>
        </>
      )}
    </View>
  )
}

export default withPage(StaffKeysPage)

import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { DefectCard } from '../../components/Inspection'
import { METER_LABELS } from '../../components/Inspection/constants'
import { InlineError } from '../../components/InlineError'
import SignaturePad from '../../components/SignaturePad'
import { useOwnerInspection } from '../../hooks/useOwnerInspection'
import { formatDate } from '../../utils/time'
import { PAGES } from '../../routes'
import '../../components/Onsite/onsite.scss'
import '../../staff/staff.scss'
import '../../components/Inspection/index.scss'

const RESULT_TEXT = { pass: '合格', fail: '不合格' } as const

/** owner/inspection: results by room, defects with before/after photos, confirm fixes, sign 房屋交接单. */
export default function OwnerInspectionPage() {
  const s = useOwnerInspection()
  const d = s.data
  if (!d) {
    return (
      <View className='staff'>
        <View className='staff__card'>{s.error ? <InlineError message={s.error} /> : <Text className='staff__muted'>加载中…</Text>}</View>
      </View>
    )
  }
  const latest = d.rounds[d.rounds.length - 1]
  const handover = (
    <View className='staff__card'>
      <Text className='staff__subtitle'>房屋交接单</Text>
      <InlineError message={s.actionError} testId='inspection-action-error' />
      {d.signedAt && (
      <>
        <Text className='staff__muted'>您已签署房屋交接单，可办理交钥匙。</Text>
        <Button className='onsite__action' type='primary' block onClick={() => void Taro.navigateTo({ url: PAGES.keys })}>
          查看交钥匙事项
        </Button>
      </>
    )}
      {!d.signedAt && !d.canSign && d.signBlockers.map((b) => <Text key={b} className='staff__muted'>{`· ${b}`}</Text>)}
      {d.canSign && (
        <>
          <Text className='staff__muted'>本人确认房屋已按下列验房结果验收，所列问题均已整改完毕，同意接收房屋。</Text>
          <SignaturePad
            label='房屋交接单签名区域'
            placeholder='请业主本人签名'
            confirmText='确认签署'
            disabled={s.busy !== null}
            onConfirm={async (png) => {
              if (await s.sign(png)) void Taro.showToast({ title: '已签署', icon: 'success' })
            }}
            onError={(m) => void Taro.showToast({ title: m, icon: 'none' })}
          />
        </>
      )}
    </View>
  )

  return (
    <View className='staff'>
      <View className='staff__card'>
        <Text className='staff__title'>{d.houseLabel}</Text>
        {!latest && <Text className='staff__muted'>签到后由工作人员陪同验房，验房结果会显示在这里。</Text>}
        {latest && (
          <Text className='staff__muted'>
            {d.signedAt
              ? `验房通过，已于 ${formatDate(d.signedAt)}签署房屋交接单`
              : latest.status === 'in_progress'
                ? `第 ${latest.round} 轮验房进行中`
                : latest.result === 'passed'
                  ? `第 ${latest.round} 轮验房通过`
                  : `第 ${latest.round} 轮验房发现问题，整改后安排复验`}
          </Text>
        )}
      </View>

      {d.canSign && handover}

      {[...d.rounds].reverse().map((r) => (
        <View key={r.id} className='staff__card' data-testid='round'>
          <Text className='staff__subtitle'>{`第 ${r.round} 轮${r.round > 1 ? '复验' : '验房'}　${r.status === 'in_progress' ? '进行中' : r.result === 'passed' ? '通过' : '有问题'}`}</Text>
          {r.defects.map((x) => (
            <DefectCard key={x.id} defect={x} auth='owner'>
              {x.status === 'fixed' && (
                <Button type='primary' block loading={s.busy === x.id} disabled={s.busy !== null} onClick={() => void s.confirm(x.id)}>
                  确认已整改
                </Button>
              )}
            </DefectCard>
          ))}
          {r.rooms.map((room) => {
            const done = room.items.filter((i) => i.result)
            if (done.length === 0) return null
            const fails = done.filter((i) => i.result === 'fail')
            // a room that passed is one line; one with problems lists only what failed
            return (
              <View key={room.room} className='insp-room'>
                <Text className='insp-room__name'>{`${room.room}　${fails.length ? `${fails.length} 项不合格` : `${done.length} 项全部合格`}`}</Text>
                {fails.map((i) => (
                  <Text key={i.item} className={`insp-owner-item${i.result === 'fail' ? ' insp-owner-item--fail' : ''}`}>
                    {`${i.item}：${RESULT_TEXT[i.result!]}${i.note ? `（${i.note}）` : ''}`}
                  </Text>
                ))}
                {fails.length > 0 && done.length > fails.length && (
                  <Text className='insp-owner-item'>{`其余 ${done.length - fails.length} 项合格`}</Text>
                )}
              </View>
            )
          })}
        </View>
      ))}

      {d.meters.length > 0 && (
        <View className='staff__card'>
          <Text className='staff__subtitle'>表计读数</Text>
          {d.meters.map((m) => (
            <Text key={m.id} className='staff__muted'>{`${METER_LABELS[m.kind]}：${m.value}（${formatDate(m.createdAt)}）`}</Text>
          ))}
        </View>
      )}

      {!d.canSign && handover}
    </View>
  )
}

import { useEffect, useRef } from 'react'
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
import './index.scss'
import { withPage } from '../../components/Page'
import { SavePdfButton } from '../../components/SavePdfButton'

const RESULT_TEXT = { pass: '合格', fail: '不合格' } as const

/** owner/inspection: results by room, defects with before/after photos, confirm fixes, sign 房屋交接单. */
function OwnerInspectionPage() {
  const s = useOwnerInspection()
  const d = s.data
  const toConfirm = d && !d.signedAt ? d.rounds.flatMap((r) => r.defects.filter((x) => x.status === 'fixed')) : []
  const firstToConfirm = toConfirm[0]?.id ?? null
  const canSign = d?.canSign ?? false
  const before = useRef<{ n: number; canSign: boolean } | null>(null)
  // lead the owner: after a confirmation, on to the next fix to confirm, or to the 房屋交接单
  useEffect(() => {
    const prev = before.current
    before.current = { n: toConfirm.length, canSign }
    if (!prev) return
    if (canSign && !prev.canSign) void Taro.pageScrollTo({ selector: '[data-testid="handover-card"]', duration: 300 }).catch(() => undefined)
    else if (toConfirm.length < prev.n && firstToConfirm !== null) {
      void Taro.pageScrollTo({ selector: `[data-defect-id="${firstToConfirm}"]`, duration: 300 }).catch(() => undefined)
    }
  }, [toConfirm.length, canSign, firstToConfirm])
  if (!d) {
    return (
      <View className='staff'>
        <View className='staff__card'>{s.error ? <InlineError message={s.error} /> : <Text className='staff__muted'>加载中…</Text>}</View>
      </View>
    )
  }
  const latest = d.rounds[d.rounds.length - 1]
  const handover = (
    <View className='staff__card' data-testid='handover-card'>
      <Text className='staff__subtitle'>房屋交接单</Text>
      <InlineError message={s.actionError} testId='inspection-action-error' />
      {d.signedAt && (
      <>
        <Text className='staff__muted'>您已签署房屋交接单，可办理交钥匙。</Text>
        <SavePdfButton path='/api/owner/inspection/handover.pdf' fileName={`房屋交接单-${d.houseLabel}.pdf`} label='保存房屋交接单（PDF）' />
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

      {toConfirm.length > 0 && (
        <View className='insp-lead' role='status' data-testid='inspection-lead'>
          <Text className='insp-lead__text'>{`请确认 ${toConfirm.length} 项整改，然后签署房屋交接单`}</Text>
          <Button
            type='primary'
            block
            onClick={() => void Taro.pageScrollTo({ selector: `[data-defect-id="${toConfirm[0].id}"]`, duration: 300 }).catch(() => undefined)}
          >
            去确认整改
          </Button>
        </View>
      )}
      {d.canSign && (
        <View className='insp-lead insp-lead--sign' role='status' data-testid='inspection-lead'>
          <Text className='insp-lead__text'>整改已全部确认，请签署房屋交接单</Text>
        </View>
      )}

      {d.canSign && handover}

      {[...d.rounds].reverse().map((r) => (
        <View key={r.id} className='staff__card' data-testid='round'>
          <Text className='staff__subtitle'>{`第 ${r.round} 轮${r.round > 1 ? '复验' : '验房'}　${r.status === 'in_progress' ? '进行中' : r.result === 'passed' ? '通过' : '有问题'}`}</Text>
          {r.defects.map((x) => (
            <View key={x.id} data-defect-id={x.id}>
            <DefectCard defect={x} auth='owner'>
              {x.status === 'fixed' && (
                <Button
                  type='primary'
                  block
                  loading={s.busy === x.id}
                  disabled={s.busy !== null}
                  onClick={() =>
                    void Taro.showModal({
                      title: '确认已整改？',
                      content: `${x.room}${x.location ? `·${x.location}` : ''}：${x.description}。请先对照整改前后照片在现场查看，确认后不能撤回。`,
                      // WeChat and Taro cap the button at 4 characters (a longer one fails the call)
                      confirmText: '确认整改',
                      cancelText: '再看看'
                    }).then((r) => {
                      if (r.confirm) void s.confirm(x.id)
                    })
                  }
                >
                  确认已整改
                </Button>
              )}
            </DefectCard>
            </View>
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

export default withPage(OwnerInspectionPage)

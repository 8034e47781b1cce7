import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { useInspection } from '../../hooks/useInspection'
import { InlineError } from '../InlineError'
import { DefectCard } from './DefectCard'
import { DefectForm } from './DefectForm'
import { MeterForm } from './MeterForm'
import { SyncBadge } from './SyncBadge'

const ITEM_TEXT = { pass: '合格', fail: '不合格' } as const

/** One round on the inspector's phone: rooms, pass/fail, defects, meters, sync state, complete. */
export function InspectionSheet({ id }: { id: number }) {
  const s = useInspection(id)
  const [openRoom, setOpenRoom] = useState<string | null>(null)
  const [defectRoom, setDefectRoom] = useState<string | null | undefined>(undefined)
  const d = s.detail
  if (!d) {
    return (
      <View className='staff__card'>
        {s.loadError ? <InlineError message={s.loadError} /> : <Text className='staff__muted'>加载中…</Text>}
      </View>
    )
  }
  const open = d.status === 'in_progress'
  const pendingDefects = s.queue.pending.filter((e) => e.payload.kind === 'defect').length

  const done = async () => {
    const r = await s.complete()
    if (!r) return
    void Taro.showToast({ title: r.inspection.result === 'passed' ? '验房通过' : `已生成 ${r.repairOrders.length} 张整改单`, icon: 'none' })
  }

  return (
    <View>
      <View className='staff__card'>
        <Text className='staff__title'>{d.houseLabel}</Text>
        <Text className='staff__muted'>{`第 ${d.round} 轮${d.round > 1 ? '（复验）' : ''}　${open ? '验房中' : d.result === 'passed' ? '已通过' : '发现问题，待整改'}`}</Text>
        <SyncBadge pending={s.queue.pending.length} syncing={s.queue.syncing} error={s.queue.error} onRetry={() => void s.queue.retry()} />
        {s.queue.rejected.map((e) => (
          <View key={e.key} className='insp-rejected' role='alert'>
            <Text className='insp-error'>{`未能保存：${e.message}`}</Text>
            <View className='insp-link' role='button' aria-label='知道了，移除这条记录' onClick={() => s.queue.discard(e.key)}>
              知道了
            </View>
          </View>
        ))}
      </View>

      {d.earlierDefects.length > 0 && (
        <View className='staff__card'>
          <Text className='staff__subtitle'>上轮问题复查</Text>
          {d.earlierDefects.map((x) => (
            <DefectCard key={x.id} defect={x} auth='staff' />
          ))}
        </View>
      )}

      <View className='staff__card'>
        <Text className='staff__subtitle'>验房清单</Text>
        {d.rooms.map((room) => {
          const expanded = openRoom === room.room
          const checked = room.items.filter((i) => s.resultOf(room.room, i.item) !== null).length
          const failed = room.items.filter((i) => s.resultOf(room.room, i.item) === 'fail').length
          return (
            <View key={room.room} className='insp-room'>
              <View
                className='insp-room__head'
                role='button'
                aria-expanded={expanded ? 'true' : 'false'}
                onClick={() => setOpenRoom(expanded ? null : room.room)}
              >
                <Text className='insp-room__name'>{room.room}</Text>
                <Text className={`insp-room__count${failed ? ' insp-room__count--fail' : ''}`}>
                  {`已查 ${checked}/${room.items.length} 项${failed ? `，${failed} 项不合格` : ''}　${expanded ? '收起' : '展开'}`}
                </Text>
              </View>
              {expanded && (
                <View className='insp-room__items'>
                  {room.items.map((it) => {
                    const r = s.resultOf(room.room, it.item)
                    return (
                      <View key={it.item} className='insp-item'>
                        <Text className='insp-item__name'>{it.item}</Text>
                        <View className='insp-item__btns' role='radiogroup' aria-label={`${room.room}${it.item}`}>
                          {(['pass', 'fail'] as const).map((v) => (
                            <View
                              key={v}
                              role='radio'
                              aria-checked={r === v ? 'true' : 'false'}
                              aria-disabled={open ? 'false' : 'true'}
                              aria-label={`${it.item}${ITEM_TEXT[v]}`}
                              className={`insp-chip insp-chip--${v}${r === v ? ' insp-chip--on' : ''}`}
                              onClick={() => open && r !== v && s.setItem(room.room, it.item, v)}
                            >
                              <Text>{ITEM_TEXT[v]}</Text>
                            </View>
                          ))}
                        </View>
                      </View>
                    )
                  })}
                  {open && (
                    <Button size='small' fill='outline' type='danger' onClick={() => setDefectRoom(room.room)}>
                      登记本房间问题
                    </Button>
                  )}
                </View>
              )}
            </View>
          )
        })}
      </View>

      {defectRoom !== undefined && open ? (
        <View className='staff__card'>
          <DefectForm
            rooms={d.rooms.map((r) => r.room)}
            initialRoom={defectRoom ?? undefined}
            onCancel={() => setDefectRoom(undefined)}
            onSubmit={(draft, photos) => {
              s.addDefect(draft, photos)
              setDefectRoom(undefined)
            }}
          />
        </View>
      ) : null}

      <View className='staff__card'>
        <View className='insp-room__head'>
          <Text className='staff__subtitle'>{`本轮问题（${d.defects.length + pendingDefects}）`}</Text>
          {open && defectRoom === undefined && (
            <Button size='small' type='danger' fill='outline' onClick={() => setDefectRoom(null)}>
              登记问题
            </Button>
          )}
        </View>
        {d.defects.length === 0 && pendingDefects === 0 && <Text className='staff__muted'>暂无问题</Text>}
        {pendingDefects > 0 && <Text className='staff__muted'>{`${pendingDefects} 条问题待同步`}</Text>}
        {d.defects.map((x) => (
          <DefectCard key={x.id} defect={x} auth='staff' />
        ))}
      </View>

      <View className='staff__card'>
        <MeterForm recorded={d.meters} disabled={!open} onSubmit={(k, v, p) => s.addMeter(k, v, p)} />
      </View>

      {open && (
        <View className='staff__card'>
          <InlineError message={s.completeError} testId='complete-error' />
          <Button type='primary' block loading={s.completing} disabled={s.completing} onClick={() => void done()}>
            完成本轮验房
          </Button>
          <Text className='staff__muted'>没有问题则验房通过；有问题将按严重程度生成整改单（严重 3 天、一般 7 天、轻微 15 天）。</Text>
        </View>
      )}
    </View>
  )
}

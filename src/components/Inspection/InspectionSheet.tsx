import { useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import type { InspectionDetail, InspectionItemResult } from '../../../types'
import { describeEntry, useInspection, type EntryPayload } from '../../hooks/useInspection'
import { PAGES } from '../../routes'
import { InlineError } from '../InlineError'
import { DefectCard } from './DefectCard'
import { DefectForm } from './DefectForm'
import { MeterForm } from './MeterForm'
import { SyncBadge } from './SyncBadge'

const ITEM_TEXT = { pass: '合格', fail: '不合格' } as const

type DefectEntry = Extract<EntryPayload, { kind: 'defect' }>
type MeterEntry = Extract<EntryPayload, { kind: 'meter' }>

/** Each item's latest result in the earlier rounds (re-inspection), keyed `room\0item`. */
function previousResults(d: InspectionDetail): Map<string, InspectionItemResult> {
  const m = new Map<string, InspectionItemResult>()
  for (const r of d.previousRooms ?? []) for (const i of r.items) if (i.result) m.set(`${r.room}\u0000${i.item}`, i.result)
  return m
}

/** The confirmation text before a round is closed: what was checked, what failed, defects and meters. */
export function completeSummary(a: { round: number; checked: number; total: number; carried: number; failed: number; defects: number; meters: number }): string {
  const carried = a.carried > 0 ? `（其中 ${a.carried} 项沿用上轮合格）` : ''
  return `第 ${a.round} 轮：已查 ${a.checked}/${a.total} 项${carried}，不合格 ${a.failed} 项，登记问题 ${a.defects} 处，表计读数 ${a.meters} 条。完成后本轮结果不能再修改${a.defects > 0 ? '，将生成整改单' : ''}。`
}

/**
 * One round on the inspector's phone: rooms, pass/fail, defects, meters, sync state, complete.
 * Built for one hand: 44 px targets, a room passes in one tap, 不合格 opens the defect form
 * for that room and item, and the sync bar with the primary action stays at the bottom.
 */
export function InspectionSheet({ id }: { id: number }) {
  const s = useInspection(id)
  const d = s.detail
  const prev = useMemo(() => (d ? previousResults(d) : new Map<string, InspectionItemResult>()), [d])
  const firstFailedRoom = d?.previousRooms?.find((r) => r.items.some((i) => i.result === 'fail'))?.room ?? null
  const [openRoom, setOpenRoom] = useState<string | null | undefined>(undefined)
  // where the defect form is open: a room's item (from 不合格 or 登记本房间问题), or the general one (room null)
  const [draft, setDraft] = useState<{ room: string | null; item?: string } | undefined>(undefined)
  const [justCompleted, setJustCompleted] = useState<string | null>(null)
  if (!d) {
    return (
      <View className='staff__card'>
        {s.loadError ? <InlineError message={s.loadError} /> : <Text className='staff__muted'>加载中…</Text>}
      </View>
    )
  }
  const open = d.status === 'in_progress'
  const reinspection = d.previousRooms !== undefined
  const expandedRoom = openRoom === undefined ? firstFailedRoom : openRoom
  const pendingDefects = s.queue.pending.map((e) => e.payload).filter((p): p is DefectEntry => p.kind === 'defect')
  const pendingMeters = s.queue.pending.map((e) => e.payload).filter((p): p is MeterEntry => p.kind === 'meter')
  const pendingItems = new Set(s.queue.pending.map((e) => e.payload).flatMap((p) => (p.kind === 'item' ? [`${p.room}\u0000${p.item}`] : [])))
  const key = (room: string, item: string) => `${room}\u0000${item}`
  /** the result shown: this round's (local first), else in a re-inspection the earlier pass (pre-filled) */
  const shown = (room: string, item: string): { result: InspectionItemResult | null; carried: boolean } => {
    const r = s.resultOf(room, item)
    if (r) return { result: r, carried: false }
    return prev.get(key(room, item)) === 'pass' ? { result: 'pass', carried: true } : { result: null, carried: false }
  }
  // re-inspection: rooms and items that failed before come first
  const failedBefore = (room: string, item: string) => prev.get(key(room, item)) === 'fail'
  const rooms = reinspection
    ? [...d.rooms].sort((a, b) => Number(b.items.some((i) => failedBefore(b.room, i.item))) - Number(a.items.some((i) => failedBefore(a.room, i.item))))
    : d.rooms

  const counts = () => {
    let checked = 0
    let carried = 0
    let failed = 0
    let total = 0
    for (const r of d.rooms) {
      for (const i of r.items) {
        total++
        const v = shown(r.room, i.item)
        if (v.result) checked++
        if (v.carried) carried++
        if (v.result === 'fail') failed++
      }
    }
    return { round: d.round, checked, total, carried, failed, defects: d.defects.length + pendingDefects.length, meters: d.meters.length + pendingMeters.length }
  }

  const done = async () => {
    const c = counts()
    const answer = await Taro.showModal({ title: '完成本轮验房？', content: completeSummary(c), confirmText: '确认完成', cancelText: '再看看' })
    if (!answer.confirm) return
    const r = await s.complete()
    if (!r) return
    const line = r.inspection.result === 'passed' ? `第 ${r.inspection.round} 轮验房通过` : `已完成，生成 ${r.repairOrders.length} 张整改单`
    setJustCompleted(line)
    void Taro.showToast({ title: line, icon: 'none' })
  }

  const setItem = (room: string, item: string, v: InspectionItemResult) => {
    if (!open) return
    const cur = s.resultOf(room, item)
    if (cur !== v) s.setItem(room, item, v)
    // a failed item needs a defect with a photo: open the form for it at once
    if (v === 'fail') setDraft({ room, item })
  }
  const passRoom = (room: string) => {
    const r = d.rooms.find((x) => x.room === room)
    if (!r) return
    // unchecked and pre-filled items alike: this round records them as checked and passed
    for (const i of r.items) if (s.resultOf(room, i.item) === null) s.setItem(room, i.item, 'pass')
  }

  const form = (room: string | null) =>
    draft !== undefined && draft.room === room && open ? (
      <View className={room ? 'insp-room__form' : undefined}>
        <DefectForm
          key={`${draft.room ?? ''}\u0000${draft.item ?? ''}`}
          rooms={d.rooms.map((r) => r.room)}
          initialRoom={draft.room ?? undefined}
          initialLocation={draft.item}
          initialDescription={draft.item ? `${draft.item}不合格：` : undefined}
          onCancel={() => setDraft(undefined)}
          onSubmit={async (x, photos) => {
            const err = await s.addDefect(x, photos)
            if (!err) setDraft(undefined)
            return err
          }}
        />
      </View>
    ) : null

  return (
    <View className='insp-sheet'>
      <View className='staff__card'>
        <Text className='staff__title'>{d.houseLabel}</Text>
        <Text className='staff__muted'>{`第 ${d.round} 轮${d.round > 1 ? '（复验）' : ''}　${open ? '验房中' : d.result === 'passed' ? '已通过' : '发现问题，待整改'}`}</Text>
        {s.queue.rejected.map((e) => (
          <View key={e.key} className='insp-rejected' role='alert' data-testid='rejected-entry'>
            <Text className='insp-error'>{`${describeEntry(e.payload)} 未保存：${e.message}`}</Text>
            <View className='insp-btn-link' role='button' aria-label={`知道了，移除「${describeEntry(e.payload)}」`} onClick={() => s.discard(e.key)}>
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
        {reinspection && <Text className='staff__muted'>复验：上轮不合格的项目排在前面；其余沿用上轮合格，可重新检查。</Text>}
        {rooms.map((room) => {
          const expanded = expandedRoom === room.room
          const items = reinspection ? [...room.items].sort((a, b) => Number(failedBefore(room.room, b.item)) - Number(failedBefore(room.room, a.item))) : room.items
          const checked = room.items.filter((i) => shown(room.room, i.item).result !== null).length
          const failed = room.items.filter((i) => shown(room.room, i.item).result === 'fail').length
          const recheck = room.items.filter((i) => failedBefore(room.room, i.item)).length
          // still to record in this round: unchecked, or only pre-filled from the earlier round
          const toRecord = room.items.filter((i) => s.resultOf(room.room, i.item) === null).length
          return (
            <View key={room.room} className='insp-room' data-testid='room'>
              <View className='insp-room__head' role='button' aria-expanded={expanded ? 'true' : 'false'} onClick={() => setOpenRoom(expanded ? null : room.room)}>
                <Text className='insp-room__name'>{room.room}</Text>
                <Text className={`insp-room__count${failed ? ' insp-room__count--fail' : ''}`}>
                  {`${recheck ? `复查 ${recheck} 项　` : ''}已查 ${checked}/${room.items.length} 项${failed ? `，${failed} 项不合格` : ''}　${expanded ? '收起' : '展开'}`}
                </Text>
              </View>
              {expanded && (
                <View className='insp-room__items'>
                  {open && toRecord > 0 && (
                    <Button className='insp-btn insp-btn--wide' type='primary' fill='outline' block onClick={() => passRoom(room.room)}>
                      {toRecord === room.items.length ? '本房间全部合格' : `其余 ${toRecord} 项合格`}
                    </Button>
                  )}
                  {items.map((it) => {
                    const v = shown(room.room, it.item)
                    const tag = failedBefore(room.room, it.item) ? '上轮不合格' : v.carried ? '沿用上轮合格' : pendingItems.has(key(room.room, it.item)) ? '待同步' : null
                    return (
                      <View key={it.item} className={`insp-item${failedBefore(room.room, it.item) ? ' insp-item--recheck' : ''}`}>
                        <View className='insp-item__label'>
                          <Text className='insp-item__name'>{it.item}</Text>
                          {tag && <Text className='insp-item__tag'>{tag}</Text>}
                        </View>
                        <View className='insp-item__btns' role='radiogroup' aria-label={`${room.room}${it.item}`}>
                          {(['pass', 'fail'] as const).map((x) => (
                            <View
                              key={x}
                              role='radio'
                              aria-checked={v.result === x ? 'true' : 'false'}
                              aria-disabled={open ? 'false' : 'true'}
                              aria-label={`${it.item}${ITEM_TEXT[x]}`}
                              className={`insp-chip insp-chip--${x}${v.result === x ? (v.carried ? ' insp-chip--carried' : ' insp-chip--on') : ''}`}
                              onClick={() => setItem(room.room, it.item, x)}
                            >
                              <Text>{ITEM_TEXT[x]}</Text>
                            </View>
                          ))}
                        </View>
                      </View>
                    )
                  })}
                  {open && draft?.room !== room.room && (
                    <Button className='insp-btn' fill='outline' type='danger' block onClick={() => setDraft({ room: room.room })}>
                      登记本房间问题
                    </Button>
                  )}
                  {form(room.room)}
                </View>
              )}
            </View>
          )
        })}
      </View>

      <View className='staff__card'>
        <View className='insp-room__head'>
          <Text className='staff__subtitle'>{`本轮问题（${d.defects.length + pendingDefects.length}）`}</Text>
          {open && draft === undefined && (
            <Button className='insp-btn' type='danger' fill='outline' onClick={() => setDraft({ room: null })}>
              登记问题
            </Button>
          )}
        </View>
        {form(null)}
        {d.defects.length === 0 && pendingDefects.length === 0 && <Text className='staff__muted'>暂无问题</Text>}
        {pendingDefects.map((p, i) => (
          <View key={i} className='insp-defect insp-defect--pending' data-testid='pending-defect'>
            <Text className='insp-defect__title'>{`${p.room}${p.location ? `·${p.location}` : ''}（待同步）`}</Text>
            <Text className='insp-defect__line'>{`${p.category}　${p.severity}　照片 ${p.photos.length} 张`}</Text>
            <Text className='insp-defect__line'>{p.description}</Text>
          </View>
        ))}
        {d.defects.map((x) => (
          <DefectCard key={x.id} defect={x} auth='staff' />
        ))}
      </View>

      <View className='staff__card'>
        <MeterForm recorded={d.meters} pending={pendingMeters.map((m) => ({ kind: m.meter, value: m.value }))} disabled={!open} onSubmit={(k, v, p) => s.addMeter(k, v, p)} />
      </View>

      {/* the sync state and the round's primary action stay at the bottom, in thumb reach */}
      <View className='insp-footer' data-testid='inspection-footer'>
        <SyncBadge
          pending={s.queue.pending.length}
          rejected={s.queue.rejected.length}
          online={s.queue.online}
          syncing={s.queue.syncing}
          error={s.queue.error}
          onRetry={() => void s.queue.retry()}
        />
        {open ? (
          <>
            <InlineError message={s.completeError} testId='complete-error' />
            <Button className='insp-btn insp-btn--primary' type='primary' block loading={s.completing} disabled={s.completing} onClick={() => void done()}>
              完成本轮验房
            </Button>
          </>
        ) : (
          <>
            {justCompleted && (
              <View className='insp-success' role='status' data-testid='complete-line'>
                {justCompleted}
              </View>
            )}
            <Button className='insp-btn insp-btn--primary' type='primary' block onClick={() => void Taro.redirectTo({ url: PAGES.staffInspect })}>
              下一户（验房任务）
            </Button>
          </>
        )}
      </View>
    </View>
  )
}

import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import type { HouseLookupItem, Stage } from '../../../types'
import { InlineError } from '../../components/InlineError'
import { houseHistoryUrl } from '../../api/history'
import { STAGE_TITLES, stageTitle } from '../../../types/stages'
import { PAGE_SIZE, useHouseList } from './useHouseList'
import '../manager.scss'
import './houses.scss'
import { withPage } from '../../components/Page'

const STAGE_CODES = Object.keys(STAGE_TITLES) as Stage[]

/** One filter row: 全部 plus a choice per value; the chosen one is marked for sight and for screen readers. */
function Chips<T extends string>(props: {
  label: string
  testId: string
  values: readonly T[]
  title?: (v: T) => string
  value: T | undefined
  onChange: (v: T | undefined) => void
}) {
  const all = [undefined, ...props.values] as (T | undefined)[]
  return (
    <View className={`houses__filter houses__filter--${props.testId}`}>
      <Text className='houses__filter-label' id={`${props.testId}-label`}>
        {props.label}
      </Text>
      <View className='houses__chips' role='radiogroup' aria-labelledby={`${props.testId}-label`}>
        {all.map((v) => {
          const on = props.value === v
          const text = v === undefined ? '全部' : (props.title?.(v) ?? v)
          return (
            <Button
              key={v ?? '*'}
              className='houses__chip'
              data-testid={`${props.testId}-${v ?? 'all'}`}
              aria-role='radio'
              aria-checked={on}
              type={on ? 'primary' : 'default'}
              fill={on ? 'solid' : 'outline'}
              onClick={() => props.onChange(v)}
            >
              {on ? `✓ ${text}` : text}
            </Button>
          )
        })}
      </View>
    </View>
  )
}

function HouseRow({ h, list }: { h: HouseLookupItem; list: ReturnType<typeof useHouseList> }) {
  const printing = list.busy?.houseId === h.houseId && list.busy.action === 'print'
  const reissuing = list.busy?.houseId === h.houseId && list.busy.action === 'reissue'
  return (
    <View className='houses__row' role='listitem' data-testid={`house-${h.houseId}`}>
      <View className='houses__row-main'>
        <Text className='houses__label'>{h.label}</Text>
        <Text className='houses__meta'>{`业主 ${h.ownerName || '—'} · ${stageTitle(h.currentStage)}${h.verified ? ' · 已核验' : ''}`}</Text>
      </View>
      <View className='houses__actions'>
        <Button
          className='houses__action'
          data-testid={`house-print-${h.houseId}`}
          type='primary'
          fill='outline'
          loading={printing}
          disabled={list.busy !== null}
          onClick={() => void list.print(h)}
        >
          打印通知书
        </Button>
        <Button
          className='houses__action'
          data-testid={`house-reissue-${h.houseId}`}
          type='default'
          loading={reissuing}
          disabled={list.busy !== null}
          onClick={() => void list.reissue(h)}
        >
          补发二维码
        </Button>
        <Button
          className='houses__action'
          data-testid={`house-history-${h.houseId}`}
          type='default'
          onClick={() => void Taro.navigateTo({ url: houseHistoryUrl(h.houseId) })}
        >
          房屋档案
        </Button>
      </View>
      {list.rowError?.houseId === h.houseId ? <InlineError message={list.rowError.message} testId={`house-error-${h.houseId}`} /> : null}
    </View>
  )
}

/** manager/houses: every house of the community, by building / batch / stage, with notice actions. */
function ManagerHousesPage() {
  const list = useHouseList()
  const { state, choices, filters } = list
  const pages = state.phase === 'ready' ? Math.max(1, Math.ceil(state.total / PAGE_SIZE)) : 1
  return (
    <View className='manager houses manager--desk-form'>
      <View className='manager__card'>
        <Text className='manager__title'>房屋列表</Text>
        <Text className='manager__muted'>按楼栋、批次或办理环节查看每户进度；单户可打印通知书，通知书遗失时补发二维码。</Text>
        <Button className='houses__link' data-testid='houses-to-notices' fill='none' onClick={() => void Taro.navigateTo({ url: '/manager/notices/index' })}>
          按楼栋或批次批量打印 →
        </Button>
      </View>

      <View className='manager__card houses__filters'>
        <Chips label='楼栋' testId='filter-building' values={choices.buildings} value={filters.building} onChange={(v) => list.setFilter({ building: v })} />
        <Chips label='批次' testId='filter-batch' values={choices.batches} value={filters.batch} onChange={(v) => list.setFilter({ batch: v })} />
        <Chips
          label='办理环节'
          testId='filter-stage'
          values={STAGE_CODES}
          title={(s) => STAGE_TITLES[s]}
          value={filters.stage}
          onChange={(v) => list.setFilter({ stage: v })}
        />
      </View>

      {list.reissued ? (
        <View className='manager__card houses__reissued' data-testid='reissue-result' role='status'>
          <Text className='manager__subtitle'>{`已为 ${list.reissued.label} 补发二维码`}</Text>
          <Text className='manager__muted'>原二维码已失效。请重新打印该户通知书，或把下面的地址发给业主：</Text>
          <Text className='houses__url' selectable userSelect data-testid='reissue-url'>
            {list.reissued.entryUrl}
          </Text>
          <Button className='houses__action' onClick={list.dismissReissued}>
            知道了
          </Button>
        </View>
      ) : null}

      <View className='manager__card'>
        {state.phase === 'loading' ? <Text className='manager__muted'>正在加载…</Text> : null}
        {state.phase === 'error' ? <InlineError message={state.message} testId='houses-error' /> : null}
        {state.phase === 'ready' ? (
          <>
            <Text className='houses__count' data-testid='houses-total'>{`共 ${state.total} 户`}</Text>
            {state.items.length === 0 ? <Text className='manager__muted'>没有符合条件的房屋。</Text> : null}
            <View role='list' className='houses__list'>
              {state.items.map((h) => (
                <HouseRow key={h.houseId} h={h} list={list} />
              ))}
            </View>
            <View className='houses__pager'>
              <Button className='houses__page-btn' data-testid='houses-prev' disabled={list.page <= 1} onClick={() => list.setPage(list.page - 1)}>
                上一页
              </Button>
              <Text className='houses__page' data-testid='houses-page'>{`第 ${list.page} / ${pages} 页`}</Text>
              <Button className='houses__page-btn' data-testid='houses-next' disabled={list.page >= pages} onClick={() => list.setPage(list.page + 1)}>
                下一页
              </Button>
            </View>
          </>
        ) : null}
      </View>
    </View>
  )
}

export default withPage(ManagerHousesPage)

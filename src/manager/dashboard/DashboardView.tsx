import type { ReactNode } from 'react'
import { ScrollView, Text, View } from '@tarojs/components'
import type { Dashboard, DashboardDefectCell } from '../../../types'
import { formatDateTime } from '../../utils/time'
import { Bar, Figure } from './Bar'
import { hours, pct } from './drill'

const ROLE_LABEL: Record<string, string> = { reception: '接待', reviewer: '审核', inspector: '验房', cashier: '收银', manager: '经理' }

export interface DashboardViewProps {
  data: Dashboard
  /** open the drill-down list of one number */
  onDrill: (metric: string, title: string) => void
  /** open one house's history */
  onHouse: (houseId: number) => void
}

function Card({ title, children, testId, wide }: { title: string; children: ReactNode; testId?: string; wide?: boolean }) {
  return (
    <View className={`dash__card${wide ? ' dash__card--wide' : ''}`} data-testid={testId} role='region' aria-label={title}>
      <Text className='dash__subtitle'>{title}</Text>
      {children}
    </View>
  )
}

function Th({ text, row }: { text: string; row?: boolean }) {
  return (
    <View className='dash__th' role={row ? 'rowheader' : 'columnheader'}>
      <Text className='dash__th-text'>{text}</Text>
    </View>
  )
}

function Td({ text }: { text: string }) {
  return (
    <View className='dash__td' role='cell'>
      <Text className='dash__td-text'>{text}</Text>
    </View>
  )
}

const drillOf = (drill: Record<string, string>, field: string): string | undefined => drill[field]

/** Heat of a defect cell, 0..4, from its share of the worst cell (light to dark, text stays AA). */
function heat(cell: DashboardDefectCell | undefined, max: number): number {
  if (!cell || cell.defects === 0 || max === 0) return 0
  return Math.min(4, 1 + Math.floor(((cell.per100 ?? 0) / max) * 3.999))
}

/** Every figure of the dashboard, each with its label as text and, where it counts houses, a tap to its list. */
export function DashboardView({ data, onDrill, onHouse }: DashboardViewProps) {
  const drill = (d: Record<string, string>, field: string, title: string) => {
    const key = drillOf(d, field)
    return key ? () => onDrill(key, title) : undefined
  }
  const maxFunnel = Math.max(1, data.houses)
  const all = data.stageTimes[0]
  const maxP90 = Math.max(1, ...(all?.stages ?? []).map((s) => s.p90Hours ?? 0))
  const defectCell = (category: string, buildingId: number | null) =>
    data.defects.cells.find((c) => c.category === category && c.buildingId === buildingId)
  const maxPer100 = Math.max(0, ...data.defects.cells.filter((c) => c.buildingId !== null).map((c) => c.per100 ?? 0))
  const s = data.survey
  const journeyOf = (batch: string) => data.stageTimes.find((t) => t.batch === batch)?.journey

  return (
    <View className='dash__grid'>
      <Card title={`入伙漏斗（共 ${data.houses} 户）`} testId='dash-funnel'>
        {data.funnel.map((f) => (
          <View key={f.stage} className='dash__row'>
            <Bar
              label={f.title}
              text={`已完成 ${f.done} 户`}
              share={f.done / maxFunnel}
              onTap={drill(f.drill, 'done', `${f.title}：已完成`)}
              testId={`funnel-${f.stage}`}
            />
            {f.inProgress > 0 && (
              <View
                className='dash__link'
                role='button'
                aria-label={`${f.title}：当前在此环节 ${f.inProgress} 户，查看明细`}
                onClick={drill(f.drill, 'inProgress', `${f.title}：当前在此环节`)}
              >
                <Text className='dash__link-text'>{`当前在此环节 ${f.inProgress} 户 ›`}</Text>
              </View>
            )}
          </View>
        ))}
      </Card>

      <Card title='收楼率（计划与实际）' testId='dash-batches'>
        {data.batches.length === 0 && <Text className='dash__muted'>尚未设置交付批次</Text>}
        {data.batches.map((b) => (
          <View key={b.code} className='dash__row'>
            <Bar
              label={`${b.title}${b.startsOn ? `（${b.startsOn}${b.endsOn && b.endsOn !== b.startsOn ? ` 至 ${b.endsOn}` : ''}）` : ''}`}
              text={`${pct(b.handoverRate)}（${b.handedOver}/${b.due} 户）`}
              share={b.handoverRate ?? 0}
              tone='info'
              onTap={drill(b.drill, 'handedOver', `${b.title}：已交钥匙`)}
              testId={`batch-${b.code}`}
            />
            <View className='dash__figures'>
              <Figure value={`${b.houses}`} caption='全部房屋' onTap={drill(b.drill, 'houses', `${b.title}：全部房屋`)} />
              <Figure value={`${b.due}`} caption='计划应交' onTap={drill(b.drill, 'due', `${b.title}：计划应交`)} />
              <Figure value={`${b.handedOver}`} caption='实际已交' onTap={drill(b.drill, 'handedOver', `${b.title}：已交钥匙`)} />
            </View>
          </View>
        ))}
      </Card>

      <Card title={`今日进度（${data.today.date}）`} testId='dash-today'>
        <View className='dash__figures'>
          <Figure value={`${data.today.checkedIn}`} caption='已签到' onTap={drill(data.today.drill, 'checkedIn', '今日已签到')} testId='today-checkedIn' />
          <Figure value={`${data.today.inspected}`} caption='已验房' onTap={drill(data.today.drill, 'inspected', '今日已验房')} />
          <Figure value={`${data.today.keysHanded}`} caption='已交钥匙' onTap={drill(data.today.drill, 'keysHanded', '今日已交钥匙')} />
        </View>
      </Card>

      <Card title='各阶段用时（中位数 / 90分位）' testId='dash-stage-times'>
        {all?.stages.map((st) => (
          <Bar
            key={st.stage}
            label={st.title}
            text={st.count === 0 ? '暂无' : `中位 ${hours(st.medianHours)} · P90 ${hours(st.p90Hours)} · ${st.count} 户`}
            share={(st.medianHours ?? 0) / maxP90}
            mark={st.p90Hours === null ? undefined : st.p90Hours / maxP90}
            tone='info'
            onTap={st.count > 0 ? drill(st.drill, 'count', `${st.title}：已计时`) : undefined}
          />
        ))}
        {all && (
          <Figure
            value={`${hours(all.journey.medianHours)}`}
            caption={`全程（核验到完成）中位 · P90 ${hours(all.journey.p90Hours)} · ${all.journey.count} 户`}
            onTap={all.journey.count > 0 ? drill(all.journey.drill, 'count', '全程已完成') : undefined}
          />
        )}
        <Text className='dash__muted'>竖线为 90 分位。</Text>
      </Card>

      <Card title='超时预警' testId='dash-sla' wide>
        {data.sla.map((k) => (
          <View key={k.kind} className='dash__sla'>
            <View className='dash__sla-head'>
              <Text className='dash__item-title'>{`${k.title} · 负责：${ROLE_LABEL[k.role] ?? k.role}`}</Text>
              <View
                className={`dash__count${k.count > 0 ? ' dash__count--alert' : ''}`}
                role='button'
                aria-label={`${k.title}：${k.count} 项，${k.houses} 户，查看明细`}
                onClick={drill(k.drill, 'count', k.title)}
              >
                <Text className='dash__count-text'>{`${k.count} 项 / ${k.houses} 户`}</Text>
              </View>
            </View>
            {k.items.slice(0, 3).map((i, idx) => (
              <View key={idx} className='dash__sla-item' role='button' onClick={() => onHouse(i.houseId)}>
                <Text className='dash__item-title'>{`${i.label} · ${i.subject}`}</Text>
                <Text className='dash__muted'>
                  {`自 ${formatDateTime(i.since)} · 时限 ${formatDateTime(i.dueAt)} · ${i.staff ? i.staff.name : `${ROLE_LABEL[i.role] ?? i.role}岗`}`}
                </Text>
              </View>
            ))}
            {k.items.length > 3 && <Text className='dash__muted'>{`另有 ${k.items.length - 3} 项，点上方数字查看全部`}</Text>}
          </View>
        ))}
      </Card>

      <Card title={`问题分布（每百户已验房房屋的问题数，共 ${data.defects.total} 项）`} testId='dash-defects' wide>
        <ScrollView scrollX className='dash__table-scroll'>
          <View className='dash__table' role='table' aria-label='问题类别与楼栋'>
            <View className='dash__tr' role='row'>
              <Th text='类别' />
              {data.defects.buildings.map((b) => (
                <Th key={b.id} text={`${b.name}（已验房 ${b.houses} 户）`} />
              ))}
              <Th text='合计' />
            </View>
            {data.defects.categories.map((cat) => (
              <View key={cat} className='dash__tr' role='row'>
                <Th text={cat} row />
                {[...data.defects.buildings.map((b) => b.id), null].map((bid) => {
                  const c = defectCell(cat, bid)
                  const name = bid === null ? '合计' : (data.defects.buildings.find((b) => b.id === bid)?.name ?? '')
                  return (
                    <View
                      key={String(bid)}
                      className={`dash__td dash__td--h${bid === null ? 0 : heat(c, maxPer100)}`}
                      role='cell'
                      aria-label={`${cat} ${name}：${c?.defects ?? 0} 项，每百户 ${c?.per100 ?? 0}${c && c.defects > 0 ? '，查看明细' : ''}`}
                      onClick={c && c.defects > 0 ? drill(c.drill, 'defects', `${cat} · ${name}`) : undefined}
                    >
                      <Text className='dash__td-text'>{c ? `${c.per100 ?? '—'}` : '—'}</Text>
                      <Text className='dash__td-sub'>{c ? `${c.defects} 项` : ''}</Text>
                    </View>
                  )
                })}
              </View>
            ))}
          </View>
        </ScrollView>
        <Text className='dash__muted'>{`每百户合计 ${data.defects.per100 ?? '—'}；颜色越深问题越多。`}</Text>
      </Card>

      <Card title={`整改及时率 ${pct(data.repairs.onTimeRate)}`} testId='dash-repairs'>
        <View className='dash__figures dash__figures--two'>
          <Figure value={`${data.repairs.onTimeDone}`} caption='按期完成' onTap={drill(data.repairs.drill, 'onTimeDone', '整改：按期完成')} />
          <Figure value={`${data.repairs.overdueDone}`} caption='超期完成' onTap={drill(data.repairs.drill, 'overdueDone', '整改：超期完成')} />
          <Figure value={`${data.repairs.onTimeOpen}`} caption='未到期未完成' onTap={drill(data.repairs.drill, 'onTimeOpen', '整改：未到期')} />
          <Figure value={`${data.repairs.overdueOpen}`} caption='已超期未完成' onTap={drill(data.repairs.drill, 'overdueOpen', '整改：已超期')} />
        </View>
        <Text className='dash__muted'>{`整改单共 ${data.repairs.total} 张；及时率 = 按期完成 / 已完成。`}</Text>
      </Card>

      <Card title='一次验收合格率' testId='dash-first-pass'>
        <Bar
          label='首轮验房无问题'
          text={`${pct(data.firstPass.rate)}（${data.firstPass.firstPass}/${data.firstPass.inspected} 户）`}
          share={data.firstPass.rate ?? 0}
          onTap={drill(data.firstPass.drill, 'firstPass', '首轮验房无问题')}
        />
        <Figure value={`${data.firstPass.inspected}`} caption='已完成首轮验房' onTap={drill(data.firstPass.drill, 'inspected', '已完成首轮验房')} />
      </Card>

      <Card title='满意度' testId='dash-survey'>
        <Figure
          value={s.csi === null ? '暂无' : s.csi.toFixed(1)}
          caption={`CSI（百分制），${s.responses} 份答卷；行业参考 ${s.benchmark.value}${s.vsBenchmark === null ? '' : `，${s.vsBenchmark >= 0 ? '高' : '低'} ${Math.abs(s.vsBenchmark).toFixed(1)} 分`}`}
          onTap={drill(s.drill, 'responses', '已答卷')}
          testId='survey-csi'
        />
        {s.items.map((i) => {
          const on100 = i.mean === null ? null : ((i.mean - 1) / 4) * 100
          return (
            <Bar
              key={i.code}
              label={i.title}
              text={i.mean === null ? '暂无' : `${i.mean.toFixed(2)} ± ${i.sd === null ? '—' : i.sd.toFixed(2)}（折合 ${on100!.toFixed(1)}）`}
              share={on100 === null ? 0 : on100 / 100}
              mark={s.benchmark.value / 100}
              tone={on100 !== null && on100 < s.benchmark.value ? 'warning' : 'primary'}
            />
          )
        })}
        <Text className='dash__muted'>{`均值 ± 标准差（1-5 分），折合百分制；竖线为行业参考 ${s.benchmark.value}（${s.benchmark.source}）。`}</Text>
      </Card>

      <Card title='业主意见主题' testId='dash-themes'>
        {s.themes.map((t) => (
          <View key={t.theme} className='dash__row'>
            <Bar
              label={t.title}
              text={`${t.count} 条`}
              share={t.count / Math.max(1, ...s.themes.map((x) => x.count))}
              tone='warning'
              onTap={t.count > 0 ? drill(t.drill, 'count', `意见：${t.title}`) : undefined}
            />
            {t.answers.slice(0, 2).map((a, idx) => (
              <Text key={idx} className='dash__quote'>{`“${a.text}”`}</Text>
            ))}
          </View>
        ))}
        <Text className='dash__muted'>{s.themeMethod}</Text>
      </Card>

      {(data.contractors ?? []).length > 0 && (
        <Card title='施工单位整改情况' testId='dash-contractors' wide>
          <ScrollView scrollX className='dash__table-scroll'>
            <View className='dash__table' role='table' aria-label='施工单位整改情况'>
              <View className='dash__tr' role='row'>
                {['施工单位', '派单', '未完成', '已超期', '返工次数', '已验收', '按期'].map((h) => (
                  <Th key={h} text={h} />
                ))}
              </View>
              {(data.contractors ?? []).map((c) => (
                <View key={c.id} className='dash__tr' role='row'>
                  <Th text={c.name} row />
                  <Td text={`${c.assigned}`} />
                  <Td text={`${c.open}`} />
                  <Td text={`${c.overdue}`} />
                  <Td text={`${c.reopened}`} />
                  <Td text={`${c.done}`} />
                  <Td text={`${c.onTime}`} />
                </View>
              ))}
            </View>
          </ScrollView>
          <Text className='dash__muted'>返工次数 = 验房员退回重修的次数；已超期 = 未报完工且过了整改期限。</Text>
        </Card>
      )}

      <Card title='批次对比' testId='dash-compare' wide>
        <ScrollView scrollX className='dash__table-scroll'>
          <View className='dash__table' role='table' aria-label='批次对比'>
            <View className='dash__tr' role='row'>
              {['批次', '房屋', '应交', '已交', '收楼率', '全程中位', 'CSI'].map((h) => (
                <Th key={h} text={h} />
              ))}
            </View>
            {data.batches.map((b) => (
              <View key={b.code} className='dash__tr' role='row'>
                <Th text={b.title} row />
                <Td text={`${b.houses}`} />
                <Td text={`${b.due}`} />
                <Td text={`${b.handedOver}`} />
                <Td text={pct(b.handoverRate)} />
                <Td text={hours(journeyOf(b.code)?.medianHours)} />
                <Td text={b.csi === null ? '—' : b.csi.toFixed(1)} />
              </View>
            ))}
          </View>
        </ScrollView>
      </Card>

      {Object.keys(data.notes).length > 0 && (
        <Card title='口径说明' wide>
          {Object.entries(data.notes).map(([k, v]) => (
            <Text key={k} className='dash__muted'>{v}</Text>
          ))}
        </Card>
      )}
    </View>
  )
}

export default DashboardView

import { Text, View } from '@tarojs/components'
import type { SurveySummary } from '../../../types'
import './index.scss'

const fmt = (v: number | null, digits = 2) => (v === null ? '—' : v.toFixed(digits))

/** CSI against the benchmark, mean ± sd per item with a bar, and open answers by item. */
export function SurveySummaryView({ summary }: { summary: SurveySummary }) {
  const { csi, benchmark, vsBenchmark } = summary
  const above = vsBenchmark !== null && vsBenchmark >= 0
  return (
    <View className='ssv'>
      <View className='ssv__card' data-testid='survey-csi'>
        <Text className='ssv__label'>满意度指数 CSI（百分制）</Text>
        <Text className='ssv__csi'>{csi === null ? '暂无数据' : csi.toFixed(1)}</Text>
        <Text className='ssv__muted'>{`有效答卷 ${summary.responses} 份`}</Text>
        <Text className={`ssv__bench ${vsBenchmark === null ? '' : above ? 'ssv__bench--up' : 'ssv__bench--down'}`}>
          {vsBenchmark === null
            ? `行业参考：${benchmark.value}（${benchmark.source}）`
            : `${above ? '高于' : '低于'}行业参考 ${Math.abs(vsBenchmark).toFixed(1)} 分（参考值 ${benchmark.value}，${benchmark.source}）`}
        </Text>
        {summary.openFollowups > 0 && <Text className='ssv__warn'>{`低分待回访：${summary.openFollowups} 户`}</Text>}
        <Text className='ssv__note'>{summary.csiMethod}</Text>
      </View>

      <View className='ssv__card'>
        <Text className='ssv__subtitle'>分项得分（1-5 分，均值 ± 标准差）</Text>
        {summary.items.map((i) => (
          <View key={i.code} className='ssv__item' data-testid='survey-stat'>
            <View className='ssv__item-head'>
              <Text className='ssv__item-title'>{i.title}</Text>
              <Text className='ssv__item-value'>{i.mean === null ? '—' : `${fmt(i.mean)} ± ${fmt(i.sd)}`}</Text>
            </View>
            <View className='ssv__bar' aria-hidden='true'>
              <View className='ssv__bar-fill' style={{ width: `${i.mean === null ? 0 : ((i.mean - 1) / 4) * 100}%` }} />
            </View>
            <Text className='ssv__muted'>{`权重 ${i.weight} · ${i.count} 份 · 低分（≤2）${i.lowCount} 份`}</Text>
          </View>
        ))}
      </View>

      <View className='ssv__card'>
        <Text className='ssv__subtitle'>业主意见（按调查项归类）</Text>
        {summary.openAnswers.length === 0 && <Text className='ssv__muted'>暂无文字意见</Text>}
        {summary.openAnswers.map((g) => (
          <View key={g.code} className='ssv__group' data-testid='survey-answers-group'>
            <Text className='ssv__group-title'>{`${g.title}（${g.answers.length}）`}</Text>
            {g.answers.map((a, idx) => (
              <Text key={idx} className='ssv__answer'>
                {`${a.score === null ? '' : `[${a.score}星] `}${a.text}`}
              </Text>
            ))}
          </View>
        ))}
      </View>
    </View>
  )
}

export default SurveySummaryView

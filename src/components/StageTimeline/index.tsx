import { Text, View } from '@tarojs/components'
import type { StageProgress, StageStatus } from '../../../types'
import { formatDateTime } from '../../utils/time'
import { STATUS_LABELS, StatusTag } from '../StatusTag'
import './index.scss'

// a glyph inside the dot; colour + text tag carry the meaning too, never colour alone
const DOT_GLYPH: Record<StageStatus, string> = {
  done: '✓',
  in_progress: '…',
  available: '',
  attention: '!',
  locked: ''
}

export interface StageTimelineProps {
  stages: StageProgress[]
  currentStage?: string
}

/** Every stage of the move-in, in order, with its status, summary, blockers and done time. */
export function StageTimeline({ stages, currentStage }: StageTimelineProps) {
  return (
    <View className='stage-timeline' role='list' aria-label='入伙进度'>
      {stages.map((s, i) => {
        const done = formatDateTime(s.doneAt)
        const current = s.stage === currentStage
        return (
          <View
            key={s.stage}
            role='listitem'
            className={`stage-timeline__item stage-timeline__item--${s.status}${current ? ' is-current' : ''}`}
            aria-label={`第${i + 1}步 ${s.title}，${STATUS_LABELS[s.status]}`}
            data-stage={s.stage}
          >
            <View className='stage-timeline__rail'>
              <View className={`stage-timeline__dot stage-timeline__dot--${s.status}`} aria-hidden='true'>
                <Text>{DOT_GLYPH[s.status] || String(i + 1)}</Text>
              </View>
              {i < stages.length - 1 && <View className='stage-timeline__line' aria-hidden='true' />}
            </View>
            <View className='stage-timeline__body'>
              <View className='stage-timeline__head'>
                <Text className='stage-timeline__title'>{s.title}</Text>
                <StatusTag status={s.status} />
              </View>
              {s.summary !== '' && <Text className='stage-timeline__summary'>{s.summary}</Text>}
              {s.blockers.length > 0 && (
                <View className='stage-timeline__blockers'>
                  {s.blockers.map((b) => (
                    <Text key={b} className='stage-timeline__blocker'>
                      {`· ${b}`}
                    </Text>
                  ))}
                </View>
              )}
              {done !== '' && <Text className='stage-timeline__time'>{`完成于 ${done}`}</Text>}
            </View>
          </View>
        )
      })}
    </View>
  )
}

export default StageTimeline

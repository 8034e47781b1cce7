import { Text, View } from '@tarojs/components'

export interface BarProps {
  label: string
  /** the number as the manager reads it, e.g. "37 户" or "82.3%" */
  text: string
  /** 0..1 share of the track the bar fills */
  share: number
  /** 0..1 position of a reference line (the 68.7 benchmark), if any */
  mark?: number
  tone?: 'primary' | 'info' | 'warning' | 'danger'
  onTap?: () => void
  testId?: string
}

/**
 * A horizontal bar drawn with CSS (a View whose width is the share): runs the same on weapp
 * and H5, costs no chart library, and keeps the number as text beside the bar, so a screen
 * reader reads "label: number" and the bar itself is decoration.
 */
export function Bar({ label, text, share, mark, tone = 'primary', onTap, testId }: BarProps) {
  const width = `${Math.max(0, Math.min(1, Number.isFinite(share) ? share : 0)) * 100}%`
  return (
    <View
      className={`dash-bar${onTap ? ' dash-bar--tap' : ''}`}
      role={onTap ? 'button' : undefined}
      aria-label={onTap ? `${label}：${text}，查看明细` : undefined}
      data-testid={testId}
      onClick={onTap}
    >
      <View className='dash-bar__head'>
        <Text className='dash-bar__label'>{label}</Text>
        <Text className='dash-bar__value'>{text}</Text>
      </View>
      <View className='dash-bar__track' aria-hidden='true'>
        <View className={`dash-bar__fill dash-bar__fill--${tone}`} style={{ width }} />
        {mark !== undefined && <View className='dash-bar__mark' style={{ left: `${Math.max(0, Math.min(1, mark)) * 100}%` }} />}
      </View>
    </View>
  )
}

/** A number that opens its drill-down: big figure, caption under it. */
export function Figure({ value, caption, onTap, testId }: { value: string; caption: string; onTap?: () => void; testId?: string }) {
  return (
    <View
      className={`dash-figure${onTap ? ' dash-figure--tap' : ''}`}
      role={onTap ? 'button' : undefined}
      aria-label={onTap ? `${caption}：${value}，查看明细` : undefined}
      data-testid={testId}
      onClick={onTap}
    >
      <Text className='dash-figure__value'>{value}</Text>
      <Text className='dash-figure__caption'>{caption}</Text>
    </View>
  )
}

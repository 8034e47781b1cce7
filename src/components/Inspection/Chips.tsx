import { Text, View } from '@tarojs/components'

/** A labelled single-choice group of chips (radio semantics). */
export function Chips<T extends string>({ label, options, value, onChange, labels }: { label: string; options: readonly T[]; value: T | null; onChange: (v: T) => void; labels?: Partial<Record<T, string>> }) {
  return (
    <View className='insp-chips'>
      <Text className='insp-chips__label'>{label}</Text>
      <View className='insp-chips__row' role='radiogroup' aria-label={label}>
        {options.map((o) => (
          <View
            key={o}
            role='radio'
            aria-checked={value === o ? 'true' : 'false'}
            aria-label={labels?.[o] ?? o}
            className={`insp-chip${value === o ? ' insp-chip--on' : ''}`}
            onClick={() => onChange(o)}
          >
            <Text>{labels?.[o] ?? o}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}

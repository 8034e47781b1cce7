import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'

/**
 * A count with big − / + buttons (counting keys at the counter). NutUI's InputNumber has
 * 20 px targets and an unlabelled <input> on H5; this one is labelled as a group.
 */
export function Stepper({ label, value, min = 0, max = 20, onChange }: { label: string; value: number; min?: number; max?: number; onChange: (n: number) => void }) {
  return (
    <View className='onsite-stepper' role='group' aria-label={`${label}数量`}>
      <Button className='onsite-stepper__btn' fill='outline' disabled={value <= min} aria-label={`减少${label}`} onClick={() => onChange(Math.max(min, value - 1))}>
        −
      </Button>
      <Text className='onsite-stepper__value' aria-live='polite' data-testid={`count-${label}`}>
        {value}
      </Text>
      <Button className='onsite-stepper__btn' fill='outline' disabled={value >= max} aria-label={`增加${label}`} onClick={() => onChange(Math.min(max, value + 1))}>
        +
      </Button>
    </View>
  )
}

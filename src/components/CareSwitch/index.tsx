import { Text, View } from '@tarojs/components'
import { useCareMode } from '../../hooks/useCareMode'
import './index.scss'

// Taro's View props omit `role`/`aria-checked` typing for a switch; both reach the DOM and weapp
const SWITCH_ROLE = { role: 'switch' } as Record<string, string>

/**
 * The 长辈模式 switch (larger text and buttons), remembered on this phone. Shown on the QR
 * landing, the owner home and the staff home.
 */
export function CareSwitch({ className }: { className?: string }) {
  const [on, setOn] = useCareMode()
  return (
    <View
      className={`care-switch${on ? ' care-switch--on' : ''}${className ? ` ${className}` : ''}`}
      {...SWITCH_ROLE}
      aria-checked={on ? 'true' : 'false'}
      aria-label='长辈模式'
      data-testid='care-switch'
      onClick={() => setOn(!on)}
    >
      <Text className='care-switch__label'>长辈模式</Text>
      <Text className='care-switch__state' aria-hidden='true'>
        {on ? '已开启' : '大字大按钮'}
      </Text>
      <View className='care-switch__track' aria-hidden='true'>
        <View className='care-switch__knob' />
      </View>
    </View>
  )
}

export default CareSwitch

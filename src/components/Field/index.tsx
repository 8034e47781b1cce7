import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { Input } from '@nutui/nutui-react-taro'
import './index.scss'

export interface FieldProps {
  /** visible label, also the input's aria-label */
  label: string
  name: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  hint?: ReactNode
  error?: string
  /** `number`: whole numbers only (NutUI drops the dot); `digit`: decimals such as meter readings */
  type?: 'text' | 'idcard' | 'number' | 'digit' | 'password'
  maxLength?: number
  disabled?: boolean
  required?: boolean
}

/** A labelled text input with its hint and field error below. */
export function Field(props: FieldProps) {
  const { label, name, value, onChange, placeholder, hint, error, type = 'text', maxLength, disabled, required } = props
  const id = `field-${name}`
  return (
    <View className={`field${error ? ' field--invalid' : ''}`} data-field={name}>
      {/* the input carries the label itself: the visible copy is hidden from screen readers, or it is read twice */}
      <View className='field__label' id={`${id}-label`} aria-hidden='true'>
        <Text>{label}</Text>
        {required && (
          <Text className='field__required' aria-hidden='true'>
            {' *'}
          </Text>
        )}
      </View>
      <Input
        className='field__input'
        name={name}
        id={id}
        aria-label={label}
        aria-invalid={error ? 'true' : 'false'}
        // H5: Taro's <taro-input-core> copies only nativeProps onto the real <input>
        nativeProps={{ 'aria-label': label, 'aria-invalid': error ? 'true' : 'false', 'aria-required': required ? 'true' : 'false', id: `${id}-native` }}
        value={value}
        onChange={(v: string) => onChange(v)}
        placeholder={placeholder}
        type={type}
        maxLength={maxLength}
        disabled={disabled}
        clearable
      />
      {hint && !error && <Text className='field__hint'>{hint}</Text>}
      {error && (
        <View className='field__error' role='alert'>
          <Text>{error}</Text>
        </View>
      )}
    </View>
  )
}

export default Field

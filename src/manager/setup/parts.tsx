import { useCallback, useRef, useState, type ReactNode } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import type { ApiResult } from '../../api/client'
import { redirectToLogin } from '../../stores/session'

/** One section of the set-up page: a title, what it is for, then its forms. */
export function Section({ title, intro, children, testId }: { title: string; intro?: string; children: ReactNode; testId?: string }) {
  return (
    <View className='setup__card' data-testid={testId}>
      <Text className='setup__title'>{title}</Text>
      {intro && <Text className='setup__muted setup__intro'>{intro}</Text>}
      {children}
    </View>
  )
}

export interface ChipOption<T extends string | number> {
  value: T
  label: string
}

/** A single- or multi-choice group of large tappable chips (a radio / checkbox group). */
export function Chips<T extends string | number>(props: {
  label: string
  options: ChipOption<T>[]
  value: T[]
  onChange: (value: T[]) => void
  multiple?: boolean
}) {
  const { label, options, value, onChange, multiple } = props
  return (
    <View className='setup__field'>
      <Text className='setup__label'>{label}</Text>
      <View className='setup__chips' role={multiple ? 'group' : 'radiogroup'} aria-label={label}>
        {options.map((o) => {
          const on = value.includes(o.value)
          return (
            <View
              key={String(o.value)}
              role={multiple ? 'checkbox' : 'radio'}
              aria-checked={on ? 'true' : 'false'}
              className={`setup__chip${on ? ' setup__chip--on' : ''}`}
              onClick={() => onChange(multiple ? (on ? value.filter((v) => v !== o.value) : [...value, o.value]) : [o.value])}
            >
              <Text>{o.label}</Text>
            </View>
          )
        })}
      </View>
    </View>
  )
}

/** A labelled multi-line text box. */
export function TextBox(props: { label: string; value: string; onChange: (v: string) => void; placeholder?: string; hint?: string; maxLength?: number; tall?: boolean }) {
  return (
    <View className='setup__field'>
      <Text className='setup__label'>{props.label}</Text>
      <Textarea
        className={`setup__textarea${props.tall ? ' setup__textarea--tall' : ''}`}
        value={props.value}
        maxlength={props.maxLength ?? 2000}
        placeholder={props.placeholder}
        aria-label={props.label}
        // H5: the label has to reach the real <textarea>
        nativeProps={{ 'aria-label': props.label }}
        onInput={(e) => props.onChange(e.detail.value)}
      />
      {props.hint && <Text className='setup__hint'>{props.hint}</Text>}
    </View>
  )
}

/**
 * Runs one server action at a time: `busy` while it runs, the server's Chinese message in
 * `error` when it fails (a 401 goes back to sign-in), `done` with a short success text.
 * Resolves the data (null for a 204), or undefined when it failed.
 */
export function useAction() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const running = useRef(false)
  const run = useCallback(async <T,>(call: () => Promise<ApiResult<T>>, success?: string): Promise<T | undefined> => {
    if (running.current) return undefined
    running.current = true
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      const res = await call()
      if (res.ok) {
        if (success) setDone(success)
        return res.data
      }
      if (res.status === 401) redirectToLogin('staff')
      setError(res.message)
      return undefined
    } finally {
      running.current = false
      setBusy(false)
    }
  }, [])
  return { busy, error, done, run, setError, setDone }
}

/** A short confirmation after a save (polite live region). */
export function Done({ message }: { message: string | null }) {
  if (!message) return null
  return (
    <View className='setup__done' role='status' aria-live='polite'>
      <Text>{message}</Text>
    </View>
  )
}

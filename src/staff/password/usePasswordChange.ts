import { useCallback, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { changePassword } from '../../api/accounts'
import { logoutStaff } from '../../api/staff'
import { PAGES } from '../../routes'
import { clearSession, getStaffSession, redirectToLogin, setMustChangePassword } from '../../stores/session'

/** The server's minimum (types/accounts.ts PASSWORD_MIN_LENGTH; the app imports types only). */
export const PASSWORD_MIN_LENGTH = 10

export interface PasswordForm {
  current: string
  next: string
  repeat: string
}

export type PasswordErrors = Partial<Record<keyof PasswordForm, string>>

/** What is wrong with the form before it is sent (same rules as the server, in its words). */
export function validatePasswordForm(f: PasswordForm): PasswordErrors {
  const e: PasswordErrors = {}
  if (f.current === '') e.current = '请输入当前密码'
  if (Array.from(f.next).length < PASSWORD_MIN_LENGTH) e.next = `新密码至少需要 ${PASSWORD_MIN_LENGTH} 位`
  else if (f.next === f.current) e.next = '新密码不能与当前密码相同'
  if (!e.next && f.repeat !== f.next) e.repeat = '两次输入的新密码不一致'
  return e
}

/** staff/password: change the own password; after a one-time password this is the only way on. */
export function usePasswordChange() {
  const [mustChange] = useState(() => getStaffSession()?.mustChangePassword ?? false)
  const [errors, setErrors] = useState<PasswordErrors>({})
  const [error, setError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const [done, setDone] = useState(false)
  const busy = useRef(false)

  const submit = useCallback(async (f: PasswordForm) => {
    if (busy.current) return
    const e = validatePasswordForm(f)
    setErrors(e)
    setError(null)
    if (Object.keys(e).length > 0) return
    busy.current = true
    setSubmitting(true)
    const res = await changePassword({ currentPassword: f.current, newPassword: f.next })
    busy.current = false
    setSubmitting(false)
    if (res.ok) {
      setMustChangePassword(false)
      setDone(true)
      void Taro.showToast({ title: '密码已修改', icon: 'success' })
      void Taro.reLaunch({ url: PAGES.staffHome })
      return
    }
    if (res.status === 401) return redirectToLogin('staff')
    if (res.code === 'PASSWORD_WRONG') setErrors({ current: res.message })
    else if (res.code === 'PASSWORD_TOO_SHORT' || res.code === 'PASSWORD_UNCHANGED') setErrors({ next: res.message })
    else setError(res.message)
  }, [])

  const logout = useCallback(async () => {
    await logoutStaff()
    clearSession('staff')
    void Taro.reLaunch({ url: PAGES.staffLogin })
  }, [])

  return { mustChange, errors, error, submitting, done, submit, logout }
}

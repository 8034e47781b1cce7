import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import { loginStaff } from '../api/staff'
import { PAGES } from '../routes'
import { setStaffSession } from '../stores/session'

export function useStaffLogin() {
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const login = useCallback(async (username: string, password: string) => {
    const u = username.trim()
    if (u === '' || password === '') {
      setError('请填写用户名和密码')
      return
    }
    setSubmitting(true)
    setError(null)
    const res = await loginStaff({ username: u, password })
    setSubmitting(false)
    if (!res.ok) {
      setError(res.message)
      return
    }
    setStaffSession(res.data)
    // a one-time password is replaced before anything else
    void Taro.reLaunch({ url: res.data.mustChangePassword ? PAGES.staffPassword : PAGES.staffHome })
  }, [])

  return { login, submitting, error }
}

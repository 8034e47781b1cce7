import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { reLaunch, resetTaroDouble } from './taro-double'
import StaffPasswordPage from '../../src/staff/password/index'
import StaffLoginPage from '../../src/staff/login/index'
import { validatePasswordForm } from '../../src/staff/password/usePasswordChange'
import { request as apiRequest } from '../../src/api/client'
import { getStaffSession, setStaffSession } from '../../src/stores/session'
import { apiError, posts, serveApi } from './helpers'

jest.setTimeout(30000)

const USER = { id: 7, username: 'zhao.li', displayName: '前台 赵丽', role: 'reception' as const, communityName: '锦绣花园' }

function session(mustChangePassword: boolean) {
  setStaffSession({ token: 'staff-tok-0123456789abcdef', expiresAt: new Date(Date.now() + 3600_000).toISOString(), user: USER, mustChangePassword })
}

/** Type into a NutUI Input (Taro's input element emits `input` with detail.value). */
function typeInto(label: string, value: string) {
  const el = document.querySelector(`[aria-label="${label}"]`)
  if (!el) throw new Error(`no input labelled ${label}`)
  act(() => {
    const ev = new Event('input', { bubbles: true }) as Event & { detail?: unknown }
    Object.defineProperty(ev, 'detail', { value: { value } })
    Object.defineProperty(ev, 'target', { value: { value } })
    el.dispatchEvent(ev)
  })
}

async function click(text: string) {
  const btn = screen.getByText(text).closest('.nut-button') ?? screen.getByText(text)
  await act(async () => {
    fireEvent.click(btn)
  })
}


beforeEach(() => {
  resetTaroDouble()
})

describe('staff/password', () => {
  test('after a one-time password it asks for a new one, each field labelled once', () => {
    session(true)
    render(<StaffPasswordPage />)
    expect(screen.getByText('请设置新密码')).toBeTruthy()
    expect(screen.getByText(/一次性初始密码/)).toBeTruthy()
    for (const label of ['一次性密码', '新密码', '再次输入新密码']) {
      // one visible label per control, which is also its accessible name
      expect(screen.getAllByText(label)).toHaveLength(1)
      expect(document.querySelector(`[aria-label="${label}"]`)).not.toBeNull()
    }
  })

  test('a new password under 10 characters or a different repeat is refused before sending', async () => {
    session(true)
    serveApi(() => undefined)
    render(<StaffPasswordPage />)
    typeInto('一次性密码', 'OneTime23456')
    typeInto('新密码', 'short')
    typeInto('再次输入新密码', 'short')
    await click('保存新密码')
    expect(screen.getByText('新密码至少需要 10 位')).toBeTruthy()
    typeInto('新密码', 'a-long-new-secret')
    typeInto('再次输入新密码', 'a-long-new-secreT')
    await click('保存新密码')
    expect(screen.getByText('两次输入的新密码不一致')).toBeTruthy()
    expect(posts()).toHaveLength(0)
  })

  test('a wrong current password is shown beside that field', async () => {
    session(true)
    serveApi((url) => (url.endsWith('/api/staff/password') ? apiError(400, 'PASSWORD_WRONG', '当前密码不正确') : undefined))
    render(<StaffPasswordPage />)
    typeInto('一次性密码', 'wrong-one-time')
    typeInto('新密码', 'a-long-new-secret')
    typeInto('再次输入新密码', 'a-long-new-secret')
    await click('保存新密码')
    await waitFor(() => expect(screen.getByText('当前密码不正确')).toBeTruthy())
    expect(document.querySelector('[data-field="currentPassword"] [role="alert"]')?.textContent).toBe('当前密码不正确')
    expect(getStaffSession()?.mustChangePassword).toBe(true)
  })

  test('a successful change clears the flag and opens the staff home', async () => {
    session(true)
    serveApi((url, { method }) => (url.endsWith('/api/staff/password') && method === 'POST' ? { status: 200, body: { ok: true } } : undefined))
    render(<StaffPasswordPage />)
    typeInto('一次性密码', 'OneTime23456')
    typeInto('新密码', 'zhao-li-secret-2026')
    typeInto('再次输入新密码', 'zhao-li-secret-2026')
    await click('保存新密码')
    await waitFor(() => expect(reLaunch).toHaveBeenCalledWith({ url: '/staff/index/index' }))
    expect(posts()[0][0].data).toEqual({ currentPassword: 'OneTime23456', newPassword: 'zhao-li-secret-2026' })
    expect(posts()[0][0].header.Authorization).toBe('Bearer staff-tok-0123456789abcdef')
    expect(getStaffSession()?.mustChangePassword).toBe(false)
  })

  test('the rules match the server: length in characters, new differs from current', () => {
    expect(validatePasswordForm({ current: 'x', next: '安家入伙一二三四五六', repeat: '安家入伙一二三四五六' })).toEqual({})
    expect(validatePasswordForm({ current: 'same-password-1', next: 'same-password-1', repeat: 'same-password-1' }).next).toBe('新密码不能与当前密码相同')
    expect(validatePasswordForm({ current: '', next: 'long-enough-pw', repeat: 'long-enough-pw' }).current).toBe('请输入当前密码')
  })
})

describe('reaching the form', () => {
  test('a sign-in with a one-time password goes straight to the change form', async () => {
    serveApi((url) =>
      url.endsWith('/api/staff/login')
        ? { status: 200, body: { token: 'staff-tok-0123456789abcdef', expiresAt: new Date(Date.now() + 3600_000).toISOString(), user: USER, mustChangePassword: true } }
        : undefined
    )
    render(<StaffLoginPage />)
    typeInto('用户名', 'zhao.li')
    typeInto('密码', 'OneTime23456')
    await click('登录')
    await waitFor(() => expect(reLaunch).toHaveBeenCalledWith({ url: '/staff/password/index' }))
    expect(getStaffSession()?.mustChangePassword).toBe(true)
  })

  test('any staff request answered PASSWORD_CHANGE_REQUIRED sends the app to the form', async () => {
    session(false)
    serveApi(() => apiError(403, 'PASSWORD_CHANGE_REQUIRED', '请先修改初始密码，再继续使用'))
    const res = await apiRequest('/api/staff/houses', { auth: 'staff' })
    expect(res.ok).toBe(false)
    expect(!res.ok && res.code).toBe('PASSWORD_CHANGE_REQUIRED')
    expect(reLaunch).toHaveBeenCalledWith({ url: '/staff/password/index' })
    expect(getStaffSession()?.mustChangePassword).toBe(true)
    // an owner request with the same code would not touch the staff session
    reLaunch.mockClear()
    await apiRequest('/api/owner/me', { auth: 'owner' })
    expect(reLaunch).not.toHaveBeenCalled()
  })
})

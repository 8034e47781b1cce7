import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { request, resetTaroDouble, showModal } from './taro-double'
import ManagerAccountsPage from '../../src/manager/accounts/index'
import { setStaffSession } from '../../src/stores/session'
import { apiError, serveApi } from './helpers'
import type { StaffAccount } from '../../types'

jest.setTimeout(30000)

const account = (over: Partial<StaffAccount>): StaffAccount => ({
  id: 1,
  username: 'manager',
  displayName: '项目经理 王强',
  role: 'manager',
  active: true,
  mustChangePassword: false,
  createdAt: '2026-03-01T00:00:00.000Z',
  passwordChangedAt: null,
  ...over
})

let accounts: StaffAccount[]

function api() {
  serveApi((url, { method, data }) => {
    if (url.endsWith('/api/staff/accounts') && method === 'GET') return { status: 200, body: { items: accounts } }
    if (url.endsWith('/api/staff/accounts') && method === 'POST') {
      const body = data as { username: string; displayName: string; role: StaffAccount['role'] }
      if (body.username === 'reception') return apiError(409, 'USERNAME_TAKEN', '用户名 reception 已被使用，请换一个')
      const a = account({ id: 9, ...body, mustChangePassword: true })
      accounts = [...accounts, a]
      return { status: 200, body: { account: a, oneTimePassword: 'Hk7mPq2xWz9a' } }
    }
    const m = /\/api\/staff\/accounts\/(\d+)$/.exec(url)
    if (m && method === 'PATCH') {
      accounts = accounts.map((a) => (a.id === Number(m[1]) ? { ...a, ...(data as object) } : a))
      return { status: 200, body: accounts.find((a) => a.id === Number(m[1])) }
    }
    return undefined
  })
}

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

async function click(el: Element) {
  await act(async () => {
    fireEvent.click(el.closest('.nut-button') ?? el)
  })
}

beforeEach(() => {
  resetTaroDouble()
  setStaffSession({
    token: 'mgr-tok-0123456789abcdefgh',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    user: { id: 1, username: 'manager', displayName: '项目经理 王强', role: 'manager', communityName: '锦绣花园' },
    mustChangePassword: false
  })
  accounts = [account({}), account({ id: 2, username: 'reception', displayName: '前台 林晓', role: 'reception' })]
  api()
})

test('lists accounts with role labels; the manager’s own account has no disable or role button', async () => {
  render(<ManagerAccountsPage />)
  await waitFor(() => expect(screen.getAllByTestId('account-item')).toHaveLength(2))
  const [self, other] = screen.getAllByTestId('account-item')
  expect(self.textContent).toContain('（本人）')
  expect(self.textContent).not.toContain('停用账号')
  expect(other.textContent).toContain('接待')
  expect(other.textContent).toContain('停用账号')
  expect(other.textContent).toContain('重置密码')
})

test('a new account shows its one-time password once, until closed', async () => {
  render(<ManagerAccountsPage />)
  await waitFor(() => screen.getAllByTestId('account-item'))
  typeInto('用户名', 'zhangmin')
  typeInto('姓名', '客服 张敏')
  await click(screen.getByText('审核'))
  await click(screen.getByText('开通账号'))
  await waitFor(() => expect(screen.getByTestId('issued-password').textContent).toContain('Hk7mPq2xWz9a'))
  const post = request.mock.calls.find(([o]) => o.method === 'POST')![0]
  expect(post.data).toEqual({ username: 'zhangmin', displayName: '客服 张敏', role: 'reviewer' })
  expect(screen.getByText(/只显示这一次/)).toBeTruthy()
  await click(screen.getByText('我已记下，关闭'))
  expect(screen.queryByText('Hk7mPq2xWz9a')).toBeNull()
  expect(screen.getAllByTestId('account-item')).toHaveLength(3)
})

test('a taken username is said beside the form', async () => {
  render(<ManagerAccountsPage />)
  await waitFor(() => screen.getAllByTestId('account-item'))
  typeInto('用户名', 'reception')
  typeInto('姓名', '前台 二号')
  await click(screen.getByText('开通账号'))
  await waitFor(() => expect(screen.getByTestId('create-error').textContent).toContain('已被使用'))
})

test('disabling asks first, then shows the account as disabled', async () => {
  showModal.mockImplementation(() => Promise.resolve({ confirm: true, cancel: false }))
  render(<ManagerAccountsPage />)
  await waitFor(() => screen.getAllByTestId('account-item'))
  await click(screen.getByText('停用账号'))
  await waitFor(() => expect(screen.getAllByTestId('account-item')[1].textContent).toContain('已停用'))
  expect(showModal).toHaveBeenCalled()
  expect(request.mock.calls.find(([o]) => o.method === 'PATCH')![0].data).toEqual({ active: false })
  expect(screen.getByText('启用账号')).toBeTruthy()
})

import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { reLaunch, request, resetTaroDouble, setRouterParams } from './taro-double'
import EntryPage from '../../src/pages/entry/index'
import { getOwnerSession } from '../../src/stores/session'
import { apiError, serveApi } from './helpers'

/** The entry lookup: POST /api/entry with the token in the body (never in the URL). */
const isEntry = (url: string, req: { method: string; data?: unknown }) =>
  url === '/api/entry' && req.method === 'POST' && (req.data as { token?: string } | undefined)?.token === 'aB3xK9'

const ENTRY = { communityName: '锦绣花园', houseLabel: '1栋2单元1201', openForMoveIn: true, servicePhone: '020-12345678' }
const SESSION = {
  sessionToken: 'tok-1',
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  role: 'owner',
  house: { id: 1, communityName: '锦绣花园', building: '1', unit: '2', room: '1201', label: '1栋2单元1201', area: 98.5, batch: '第一批' }
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

function clickButton(text: string) {
  const btn = screen.getByText(text).closest('.nut-button') ?? screen.getByText(text)
  act(() => {
    fireEvent.click(btn)
  })
}

beforeEach(() => resetTaroDouble())

describe('entry page', () => {
  it('shows the house and the verification form for a good token', async () => {
    setRouterParams({ scene: 't%3DaB3xK9' })
    serveApi((url, req) => (isEntry(url, req) ? { status: 200, body: ENTRY } : undefined))
    render(<EntryPage />)
    expect(await screen.findByText('1栋2单元1201')).toBeTruthy()
    expect(screen.getByText('锦绣花园')).toBeTruthy()
    expect(screen.getByText('业主姓名')).toBeTruthy()
    expect(screen.getByText('身份证号后6位')).toBeTruthy()
    expect(document.querySelector('[aria-label="业主姓名"]')).not.toBeNull()
    expect(document.querySelector('[aria-label="身份证号后6位"]')).not.toBeNull()
    expect(screen.getByText('我是受托人（代办）')).toBeTruthy()
    expect(screen.getByText('核验并进入')).toBeTruthy()
    expect(screen.getByText('《个人信息保护说明》')).toBeTruthy()
  })

  it("shows the server's Chinese message inline when the ID does not match", async () => {
    setRouterParams({ scene: 'aB3xK9' })
    serveApi((url, req) => {
      const { method } = req
      if (isEntry(url, req)) return { status: 200, body: ENTRY }
      if (url === '/api/owner/verify' && method === 'POST') return apiError(400, 'VERIFY_FAILED', '姓名或身份证号后6位与备案信息不符，请核对')
      return undefined
    })
    render(<EntryPage />)
    await screen.findByText('1栋2单元1201')
    typeInto('业主姓名', '张三')
    typeInto('身份证号后6位', '12345x')
    clickButton('核验并进入')
    const alert = await screen.findByTestId('verify-error')
    expect(alert.textContent).toBe('姓名或身份证号后6位与备案信息不符，请核对')
    const verifyCall = request.mock.calls.find((c) => c[0].url === '/api/owner/verify')
    expect(verifyCall?.[0].data).toEqual({ token: 'aB3xK9', ownerName: '张三', ownerIdTail: '12345X' })
    expect(reLaunch).not.toHaveBeenCalled()
    expect(getOwnerSession()).toBeNull()
  })

  it('an old server message does not stay beside new field errors; each label is read once', async () => {
    setRouterParams({ scene: 'aB3xK9' })
    serveApi((url, req) => {
      const { method } = req
      if (isEntry(url, req)) return { status: 200, body: ENTRY }
      if (url === '/api/owner/verify' && method === 'POST') return apiError(400, 'VERIFY_FAILED', '姓名或身份证号后6位与备案信息不符，请核对')
      return undefined
    })
    render(<EntryPage />)
    await screen.findByText('1栋2单元1201')
    // the visible label is hidden from screen readers: the input's own label is the one read
    expect(screen.getByText('业主姓名').closest('[aria-hidden="true"]')).not.toBeNull()
    typeInto('业主姓名', '张三')
    typeInto('身份证号后6位', '12345x')
    clickButton('核验并进入')
    expect((await screen.findByTestId('verify-error')).textContent).toContain('不符')
    typeInto('身份证号后6位', '12')
    clickButton('核验并进入')
    expect(await screen.findByText('请填写 6 位：前 5 位为数字，最后一位为数字或 X')).toBeTruthy()
    expect(screen.queryByTestId('verify-error')).toBeNull()
  })

  it('stores the session and goes home after a successful verification', async () => {
    setRouterParams({ scene: 'aB3xK9' })
    serveApi((url, req) => {
      if (isEntry(url, req)) return { status: 200, body: ENTRY }
      if (url === '/api/owner/verify') return { status: 200, body: SESSION }
      return undefined
    })
    render(<EntryPage />)
    await screen.findByText('1栋2单元1201')
    typeInto('业主姓名', '张三')
    typeInto('身份证号后6位', '123456')
    clickButton('核验并进入')
    await waitFor(() => expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' }))
    expect(getOwnerSession()?.sessionToken).toBe('tok-1')
  })

  it('checks the fields before calling the server', async () => {
    setRouterParams({ scene: 'aB3xK9' })
    serveApi((url, req) => (isEntry(url, req) ? { status: 200, body: ENTRY } : undefined))
    render(<EntryPage />)
    await screen.findByText('1栋2单元1201')
    clickButton('核验并进入')
    expect(await screen.findByText('请填写业主姓名')).toBeTruthy()
    expect(screen.getByText('请填写业主身份证号后 6 位')).toBeTruthy()
    expect(request.mock.calls.some((c) => c[0].url === '/api/owner/verify')).toBe(false)
  })

  it('asks to scan the notice when there is no scene', async () => {
    setRouterParams({})
    render(<EntryPage />)
    expect(await screen.findByText('请扫描入伙通知书上的二维码')).toBeTruthy()
    expect(screen.getByText('需要帮助？')).toBeTruthy()
    expect(screen.queryByTestId('verify-form')).toBeNull()
    expect(request).not.toHaveBeenCalled()
  })

  it('explains an unknown token with the help text', async () => {
    setRouterParams({ scene: 'zzz999' })
    serveApi(() => apiError(404, 'INVITE_NOT_FOUND', '二维码无效或已过期'))
    render(<EntryPage />)
    expect(await screen.findByText('未找到这张二维码对应的房屋')).toBeTruthy()
    expect(screen.getByText('二维码无效或已过期')).toBeTruthy()
    expect(screen.queryByTestId('verify-form')).toBeNull()
  })

  it('shows a retry when the network fails', async () => {
    setRouterParams({ scene: 'aB3xK9' })
    serveApi(() => 'network-error')
    render(<EntryPage />)
    expect((await screen.findByTestId('entry-error')).textContent).toBe('网络连接失败，请稍后重试')
    expect(screen.getByText('重新加载')).toBeTruthy()
  })
})

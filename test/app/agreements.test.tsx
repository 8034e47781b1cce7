import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro, { navigateTo, redirectTo, request, resetTaroDouble, setRouterParams } from './taro-double'
import AgreementsPage from '../../src/owner/agreements/index'
import AgreementReadPage from '../../src/owner/agreements/read/index'
import { setOwnerSession } from '../../src/stores/session'
import { button, serveApi } from './helpers'

const HOUSE = { id: 1, communityName: '锦绣花园', building: '1', unit: '2', room: '1201', label: '1栋2单元1201', area: 98.5, batch: '第一批' }
const LIST = {
  requiredForKeys: true,
  items: [
    { id: 1, kind: 'property_service', title: '物业服务协议', version: 2, signed: true, signedAt: '2026-03-02T02:00:00.000Z', signedVersion: 1 },
    { id: 2, kind: 'fee_collection', title: '前期物业费代收代缴协议', version: 1, signed: false, signedAt: null, signedVersion: null }
  ]
}
const DETAIL = {
  id: 2,
  kind: 'fee_collection',
  title: '前期物业费代收代缴协议',
  version: 1,
  body: '第一条 代收事项。\n第二条 收费依据。',
  communityName: '锦绣花园',
  houseLabel: '1栋2单元1201',
  signed: false,
  signedAt: null
}

const isDisabled = (el: HTMLElement) => el.className.includes('nut-button-disabled')

beforeEach(() => {
  resetTaroDouble()
  setOwnerSession({ sessionToken: 'tok', expiresAt: new Date(Date.now() + 3600_000).toISOString(), role: 'owner', house: HOUSE })
  jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(
    () => ({ beginPath() {}, moveTo() {}, lineTo() {}, stroke() {}, fillRect() {}, scale() {}, setTransform() {} }) as never
  )
  jest.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockImplementation(() => 'data:image/png;base64,iVBORw0KGgo=')
})
afterEach(() => jest.restoreAllMocks())

// jsdom lays nothing out: the "text fits without scrolling" measurement reports no size
const measured = { height: 0, scrollHeight: 0 }
;(Taro as unknown as Record<string, unknown>).createSelectorQuery = () => {
  const q = {
    select: () => q,
    fields: (_f: unknown, cb: (r: typeof measured) => void) => {
      cb(measured)
      return q
    },
    exec: () => undefined
  }
  return q
}

describe('owner agreements', () => {
  it('shows both agreements with their status and the keys policy', async () => {
    setRouterParams({})
    serveApi((url) => (url === '/api/owner/agreements' ? { status: 200, body: LIST } : undefined))
    render(<AgreementsPage />)
    expect(await screen.findByText('还有 1 份协议待签署')).toBeTruthy()
    expect(screen.getByText(/本小区规定：签署全部协议后方可领取钥匙/)).toBeTruthy()
    expect(screen.getByText(/签署（第 1 版）/)).toBeTruthy()
    fireEvent.click(button('阅读并签署'))
    expect(navigateTo).toHaveBeenCalledWith({ url: '/owner/agreements/read/index?id=2' })
    fireEvent.click(button('查看签署副本'))
    expect(navigateTo).toHaveBeenCalledWith({ url: '/owner/agreements/signed/index?id=1' })
  })

  it('unlocks signing only after the text was scrolled to its end, then signs with readToEnd and the version', async () => {
    setRouterParams({ id: '2' })
    serveApi((url, opts) => {
      if (url === '/api/owner/agreements/2' && opts.method === 'GET') return { status: 200, body: DETAIL }
      if (url === '/api/owner/agreements/2/sign' && opts.method === 'POST') return { status: 200, body: { ...DETAIL, signer: '业主 张*明', signedAt: '2026-03-02T02:00:00.000Z', sha256: 'ab'.repeat(32), signatureUrl: '/api/owner/agreements/2/signature' } }
      return undefined
    })
    render(<AgreementReadPage />)
    expect(await screen.findByText('《前期物业费代收代缴协议》')).toBeTruthy()
    expect(isDisabled(button('我已阅读并同意'))).toBe(true)
    fireEvent.click(button('我已阅读并同意'))
    expect(screen.queryByLabelText('签名区域')).toBeNull()

    const scroll = screen.getByTestId('agreement-scroll')
    act(() => {
      scroll.dispatchEvent(new CustomEvent('scrolltolower', { bubbles: true }))
    })
    await waitFor(() => expect(isDisabled(button('我已阅读并同意'))).toBe(false))
    fireEvent.click(button('我已阅读并同意'))

    const canvas = await screen.findByLabelText('签名区域')
    fireEvent.touchStart(canvas, { touches: [{ clientX: 5, clientY: 5 }] })
    fireEvent.touchMove(canvas, { touches: [{ clientX: 60, clientY: 40 }] })
    fireEvent.touchEnd(canvas, { touches: [] })
    await act(async () => {
      fireEvent.click(button('确认签署'))
    })
    await waitFor(() => expect(redirectTo).toHaveBeenCalledWith({ url: '/owner/agreements/signed/index?id=2&signed=1' }))
    const call = request.mock.calls.find((c) => c[0].url === '/api/owner/agreements/2/sign')
    expect(call[0].data).toEqual({ signaturePng: 'data:image/png;base64,iVBORw0KGgo=', readToEnd: true, version: 1 })
  })

  it('treats a text that fits without scrolling as read', async () => {
    Object.assign(measured, { height: 400, scrollHeight: 380 })
    try {
      setRouterParams({ id: '2' })
      serveApi((url) => (url === '/api/owner/agreements/2' ? { status: 200, body: DETAIL } : undefined))
      render(<AgreementReadPage />)
      expect(await screen.findByText('《前期物业费代收代缴协议》')).toBeTruthy()
      await waitFor(() => expect(isDisabled(button('我已阅读并同意'))).toBe(false), { timeout: 2000 })
    } finally {
      Object.assign(measured, { height: 0, scrollHeight: 0 })
    }
  })

  it('shows the server message next to the pad when signing fails', async () => {
    setRouterParams({ id: '2' })
    serveApi((url, opts) => {
      if (url === '/api/owner/agreements/2' && opts.method === 'GET') return { status: 200, body: DETAIL }
      if (url.endsWith('/sign')) return { status: 400, body: { error: { code: 'SIGNATURE_EMPTY', message: '签名为空，请在签名区域内手写签名' } } }
      return undefined
    })
    render(<AgreementReadPage />)
    const scroll = await screen.findByTestId('agreement-scroll')
    act(() => {
      scroll.dispatchEvent(new CustomEvent('scrolltolower', { bubbles: true }))
    })
    await waitFor(() => expect(isDisabled(button('我已阅读并同意'))).toBe(false))
    fireEvent.click(button('我已阅读并同意'))
    const canvas = await screen.findByLabelText('签名区域')
    fireEvent.touchStart(canvas, { touches: [{ clientX: 5, clientY: 5 }] })
    fireEvent.touchMove(canvas, { touches: [{ clientX: 60, clientY: 40 }] })
    await act(async () => {
      fireEvent.click(button('确认签署'))
    })
    expect(await screen.findByText('签名为空，请在签名区域内手写签名')).toBeTruthy()
    expect(redirectTo).not.toHaveBeenCalled()
  })
})

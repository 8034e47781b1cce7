import { act, configure, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { resetTaroDouble, setRouterParams } from './taro-double'
import OwnerReceiptPage from '../../src/owner/receipt/index'
import { setOwnerSession } from '../../src/stores/session'
import { serveApi } from './helpers'
import type { Receipt } from '../../types'

configure({ asyncUtilTimeout: 5000 })

const HOUSE = { id: 1, communityName: '锦绣花园', building: '1', unit: '2', room: '1201', label: '1栋2单元1201', area: 98.5, batch: '第一批' }

const receipt = (over: Partial<Receipt> = {}): Receipt => ({
  id: 3,
  number: 'AJ-20260302-000003',
  communityName: '锦绣花园',
  company: '安家物业服务有限公司',
  houseLabel: '1栋2单元1201',
  payerName: '张晓明',
  amountCents: 479160,
  method: 'wechat',
  methodText: '微信支付',
  handledBy: '线上支付',
  reference: '4200000000202603021234567890',
  lines: [{ label: '物业费', amountCents: 479160 }],
  issuedAt: '2026-03-02T02:01:00.000Z',
  issuedBy: '微信支付',
  ...over
})

beforeEach(() => {
  resetTaroDouble()
  setRouterParams({ id: '3' })
  setOwnerSession({ sessionToken: 'tok', expiresAt: new Date(Date.now() + 3600_000).toISOString(), role: 'owner', house: HOUSE })
})

describe('owner receipt page', () => {
  it('online: the owner’s own full name, the real payee, 微信支付 and 经办 线上支付', async () => {
    serveApi((url) => (url === '/api/owner/receipts/3' ? { status: 200, body: receipt() } : undefined))
    render(<OwnerReceiptPage />)
    const card = await screen.findByTestId('receipt')
    expect(card.textContent).toContain('张晓明')
    expect(card.textContent).toContain('收款单位安家物业服务有限公司')
    expect(card.textContent).toContain('收款方式微信支付')
    expect(card.textContent).toContain('经办线上支付')
    expect(card.textContent).not.toContain('经办：微信支付')
  })

  it('counter: 经办 is the cashier and the method is the counter method', async () => {
    serveApi((url) => (url === '/api/owner/receipts/3' ? { status: 200, body: receipt({ method: 'cash', methodText: '现金', handledBy: '财务 刘芳', issuedBy: '财务 刘芳', reference: null }) } : undefined))
    render(<OwnerReceiptPage />)
    const card = await screen.findByTestId('receipt')
    expect(card.textContent).toContain('收款方式现金')
    expect(card.textContent).toContain('经办财务 刘芳')
  })

  it('保存收据（PDF） downloads the PDF with the owner token under its Chinese name', async () => {
    serveApi((url) => (url === '/api/owner/receipts/3' ? { status: 200, body: receipt() } : undefined))
    const fetchMock = jest.fn(async () => new Response(new Blob(['%PDF-1.3'], { type: 'application/pdf' }), { status: 200 }))
    const g = globalThis as unknown as { fetch: unknown; URL: { createObjectURL: unknown; revokeObjectURL: unknown } }
    const saved = { fetch: g.fetch, create: g.URL.createObjectURL, revoke: g.URL.revokeObjectURL }
    g.fetch = fetchMock
    g.URL.createObjectURL = jest.fn(() => 'blob:receipt')
    g.URL.revokeObjectURL = jest.fn()
    const downloads: string[] = []
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download)
    })
    try {
      render(<OwnerReceiptPage />)
      const button = (await screen.findByText('保存收据（PDF）')).closest('.nut-button') as HTMLElement
      await act(async () => {
        fireEvent.click(button)
      })
      await waitFor(() => expect(downloads).toEqual(['收据-AJ-20260302-000003.pdf']))
      const [url, init] = fetchMock.mock.calls[0] as unknown as [string, { headers: Record<string, string> }]
      expect(url).toContain('/api/owner/receipts/3/pdf')
      expect(init.headers.Authorization).toBe('Bearer tok')
      expect(await screen.findByText(/已生成「收据-AJ-20260302-000003.pdf」/)).toBeTruthy()
    } finally {
      click.mockRestore()
      g.fetch = saved.fetch
      g.URL.createObjectURL = saved.create
      g.URL.revokeObjectURL = saved.revoke
    }
  })
})

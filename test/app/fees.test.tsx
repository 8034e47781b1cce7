import { act, configure, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { navigateTo, resetTaroDouble, setRouterParams } from './taro-double'
import OwnerFeesPage from '../../src/owner/fees/index'
import { setOwnerSession } from '../../src/stores/session'
import { apiError, serveApi } from './helpers'
import type { Bill, BillPayment, PaymentOrder } from '../../types'

jest.setTimeout(30000)
// two shared cores: give async queries room under load
configure({ asyncUtilTimeout: 5000 })

const HOUSE = { id: 1, communityName: '锦绣花园', building: '1', unit: '2', room: '1201', label: '1栋2单元1201', area: 98.5, batch: '第一批' }

const LINES = [
  { kind: 'property', label: '物业费', quantity: 98.5, unit: 'm²·12个月', unitCents: 380, amountCents: 449160 },
  { kind: 'utility', label: '水电气开通费', quantity: 1, unit: '项', unitCents: 30000, amountCents: 30000 }
]

function bill(over: Partial<Bill> = {}): Bill {
  return {
    id: 1,
    houseLabel: '1栋2单元1201',
    area: 98.5,
    prepaidMonths: 12,
    lines: LINES,
    totalCents: 479160,
    paidCents: 0,
    balanceCents: 479160,
    status: 'unpaid',
    pendingPaymentId: null,
    payments: [],
    receipts: [],
    createdAt: '2026-03-01T01:00:00.000Z',
    ...over
  }
}

const payment = (over: Partial<BillPayment>): BillPayment => ({
  id: 5,
  method: 'wechat',
  channel: 'online',
  amountCents: 479160,
  status: 'pending',
  createdAt: '2026-03-02T02:00:00.000Z',
  paidAt: null,
  receiptId: null,
  ...over
})

const order = (over: Partial<PaymentOrder> = {}): PaymentOrder => ({
  id: 5,
  outTradeNo: 'AJ2603021000ABCDEF',
  amountCents: 479160,
  status: 'pending',
  statusText: '支付处理中',
  failureReason: null,
  createdAt: '2026-03-02T02:00:00.000Z',
  paidAt: null,
  receiptId: null,
  lines: LINES,
  houseLabel: '1栋2单元1201',
  sandbox: true,
  ...over
})

const payButton = () => document.querySelector('.nut-button[aria-label^="微信支付"]') as HTMLElement | null

beforeEach(() => {
  resetTaroDouble()
  setRouterParams({})
  setOwnerSession({ sessionToken: 'tok', expiresAt: new Date(Date.now() + 3600_000).toISOString(), role: 'owner', house: HOUSE })
})

describe('owner fees page', () => {
  it('unpaid: the total, how each line is computed, and the WeChat Pay button for the balance', async () => {
    const created: unknown[] = []
    serveApi((url, opts) => {
      if (url === '/api/owner/bill') return { status: 200, body: bill() }
      if (url === '/api/owner/payments' && opts.method === 'POST') {
        created.push(opts.data)
        return { status: 200, body: { order: order(), handoff: { kind: 'cashier', path: '/owner/cashier/index?id=5' } } }
      }
      if (url === '/api/owner/payments/5') return { status: 200, body: order() }
      return undefined
    })
    render(<OwnerFeesPage />)
    expect(await screen.findByText('¥4,791.60')).toBeTruthy()
    expect(screen.getByText('待缴纳')).toBeTruthy()
    expect(screen.getByText('98.5 m² × 3.80 元/m²·月 × 12个月')).toBeTruthy()
    expect(payButton()!.textContent).toBe('微信支付 ¥4,791.60')
    await act(async () => {
      fireEvent.click(payButton()!)
    })
    expect(created).toEqual([{ idempotencyKey: expect.any(String), platform: 'h5' }])
    expect(navigateTo).toHaveBeenCalledWith({ url: '/owner/cashier/index?id=5' })
  })

  it('pending: 继续支付 and 取消本次支付 instead of a second pay button', async () => {
    serveApi((url) => {
      if (url === '/api/owner/bill') return { status: 200, body: bill({ pendingPaymentId: 5, payments: [payment({})] }) }
      if (url === '/api/owner/payments/5') return { status: 200, body: order() }
      return undefined
    })
    const { unmount } = render(<OwnerFeesPage />)
    expect(await screen.findByText('本次支付：支付处理中')).toBeTruthy()
    expect(screen.queryByText(/请勿重复支付/)).toBeNull()
    expect(screen.getByText('继续支付').closest('.nut-button')).toBeTruthy()
    expect(screen.getByText('取消本次支付').closest('.nut-button')).toBeTruthy()
    expect(payButton()).toBeNull()
    unmount()
  })

  it('继续支付 hands the same order off to the cashier again', async () => {
    const resumed: unknown[] = []
    serveApi((url, opts) => {
      if (url === '/api/owner/bill') return { status: 200, body: bill({ pendingPaymentId: 5, payments: [payment({})] }) }
      if (url === '/api/owner/payments/5') return { status: 200, body: order() }
      if (url === '/api/owner/payments/5/resume' && opts.method === 'POST') {
        resumed.push(opts.data)
        return { status: 200, body: { order: order(), handoff: { kind: 'cashier', path: '/owner/cashier/index?id=5' } } }
      }
      return undefined
    })
    const { unmount } = render(<OwnerFeesPage />)
    const target = (await screen.findByText('继续支付')).closest('.nut-button') as HTMLElement
    await act(async () => {
      fireEvent.click(target)
    })
    expect(resumed).toEqual([{ platform: 'h5' }])
    expect(navigateTo).toHaveBeenCalledWith({ url: '/owner/cashier/index?id=5' })
    unmount()
  })

  it('取消本次支付: the order reads cancelled and the pay button is back', async () => {
    let cancelled = false
    serveApi((url, opts) => {
      if (url === '/api/owner/bill') {
        return { status: 200, body: cancelled ? bill({ payments: [payment({ status: 'failed' })] }) : bill({ pendingPaymentId: 5, payments: [payment({})] }) }
      }
      if (url === '/api/owner/payments/5') return { status: 200, body: cancelled ? order({ status: 'failed', statusText: '支付失败', failureReason: '已取消本次支付' }) : order() }
      if (url === '/api/owner/payments/5/cancel' && opts.method === 'POST') {
        cancelled = true
        return { status: 200, body: order({ status: 'failed', statusText: '支付失败', failureReason: '已取消本次支付' }) }
      }
      return undefined
    })
    const { unmount } = render(<OwnerFeesPage />)
    const target = (await screen.findByText('取消本次支付')).closest('.nut-button') as HTMLElement
    await act(async () => {
      fireEvent.click(target)
    })
    expect(await screen.findByText('已取消本次支付，未产生扣款，可重新支付。')).toBeTruthy()
    await waitFor(() => expect(payButton()).not.toBeNull())
    expect(screen.queryByText('继续支付')).toBeNull()
    unmount()
  })

  it('取消 of an order WeChat had already paid: it reads paid, with its receipt, and no pay button', async () => {
    let paid = false
    serveApi((url, opts) => {
      if (url === '/api/owner/bill') {
        return paid
          ? { status: 200, body: bill({ status: 'paid', paidCents: 479160, balanceCents: 0, payments: [payment({ status: 'paid', receiptId: 3 })] }) }
          : { status: 200, body: bill({ pendingPaymentId: 5, payments: [payment({})] }) }
      }
      if (url === '/api/owner/payments/5') return { status: 200, body: paid ? order({ status: 'paid', statusText: '已支付', receiptId: 3 }) : order() }
      if (url === '/api/owner/payments/5/cancel' && opts.method === 'POST') {
        paid = true
        return { status: 200, body: order({ status: 'paid', statusText: '已支付', receiptId: 3 }) }
      }
      return undefined
    })
    const { unmount } = render(<OwnerFeesPage />)
    const target = (await screen.findByText('取消本次支付')).closest('.nut-button') as HTMLElement
    await act(async () => {
      fireEvent.click(target)
    })
    expect(await screen.findByText('本次支付：已支付')).toBeTruthy()
    expect(screen.getByText('查看收据')).toBeTruthy()
    await waitFor(() => expect(screen.getByText('已缴清')).toBeTruthy())
    expect(payButton()).toBeNull()
    unmount()
  })

  it('failed: the failed attempt is listed with its reason and the owner can pay again', async () => {
    serveApi((url) => {
      if (url === '/api/owner/bill') return { status: 200, body: bill({ payments: [payment({ status: 'failed' })] }) }
      return undefined
    })
    render(<OwnerFeesPage />)
    expect(await screen.findByText('支付记录')).toBeTruthy()
    expect(screen.getByText('支付失败')).toBeTruthy()
    expect(screen.getByText('待缴纳')).toBeTruthy()
    expect(payButton()).not.toBeNull()
  })

  it('a failed payment creation shows the server message next to the button', async () => {
    serveApi((url, opts) => {
      if (url === '/api/owner/bill') return { status: 200, body: bill() }
      if (url === '/api/owner/payments' && opts.method === 'POST') return apiError(409, 'STAGE_LOCKED', '请先完成身份核验')
      return undefined
    })
    render(<OwnerFeesPage />)
    await screen.findByText('待缴纳')
    await act(async () => {
      fireEvent.click(payButton()!)
    })
    expect(await screen.findByText('请先完成身份核验')).toBeTruthy()
    expect(navigateTo).not.toHaveBeenCalled()
  })

  it('paid: settled, no pay button, and the receipt opens', async () => {
    serveApi((url) => {
      if (url === '/api/owner/bill') {
        return {
          status: 200,
          body: bill({
            status: 'paid',
            paidCents: 479160,
            balanceCents: 0,
            payments: [payment({ status: 'paid', receiptId: 3 })],
            receipts: [{ id: 3, number: 'AJ-20260302-000003', amountCents: 479160, method: 'wechat', issuedAt: '2026-03-02T02:01:00.000Z' }]
          })
        }
      }
      return undefined
    })
    render(<OwnerFeesPage />)
    expect(await screen.findByText('已缴清')).toBeTruthy()
    expect(payButton()).toBeNull()
    const link = screen.getByText(/AJ-20260302-000003/).closest('[role="link"]') as HTMLElement
    fireEvent.click(link)
    expect(navigateTo).toHaveBeenCalledWith({ url: '/owner/receipt/index?id=3' })
  })

  it('a bill that cannot be loaded offers a retry', async () => {
    let up = false
    serveApi((url) => {
      if (url !== '/api/owner/bill') return undefined
      return up ? { status: 200, body: bill() } : apiError(500, 'INTERNAL', '服务暂时不可用')
    })
    render(<OwnerFeesPage />)
    expect(await screen.findByText('服务暂时不可用')).toBeTruthy()
    up = true
    fireEvent.click(screen.getByText('重新加载').closest('.nut-button') as HTMLElement)
    await waitFor(() => expect(screen.getByText('待缴纳')).toBeTruthy())
  })
})

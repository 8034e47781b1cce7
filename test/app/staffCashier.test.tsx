import { act, configure, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { resetTaroDouble, setRouterParams } from './taro-double'
import StaffCashierPage, { amountProblem, parseYuan } from '../../src/staff/cashier/index'
import { setStaffSession } from '../../src/stores/session'
import { apiError, button, serveApi } from './helpers'
import type { Bill, Receipt, StaffBillItem } from '../../types'

jest.setTimeout(30000)
// two shared cores: give async queries room under load
configure({ asyncUtilTimeout: 5000 })

const LINES = [{ kind: 'utility', label: '水电气开通费', quantity: 1, unit: '项', unitCents: 30000, amountCents: 30000 }]

const bill = (paidCents: number): Bill => ({
  id: 1,
  houseLabel: '1栋2单元1201',
  area: 98.5,
  prepaidMonths: 12,
  lines: LINES,
  totalCents: 30000,
  paidCents,
  balanceCents: 30000 - paidCents,
  status: paidCents === 0 ? 'unpaid' : paidCents >= 30000 ? 'paid' : 'partial',
  pendingPaymentId: null,
  payments: [],
  receipts: [],
  createdAt: '2026-03-01T01:00:00.000Z'
})

const item = (paidCents: number): StaffBillItem => ({ houseId: 7, caseId: 42, houseLabel: '1栋2单元1201', ownerName: '张*明', verified: true, bill: bill(paidCents) })

const RECEIPT: Receipt = {
  id: 3,
  number: 'AJ-20260310-000003',
  communityName: '锦绣花园',
  company: '安家物业服务有限公司',
  houseLabel: '1栋2单元1201',
  payerName: '张*明',
  amountCents: 10000,
  method: 'card',
  methodText: '银行卡',
  reference: 'POS123',
  handledBy: '财务 刘芳',
  lines: [{ label: '水电气开通费', amountCents: 10000 }],
  issuedAt: '2026-03-10T02:00:00.000Z',
  issuedBy: '财务 刘芳'
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


async function openHouse() {
  render(<StaffCashierPage />)
  typeInto('房号或业主姓名', '1201')
  await act(async () => {
    fireEvent.click(button('查询账单'))
  })
  fireEvent.click((await screen.findByText(/1栋2单元1201\s+张\*明/)).closest('[role="button"]') as HTMLElement)
  await screen.findByText('确认收款并开具收据')
}

beforeEach(() => {
  resetTaroDouble()
  setRouterParams({})
  setStaffSession({
    token: 'staff-tok',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    user: { id: 4, username: 'cashier', displayName: '财务 刘芳', role: 'cashier', communityName: '锦绣花园' },
    mustChangePassword: false
  })
})

describe('amount checks', () => {
  it('parses yuan with at most two decimals and refuses more than the balance', () => {
    expect(parseYuan('1,234.5')).toBe(123450)
    expect(parseYuan('0')).toBeNull()
    expect(parseYuan('1.234')).toBeNull()
    expect(amountProblem(30001, 30000)).toBe('收款金额超过待缴金额，最多可收 ¥300.00')
    expect(amountProblem(30000, 30000)).toBeNull()
    expect(amountProblem(null, 30000)).toMatch(/正确的收款金额/)
  })
})

describe('staff cashier page', () => {
  it('an over-payment is refused on the amount field and never sent to the server', async () => {
    const posted: unknown[] = []
    serveApi((url, opts) => {
      if (url.startsWith('/api/staff/bills?')) return { status: 200, body: { items: [item(0)] } }
      if (url === '/api/staff/payments' && opts.method === 'POST') {
        posted.push(opts.data)
        return { status: 200, body: { receipt: RECEIPT, bill: bill(10000) } }
      }
      return undefined
    })
    await openHouse()
    // prefilled with the balance
    // the native <input> inside NutUI's Input is rendered a tick later
    await waitFor(() => expect((document.querySelector('input[aria-label="收款金额（元）"]') as HTMLInputElement | null)?.value).toBe('300.00'))
    typeInto('收款金额（元）', '300.01')
    await act(async () => {
      fireEvent.click(button('确认收款并开具收据'))
    })
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe('收款金额超过待缴金额，最多可收 ¥300.00')
    expect(document.querySelector('input[aria-label="收款金额（元）"]')!.getAttribute('aria-invalid')).toBe('true')
    expect(posted).toEqual([])

    // a partial amount by card, with its POS reference, goes through and shows the receipt
    fireEvent.click(button('银行卡'))
    typeInto('收款金额（元）', '100')
    await waitFor(() => expect(document.querySelector('[aria-label="POS 签购单凭证号（必填）"]')).not.toBeNull())
    typeInto('POS 签购单凭证号（必填）', 'POS123')
    await act(async () => {
      fireEvent.click(button('确认收款并开具收据'))
    })
    await act(async () => {
      fireEvent.click(button('确认收款 ¥100.00'))
    })
    expect(await screen.findByTestId('receipt')).toBeTruthy()
    expect(screen.getByRole('status').textContent).toBe('已收款 ¥100.00，收据已开具')
    expect(posted).toEqual([{ caseId: 42, method: 'card', amountCents: 10000, idempotencyKey: expect.any(String), reference: 'POS123' }])
    expect(screen.queryByRole('alert')).toBeNull()
    // the remaining balance is offered next
    await waitFor(() => expect((document.querySelector('input[aria-label="收款金额（元）"]') as HTMLInputElement).value).toBe('200.00'))
  })

  it('one tap never records money: the confirmation shows amount and method, 返回修改 sends nothing', async () => {
    const posted: unknown[] = []
    serveApi((url, opts) => {
      if (url.startsWith('/api/staff/bills?')) return { status: 200, body: { items: [item(0)] } }
      if (url === '/api/staff/payments' && opts.method === 'POST') {
        posted.push(opts.data)
        return { status: 200, body: { receipt: { ...RECEIPT, method: 'cash', reference: null, amountCents: 30000 }, bill: bill(30000) } }
      }
      return undefined
    })
    await openHouse()
    await act(async () => {
      fireEvent.click(button('确认收款并开具收据'))
    })
    const dialog = await screen.findByRole('dialog')
    expect(dialog.textContent).toContain('请核对收款信息')
    expect(screen.getByTestId('cashier-confirm-amount').textContent).toBe('¥300.00')
    expect(dialog.textContent).toContain('收款方式：现金')
    expect(dialog.textContent).toContain('1栋2单元1201')
    expect(posted).toEqual([])
    fireEvent.click(button('返回修改'))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(posted).toEqual([])
    await act(async () => {
      fireEvent.click(button('确认收款并开具收据'))
    })
    await act(async () => {
      fireEvent.click(button('确认收款 ¥300.00'))
    })
    expect(await screen.findByTestId('receipt')).toBeTruthy()
    expect(posted).toEqual([{ caseId: 42, method: 'cash', amountCents: 30000, idempotencyKey: expect.any(String) }])
  })

  it('card and transfer need the slip / transfer reference before the confirmation opens', async () => {
    const posted: unknown[] = []
    serveApi((url, opts) => {
      if (url.startsWith('/api/staff/bills?')) return { status: 200, body: { items: [item(0)] } }
      if (url === '/api/staff/payments' && opts.method === 'POST') {
        posted.push(opts.data)
        return apiError(400, 'PAYMENT_REFERENCE_REQUIRED', '转账收款请填写银行转账流水号')
      }
      return undefined
    })
    await openHouse()
    fireEvent.click(button('银行转账'))
    await waitFor(() => expect(document.querySelector('[aria-label="转账流水号（必填）"]')).not.toBeNull())
    await act(async () => {
      fireEvent.click(button('确认收款并开具收据'))
    })
    expect(screen.queryByRole('dialog')).toBeNull()
    expect((await screen.findByText('请填写银行转账流水号')).textContent).toBe('请填写银行转账流水号')
    // the field is marked in the render after the message (Taro's input sets its attributes late)
    await waitFor(() => expect(document.querySelector('input[aria-label="转账流水号（必填）"]')?.getAttribute('aria-invalid')).toBe('true'))
    // the server's refusal (e.g. only spaces reached it) lands on the same field
    typeInto('转账流水号（必填）', 'BT-9')
    await act(async () => {
      fireEvent.click(button('确认收款并开具收据'))
    })
    expect((await screen.findByRole('dialog')).textContent).toContain('转账流水号：BT-9')
    await act(async () => {
      fireEvent.click(button('确认收款 ¥300.00'))
    })
    expect(await screen.findByText('转账收款请填写银行转账流水号')).toBeTruthy()
    expect(posted).toEqual([{ caseId: 42, method: 'bank_transfer', amountCents: 30000, idempotencyKey: expect.any(String), reference: 'BT-9' }])
    // cash needs none: the field goes away
    fireEvent.click(button('现金'))
    await waitFor(() => expect(document.querySelector('[aria-label="转账流水号（必填）"]')).toBeNull())
  })

  it('the payment methods are one radio group with exactly one checked', async () => {
    serveApi((url) => (url.startsWith('/api/staff/bills?') ? { status: 200, body: { items: [item(0)] } } : undefined))
    await openHouse()
    const radios = Array.from(document.querySelectorAll('[role="radiogroup"] [aria-role="radio"], [role="radiogroup"] [role="radio"]'))
    expect(radios.map((r) => r.textContent)).toEqual(['✓ 现金', '银行卡', '银行转账', '支付宝'])
    fireEvent.click(button('支付宝'))
    await waitFor(() => expect(radios.map((r) => r.getAttribute('aria-checked'))).toEqual(['false', 'false', 'false', 'true']))
  })

  it('money received elsewhere meanwhile: the server refusal lands on the amount and the balance is refreshed', async () => {
    let lookups = 0
    serveApi((url, opts) => {
      if (url.startsWith('/api/staff/bills?')) {
        lookups++
        return { status: 200, body: { items: [item(lookups === 1 ? 0 : 25000)] } }
      }
      if (url === '/api/staff/payments' && opts.method === 'POST') return apiError(409, 'OVERPAYMENT', '收款金额超过待缴金额，最多可收 ¥50.00')
      return undefined
    })
    await openHouse()
    await act(async () => {
      fireEvent.click(button('确认收款并开具收据'))
    })
    await act(async () => {
      fireEvent.click(button('确认收款 ¥300.00'))
    })
    expect((await screen.findByRole('alert')).textContent).toBe('收款金额超过待缴金额，最多可收 ¥50.00')
    // the 待缴 row now shows what is really left
    await waitFor(() => expect(screen.getByText('¥50.00')).toBeTruthy())
    expect(lookups).toBe(2)
  })
})

import { act, fireEvent, render, screen } from '@testing-library/react'
import { navigateTo, request, resetTaroDouble } from './taro-double'
import AlertsPage from '../../src/staff/alerts/index'
import { apiError, button, posts, serveApi, signInStaff } from './helpers'
import type { Alert, AlertList } from '../../types'

jest.setTimeout(30000)

function alert(over: Partial<Alert> = {}): Alert {
  return {
    id: 7,
    kind: 'review_overdue',
    title: '资料审核超时：1栋2单元1201',
    body: '「身份证」于 2026年3月10日 09:00 提交，已超过 24 小时未审核，请尽快处理。',
    caseId: 42,
    houseId: 5,
    responsibleRole: 'reviewer',
    // 10:00 UTC is 18:00 in Shanghai
    createdAt: '2026-03-11T10:00:00.000Z',
    resolvedAt: null,
    ackedAt: null,
    ...over
  }
}

const list = (items: Alert[]): AlertList => ({ items, openCount: items.length, unackedCount: items.filter((a) => !a.ackedAt).length })

function alertsApi(items: Alert[], ack: (id: number) => ReturnType<Parameters<typeof serveApi>[0]> = (id) => ({ status: 200, body: { ...items.find((a) => a.id === id), ackedAt: '2026-03-11T10:30:00.000Z' } })) {
  serveApi((url, { method }) => {
    if (method === 'GET' && url.startsWith('/api/staff/alerts?')) return { status: 200, body: list(items) }
    const m = /^\/api\/staff\/alerts\/(\d+)\/ack$/.exec(url)
    if (method === 'POST' && m) return ack(Number(m[1]))
    return undefined
  })
}

beforeEach(() => resetTaroDouble())

describe('staff 风险预警 page', () => {
  it('lists the open alerts with what, when (China time) and who must act', async () => {
    signInStaff('reviewer')
    alertsApi([alert(), alert({ id: 8, kind: 'checkin_wait', title: '现场等候超过 30 分钟：12 号', body: '1栋1单元101 的业主于 09:05 签到（12 号），已等候超过 30 分钟，请尽快叫号。', houseId: null, responsibleRole: 'reception' })])
    render(<AlertsPage />)
    const items = await screen.findAllByTestId('alert-item')
    expect(items).toHaveLength(2)
    expect(request.mock.calls[0][0].url).toBe('/api/staff/alerts?status=open')
    expect(items[0].textContent).toContain('资料审核超时：1栋2单元1201')
    expect(items[0].textContent).toContain('已超过 24 小时未审核')
    expect(items[0].textContent).toContain('预警时间：2026年3月11日 18:00')
    expect(items[0].textContent).toContain('负责岗位：审核')
    expect(items[1].textContent).toContain('负责岗位：接待')
    expect(document.body.textContent).toContain('待处理 2 条，其中 2 条尚未知悉')
  })

  it('acknowledges an alert: the API is called and the item shows 已知悉 without its button', async () => {
    signInStaff('reviewer')
    alertsApi([alert()])
    render(<AlertsPage />)
    await screen.findByTestId('alert-item')
    await act(async () => {
      fireEvent.click(button('已知悉'))
    })
    expect(posts()).toHaveLength(1)
    expect(posts()[0][0].url).toBe('/api/staff/alerts/7/ack')
    const item = await screen.findByTestId('alert-item')
    expect(item.textContent).toContain('已知悉（2026年3月11日 18:30）')
    expect(screen.queryByText('已知悉')).toBeNull()
    expect(document.body.textContent).toContain('待处理 1 条，其中 0 条尚未知悉')
  })

  it('shows the error next to the list when acknowledging fails', async () => {
    signInStaff('reviewer')
    alertsApi([alert()], () => apiError(404, 'NOT_FOUND', '未找到该预警'))
    render(<AlertsPage />)
    await screen.findByTestId('alert-item')
    await act(async () => {
      fireEvent.click(button('已知悉'))
    })
    expect((await screen.findByRole('alert')).textContent).toBe('未找到该预警')
    expect(screen.getByText('已知悉')).toBeTruthy()
  })

  it('links to the house page for roles that may open it, and only where the alert has a house', async () => {
    signInStaff('manager')
    alertsApi([alert(), alert({ id: 8, houseId: null })])
    render(<AlertsPage />)
    await screen.findAllByTestId('alert-item')
    const links = screen.getAllByText('查看房屋档案 ›')
    expect(links).toHaveLength(1)
    fireEvent.click(links[0])
    expect(navigateTo).toHaveBeenCalledWith({ url: '/staff/house/index?houseId=5' })
  })

  it('gives no house link to a role the house page refuses', async () => {
    signInStaff('inspector')
    alertsApi([alert({ kind: 'repair_overdue', responsibleRole: 'inspector' })])
    render(<AlertsPage />)
    await screen.findByTestId('alert-item')
    expect(screen.queryByText('查看房屋档案 ›')).toBeNull()
  })

  it('says so when there is nothing open', async () => {
    signInStaff('cashier')
    alertsApi([])
    render(<AlertsPage />)
    expect((await screen.findByTestId('alerts-empty')).textContent).toBe('目前没有待处理的预警，各项办理都在时限内。')
    expect(screen.queryByTestId('alert-item')).toBeNull()
  })
})

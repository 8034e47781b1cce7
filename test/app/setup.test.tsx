import { act, configure, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { navigateTo, request, resetTaroDouble, setRouterParams } from './taro-double'
import { SlotGenerator, parseDates, parseWindows } from '../../src/manager/setup/SlotGenerator'
import { SetupStatusCard } from '../../src/staff/index/SetupStatusCard'
import ManagerSetupPage from '../../src/manager/setup/index'
import { yuanToCents, centsToYuan } from '../../src/utils/money'
import { setStaffSession } from '../../src/stores/session'
import { apiError, button, serveApi } from './helpers'
import type { SetupStatus, SlotGenerateResult } from '../../types'

jest.setTimeout(30000)
configure({ asyncUtilTimeout: 5000 })

function manager() {
  const session = {
    token: 'staff-tok',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    user: { id: 5, username: 'manager', displayName: '项目经理 王强', role: 'manager' as const, communityName: '锦绣花园' },
    mustChangePassword: false
  }
  setStaffSession(session)
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
/** Taro's <textarea> appears once its web component has rendered. */
async function typeText(label: string, value: string) {
  const el = await waitFor(() => {
    const t = document.querySelector(`textarea[aria-label="${label}"]`)
    if (!t) throw new Error(`no textarea ${label}`)
    return t
  })
  fireEvent.input(el, { target: { value } })
}
const bodyOf = (call: unknown[]) => (call[0] as { data?: unknown }).data as Record<string, unknown>

beforeEach(() => {
  resetTaroDouble()
  manager()
})

describe('parsing helpers', () => {
  test('windows: one per line or comma, hours padded; nonsense says what is wrong', () => {
    expect(parseWindows('9:00-10:00\n14:00 - 15:30，16:00~17:00')).toEqual([
      { start: '09:00', end: '10:00' },
      { start: '14:00', end: '15:30' },
      { start: '16:00', end: '17:00' }
    ])
    expect(parseWindows('')).toContain('至少一个')
    expect(parseWindows('上午')).toContain('“上午”')
  })

  test('dates and yuan', () => {
    expect(parseDates('2026-03-15 2026-03-16,2026-03-17')).toEqual(['2026-03-15', '2026-03-16', '2026-03-17'])
    expect(parseDates('3月15日')).toContain('3月15日')
    expect(yuanToCents('3.8')).toBe(380)
    expect(yuanToCents('3,000')).toBe(300000)
    expect(yuanToCents('0')).toBe(0)
    expect(yuanToCents('1.234')).toBeNull()
    expect(centsToYuan(380)).toBe('3.80')
  })
})

describe('the slot generator', () => {
  const result = (dryRun: boolean): SlotGenerateResult => ({
    dryRun,
    batch: '第二批',
    created: [
      { date: '2026-03-09', start: '09:00', end: '10:00' },
      { date: '2026-03-09', start: '14:00', end: '15:30' }
    ],
    existing: [{ date: '2026-03-10', start: '09:00', end: '10:00' }],
    skippedDates: ['2026-03-07', '2026-03-08']
  })

  test('previews with dryRun, then generates; sends the template as typed, capacity as a number', async () => {
    const sent: Record<string, unknown>[] = []
    serveApi((url, { method, data }) => {
      if (url.endsWith('/api/staff/setup/slots/generate') && method === 'POST') {
        sent.push(data as Record<string, unknown>)
        return { status: 200, body: result(!!(data as { dryRun?: boolean }).dryRun) }
      }
      return undefined
    })
    const onGenerated = jest.fn()
    render(<SlotGenerator batches={['第一批', '第二批']} onGenerated={onGenerated} />)
    fireEvent.click(screen.getByText('第二批'))
    typeInto('开始日期', '2026-03-07')
    typeInto('结束日期', '2026-03-10')
    await typeText('每天的时段', '9:00-10:00\n14:00-15:30')
    typeInto('每个时段可约户数', '8')
    fireEvent.click(screen.getByText('周六'))
    fireEvent.click(screen.getByText('周日'))

    fireEvent.click(button('预览'))
    await waitFor(() => expect(screen.getByTestId('slot-generator-result').textContent).toContain('预览：将新建 2 个时段，已存在 1 个，跳过 2 天'))
    expect(sent[0]).toEqual({
      batch: '第二批',
      from: '2026-03-07',
      to: '2026-03-10',
      windows: [
        { start: '09:00', end: '10:00' },
        { start: '14:00', end: '15:30' }
      ],
      capacity: 8,
      skipDates: [],
      skipWeekdays: [6, 0],
      dryRun: true
    })
    expect(onGenerated).not.toHaveBeenCalled()

    fireEvent.click(button('生成时段'))
    await waitFor(() => expect(screen.getByTestId('slot-generator-result').textContent).toContain('已新建 2 个时段'))
    expect(sent[1].dryRun).toBe(false)
    expect(onGenerated).toHaveBeenCalledTimes(1)
  })

  test('a bad window is caught before sending; the server error is shown inline in Chinese', async () => {
    serveApi((url) => (url.endsWith('/slots/generate') ? apiError(400, 'SLOT_RANGE_TOO_LARGE', '一次最多生成 120 天的时段') : undefined))
    render(<SlotGenerator batches={['第一批']} />)
    typeInto('开始日期', '2026-03-07')
    typeInto('结束日期', '2026-09-10')
    await typeText('每天的时段', '上午')
    fireEvent.click(button('生成时段'))
    expect(screen.getByTestId('slot-generator-error').textContent).toContain('“上午”不是有效的时段')
    expect(request).not.toHaveBeenCalled()

    await typeText('每天的时段', '09:00-10:00')
    fireEvent.click(button('生成时段'))
    await waitFor(() => expect(screen.getByTestId('slot-generator-error').textContent).toBe('一次最多生成 120 天的时段'))
  })

  test('without batches it says to add one first and cannot submit', () => {
    serveApi(() => undefined)
    render(<SlotGenerator batches={[]} />)
    expect(screen.getByText('还没有批次：请先在“楼栋与批次”中添加批次。')).toBeTruthy()
  })
})

describe('the 上线准备 card', () => {
  const status = (ready: boolean): SetupStatus => ({
    ready,
    items: [
      { key: 'profile', title: '填写小区基本信息', done: true, hint: '已填写', url: '/manager/setup/index?section=profile' },
      { key: 'batches', title: '设置交付批次的日期与地点', done: ready, hint: '“第二批”缺日期', url: '/manager/setup/index?section=batches' },
      { key: 'staff', title: '开通工作人员账号', done: ready, hint: '除经理外还没有接待、审核、验房或收银账号', url: '/manager/accounts/index' }
    ]
  })

  test('lists only what is missing; a tap opens the page that fixes it', async () => {
    serveApi((url) => (url.endsWith('/api/staff/setup/status') ? { status: 200, body: status(false) } : undefined))
    render(<SetupStatusCard />)
    await waitFor(() => expect(screen.getAllByTestId('setup-status-item').length).toBe(2))
    expect(screen.queryByText('填写小区基本信息')).toBeNull()
    expect(screen.getByText('“第二批”缺日期')).toBeTruthy()
    fireEvent.click(screen.getByText('开通工作人员账号'))
    expect(navigateTo).toHaveBeenCalledWith({ url: '/manager/accounts/index' })
  })

  test('says notices can go out when ready', async () => {
    serveApi((url) => (url.endsWith('/api/staff/setup/status') ? { status: 200, body: status(true) } : undefined))
    render(<SetupStatusCard />)
    await waitFor(() => expect(screen.getByText('已可发放入伙通知书')).toBeTruthy())
    expect(screen.queryAllByTestId('setup-status-item')).toEqual([])
  })

  test('a failure is shown, not swallowed', async () => {
    serveApi((url) => (url.endsWith('/api/staff/setup/status') ? apiError(403, 'FORBIDDEN', '没有权限执行此操作') : undefined))
    render(<SetupStatusCard />)
    await waitFor(() => expect(screen.getByText('没有权限执行此操作')).toBeTruthy())
  })
})

describe('the set-up page', () => {
  test('opens the section of the query, and the fee form sends yuan as cents', async () => {
    setRouterParams({ section: 'fees' })
    const posts: unknown[] = []
    serveApi((url, { method, data }) => {
      if (url.endsWith('/api/staff/setup/fees') && method === 'GET') {
        return { status: 200, body: { items: [{ id: 1, kind: 'property', label: '物业费', basis: 'per_m2_month', rateCents: 380, sort: 0 }], prepaidMonths: 12, billCount: 3 } }
      }
      if (url.endsWith('/api/staff/setup/fees') && method === 'POST') {
        posts.push(data)
        return apiError(409, 'SETUP_DUPLICATE', '收费项目编码“property”已存在')
      }
      return undefined
    })
    render(<ManagerSetupPage />)
    await waitFor(() => expect(screen.getByTestId('fee-item').textContent).toContain('¥3.80 元/㎡/月'))
    expect(screen.getByRole('tab', { selected: true }).textContent).toBe('收费标准')
    fireEvent.click(button('新增收费项目'))
    typeInto('收费项目', '车位管理费')
    typeInto('项目编码', 'property')
    fireEvent.click(screen.getByText('元/户'))
    typeInto('单价（元/户）', '1,200.5')
    fireEvent.click(button('保存收费项目'))
    await waitFor(() => expect(screen.getByText('收费项目编码“property”已存在')).toBeTruthy())
    expect(posts[0]).toEqual({ kind: 'property', label: '车位管理费', basis: 'flat', rateCents: 120050 })
    expect(bodyOf(request.mock.calls.find((c) => (c[0] as { method?: string }).method === 'POST')!)).toEqual(posts[0])
  })
})

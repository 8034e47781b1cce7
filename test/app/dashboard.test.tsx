// manager/dashboard: the funnel's numbers as text, filters, drill-down navigation, the drill-down
// list opening a house's history, the export through fetch + Blob, and the house history page.
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { navigateTo, resetTaroDouble, setRouterParams } from './taro-double'
import { serveApi } from './helpers'
import DashboardPage from '../../src/manager/dashboard/index'
import DashboardHousesPage from '../../src/manager/dashboard/houses/index'
import HouseHistoryPage from '../../src/staff/house/index'
import StaffHomePage from '../../src/staff/index/index'
import { setStaffSession } from '../../src/stores/session'
import type { Dashboard, DashboardHouses, HouseHistory } from '../../types'

jest.setTimeout(30000)

const stage = (s: string, title: string, done: number, inProgress: number) => ({
  stage: s as Dashboard['funnel'][number]['stage'],
  title,
  done,
  inProgress,
  drill: { done: `funnel:${s}:done`, inProgress: `funnel:${s}:inProgress` }
})

function dashboard(over: Partial<Dashboard> = {}): Dashboard {
  return {
    generatedAt: '2026-03-02T02:00:00.000Z',
    community: { id: 1, name: '安家示范小区' },
    filters: { batch: null, building: null },
    options: { batches: [{ code: '第一批', title: '第一批' }, { code: '第二批', title: '第二批' }], buildings: [{ id: 1, name: '1栋' }, { id: 2, name: '2栋' }] },
    houses: 128,
    funnel: [stage('verify', '核验身份', 61, 67), stage('documents', '提交资料', 44, 9), stage('keys', '交钥匙', 19, 3)],
    batches: [
      { code: '第一批', title: '第一批', startsOn: '2026-02-20', endsOn: '2026-03-10', houses: 64, due: 64, handedOver: 19, handoverRate: 19 / 64, responses: 8, csi: 74.2, drill: { houses: 'batch:第一批:houses', due: 'batch:第一批:due', handedOver: 'batch:第一批:handedOver' } }
    ],
    today: { date: '2026-03-02', checkedIn: 5, inspected: 2, keysHanded: 1, drill: { checkedIn: 'today:checkedIn', inspected: 'today:inspected', keysHanded: 'today:keysHanded' } },
    stageTimes: [
      {
        batch: null,
        title: '全部批次',
        stages: [{ stage: 'documents', title: '提交资料', count: 40, medianHours: 20.5, p90Hours: 60, drill: { count: 'time:documents' } }],
        journey: { count: 19, medianHours: 150, p90Hours: 300, drill: { count: 'time:journey' } }
      }
    ],
    sla: [
      {
        kind: 'review',
        title: '资料审核超过24小时',
        role: 'reviewer',
        count: 2,
        houses: 2,
        items: [{ houseId: 42, label: '1栋1单元302', subject: '购房合同', since: '2026-02-28T01:00:00.000Z', dueAt: '2026-03-01T01:00:00.000Z', role: 'reviewer', staff: null }],
        drill: { count: 'sla:review' }
      }
    ],
    defects: {
      categories: ['渗漏', '门窗'],
      buildings: [{ id: 1, name: '1栋', houses: 64 }],
      cells: [
        { category: '渗漏', buildingId: 1, defects: 3, houses: 64, per100: 4.69, withDefects: 3, drill: { defects: 'defects:渗漏:1', withDefects: 'defects:渗漏:1' } },
        { category: '渗漏', buildingId: null, defects: 3, houses: 128, per100: 2.34, withDefects: 3, drill: { defects: 'defects:渗漏:*', withDefects: 'defects:渗漏:*' } }
      ],
      total: 3,
      per100: 2.34,
      drill: { total: 'defects:*' }
    },
    repairs: { total: 4, onTimeDone: 2, overdueDone: 1, onTimeOpen: 0, overdueOpen: 1, onTimeRate: 2 / 3, drill: { overdueOpen: 'repairs:overdueOpen', onTimeDone: 'repairs:onTimeDone' } },
    contractors: [{ id: 1, name: '鑫达建筑', assigned: 5, open: 2, overdue: 1, reopened: 3, done: 3, onTime: 2 }],
    firstPass: { inspected: 10, firstPass: 7, rate: 0.7, drill: { inspected: 'inspection:inspected', firstPass: 'inspection:firstPass' } },
    survey: {
      responses: 8,
      csi: 74.2,
      benchmark: { value: 68.7, source: 'CRIC 2025年上半年' },
      vsBenchmark: 5.5,
      items: [{ code: 'notice', title: '入伙通知', weight: 0.1, count: 8, mean: 4.1, sd: 0.6, distribution: [0, 0, 1, 5, 2], lowCount: 0 }],
      themes: [{ theme: 'quality', title: '质量/维修', count: 3, answers: [{ houseId: 7, item: 'problems', text: '卫生间渗水', score: 2, submittedAt: '2026-03-01T02:00:00.000Z' }], drill: { count: 'survey:theme:quality' } }],
      themeMethod: '按关键词归类',
      drill: { responses: 'survey:responses' }
    },
    notes: {},
    drill: { houses: 'houses' },
    ...over
  }
}

const houses: DashboardHouses = {
  metric: 'funnel:keys:done',
  total: 2,
  items: [
    { houseId: 11, label: '1栋1单元101', batch: '第一批', stage: 'done', stageTitle: '完成入伙', since: '2026-03-01T02:00:00.000Z' },
    { houseId: 12, label: '1栋1单元102', batch: '第一批', stage: 'followup', stageTitle: '回访', since: null }
  ]
}

const history: HouseHistory = {
  house: {
    id: 11,
    label: '1栋1单元101',
    building: '1栋',
    unit: '1',
    room: '101',
    area: 89.5,
    batch: '第一批',
    owners: [{ name: '张*', idMasked: '4401**********1234' }],
    caseId: 3,
    verifiedAt: '2026-02-20T02:00:00.000Z',
    verifiedRole: 'owner',
    delegate: null,
    currentStage: 'done',
    stages: [{ stage: 'verify', status: 'done' }],
    doneAt: '2026-03-01T02:00:00.000Z'
  },
  events: [
    { id: 1, stage: 'verify', fromStatus: 'available', toStatus: 'done', actorType: 'owner', actorLabel: '业主', note: null, at: '2026-02-20T02:00:00.000Z' },
    { id: 2, stage: 'documents', fromStatus: 'in_progress', toStatus: 'done', actorType: 'staff', actorLabel: '审核员小李', note: null, at: '2026-02-21T03:00:00.000Z' }
  ],
  filesVisible: false,
  documents: [
    {
      itemCode: 'owner_id_card',
      title: '业主身份证',
      status: 'approved',
      reason: null,
      submittedAt: '2026-02-20T03:00:00.000Z',
      reviewedAt: '2026-02-21T03:00:00.000Z',
      reviewedBy: '审核员小李',
      files: [{ uploadId: 9, page: 1, mime: 'image/png', size: 100, createdAt: '2026-02-20T03:00:00.000Z', url: null }]
    }
  ],
  reservation: { date: '2026-03-01', startTime: '09:00', endTime: '10:00', status: 'active', createdAt: '2026-02-22T02:00:00.000Z', cancelledAt: null },
  reservations: [],
  checkins: [],
  payments: { bill: null, orders: [] },
  inspections: [],
  defects: [],
  keys: { handedAt: '2026-03-01T02:00:00.000Z', staff: '接待小王', keys: [{ code: 'door_key', label: '入户门钥匙', count: 3 }], meters: [] },
  survey: null,
  tasks: []
}

const fetchMock = jest.fn()

beforeEach(() => {
  resetTaroDouble()
  fetchMock.mockReset()
  ;(globalThis as { fetch?: unknown }).fetch = fetchMock
  setStaffSession({
    token: 'mgr-tok',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    user: { id: 5, username: 'manager', displayName: '项目经理', role: 'manager', communityName: '安家示范小区' },
    mustChangePassword: false
  } as Parameters<typeof setStaffSession>[0])
})

const lastUrl = () => ((navigateTo.mock.calls as unknown as [{ url: string }][]).at(-1)?.[0].url ?? '')

test('the funnel shows every stage with its number as text, and the bar is labelled with it', async () => {
  serveApi((url) => (url.startsWith('/api/staff/dashboard') ? { status: 200, body: dashboard() } : undefined))
  render(<DashboardPage />)
  const funnel = await screen.findByTestId('dash-funnel')
  expect(within(funnel).getByText('入伙漏斗（共 128 户）')).toBeTruthy()
  const keys = within(funnel).getByTestId('funnel-keys')
  expect(keys.textContent).toContain('交钥匙')
  expect(keys.textContent).toContain('已完成 19 户')
  expect(keys.getAttribute('aria-label')).toBe('交钥匙：已完成 19 户，查看明细')
  expect(within(funnel).getByText('当前在此环节 67 户 ›')).toBeTruthy()
  // the bar's width is the share of all houses
  const fill = keys.querySelector('.dash-bar__fill') as HTMLElement
  expect(fill.style.width).toBe(`${(19 / 128) * 100}%`)
  expect(screen.getByTestId('batch-第一批').textContent).toContain('29.7%（19/64 户）')
  expect(screen.getByTestId('dash-survey').textContent).toContain('74.2')
  expect(screen.getByTestId('dash-survey').textContent).toContain('68.7')
})

test('tapping a number opens its drill-down list with the drill key, the filters and a title', async () => {
  const calls: string[] = []
  serveApi((url) => {
    calls.push(url)
    return url.startsWith('/api/staff/dashboard') ? { status: 200, body: dashboard() } : undefined
  })
  render(<DashboardPage />)
  await screen.findByTestId('dash-funnel')
  // filter by batch: the dashboard reloads with it
  await act(async () => {
    fireEvent.click(within(screen.getByRole('group', { name: '按批次筛选' })).getByText('第一批'))
  })
  expect(calls.at(-1)).toBe(`/api/staff/dashboard?batch=${encodeURIComponent('第一批')}`)
  await act(async () => {
    fireEvent.click(screen.getByTestId('funnel-keys'))
  })
  const url = lastUrl()
  expect(url.startsWith('/manager/dashboard/houses/index?')).toBe(true)
  const q = new URLSearchParams(url.split('?')[1])
  expect(q.get('metric')).toBe('funnel:keys:done')
  expect(q.get('batch')).toBe('第一批')
  expect(q.get('title')).toBe('交钥匙：已完成')
  // an SLA item goes straight to the house
  await act(async () => {
    fireEvent.click(screen.getByText('1栋1单元302 · 购房合同'))
  })
  expect(lastUrl()).toBe('/staff/house/index?houseId=42')
})

test('the drill-down list asks for exactly that metric and opens a house history on tap', async () => {
  const calls: string[] = []
  serveApi((url) => {
    calls.push(url)
    return url.startsWith('/api/staff/dashboard/houses') ? { status: 200, body: houses } : undefined
  })
  setRouterParams({ metric: encodeURIComponent('funnel:keys:done'), title: encodeURIComponent('交钥匙：已完成'), batch: encodeURIComponent('第一批') })
  render(<DashboardHousesPage />)
  const items = await screen.findAllByTestId('drill-house')
  expect(calls[0]).toBe(`/api/staff/dashboard/houses?metric=${encodeURIComponent('funnel:keys:done')}&batch=${encodeURIComponent('第一批')}`)
  expect(screen.getByText('交钥匙：已完成')).toBeTruthy()
  expect(screen.getByTestId('drill-total').textContent).toContain('共 2 户')
  expect(items[0].textContent).toContain('1栋1单元101')
  await act(async () => {
    fireEvent.click(items[0])
  })
  expect(lastUrl()).toBe('/staff/house/index?houseId=11')
})

test('导出 Excel fetches the workbook with the bearer token and saves it', async () => {
  serveApi((url) => (url.startsWith('/api/staff/dashboard') ? { status: 200, body: dashboard() } : undefined))
  fetchMock.mockResolvedValue({ ok: true, status: 200, blob: async () => new Blob(['xlsx']) })
  const created = jest.fn(() => 'blob:x')
  ;(URL as unknown as { createObjectURL: unknown }).createObjectURL = created
  ;(URL as unknown as { revokeObjectURL: unknown }).revokeObjectURL = jest.fn()
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
  render(<DashboardPage />)
  await screen.findByTestId('dash-funnel')
  await act(async () => {
    fireEvent.click(screen.getByTestId('dash-export'))
  })
  expect(fetchMock).toHaveBeenCalledTimes(1)
  const [url, init] = fetchMock.mock.calls[0]
  expect(url).toBe('/api/staff/dashboard/export.xlsx')
  expect(init.headers.Authorization).toBe('Bearer mgr-tok')
  expect(created).toHaveBeenCalled()
  expect(click).toHaveBeenCalled()
  expect(screen.queryByTestId('dash-export-error')).toBeNull()
  click.mockRestore()
})

test('the house history page shows the timeline with who and when, masked identity, no file links for reception', async () => {
  serveApi((url) => (url === '/api/staff/houses/11/history' ? { status: 200, body: history } : undefined))
  setRouterParams({ houseId: '11' })
  render(<HouseHistoryPage />)
  const events = await screen.findAllByTestId('house-event')
  expect(events).toHaveLength(2)
  expect(events[1].textContent).toContain('提交资料')
  expect(events[1].textContent).toContain('工作人员 审核员小李')
  expect(events[1].textContent).toContain('2026年2月21日 11:00')
  expect(screen.getByTestId('house-head').textContent).toContain('张*')
  expect(screen.getByTestId('house-head').textContent).toContain('4401**********1234')
  const docs = screen.getByTestId('house-documents')
  expect(docs.textContent).toContain('第1页（已上传）')
  expect(within(docs).queryAllByRole('button')).toHaveLength(0)
  expect(screen.getByTestId('house-keys').textContent).toContain('入户门钥匙3 把/张')
})

test("a house found on the staff home opens its 房屋档案", async () => {
  setStaffSession({
    token: 'rec-tok',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    user: { id: 6, username: 'reception', displayName: '前台小王', role: 'reception', communityName: '安家示范小区' },
    mustChangePassword: false
  } as Parameters<typeof setStaffSession>[0])
  serveApi((url) => {
    if (url === '/api/staff/me') return { status: 200, body: { id: 6, username: 'reception', displayName: '前台小王', role: 'reception', communityName: '安家示范小区' } }
    if (url.startsWith('/api/staff/houses?')) {
      return {
        status: 200,
        body: { total: 1, items: [{ houseId: 11, label: '1栋1单元101', ownerName: '张*', ownerIdMasked: '4401**********1234', currentStage: 'done', verified: true }], buildings: [], batches: [] }
      }
    }
    return undefined
  })
  render(<StaffHomePage />)
  const input = document.querySelector('[aria-label="房号或业主姓名"]')!
  act(() => {
    const ev = new Event('input', { bubbles: true })
    Object.defineProperty(ev, 'detail', { value: { value: '101' } })
    Object.defineProperty(ev, 'target', { value: { value: '101' } })
    input.dispatchEvent(ev)
  })
  await act(async () => {
    fireEvent.click(screen.getByText('查询').closest('.nut-button') ?? screen.getByText('查询'))
  })
  const item = await screen.findByTestId('lookup-item')
  expect(item.getAttribute('role')).toBe('button')
  expect(item.textContent).toContain('查看房屋档案')
  await act(async () => {
    fireEvent.click(item)
  })
  expect(lastUrl()).toBe('/staff/house/index?houseId=11')
})

test('each contractor shows its open, overdue and reopened repairs', async () => {
  serveApi((url) => (url.startsWith('/api/staff/dashboard') ? { status: 200, body: dashboard() } : undefined))
  render(<DashboardPage />)
  const card = await screen.findByTestId('dash-contractors')
  const row = within(card).getByText('鑫达建筑').closest('[role="row"]') as HTMLElement
  expect(Array.from(row.querySelectorAll('[role="cell"]')).map((c) => c.textContent)).toEqual(['5', '2', '1', '3', '3', '2'])
})

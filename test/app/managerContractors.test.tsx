import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { request, resetTaroDouble } from './taro-double'
import ManagerContractorsPage from '../../src/manager/contractors/index'
import { setStaffSession } from '../../src/stores/session'
import { apiError, serveApi } from './helpers'
import type { Contractor } from '../../types'

jest.setTimeout(30000)

const stats = { assigned: 0, open: 0, overdue: 0, reopened: 0, done: 0, onTime: 0 }
const contractor = (over: Partial<Contractor>): Contractor => ({
  id: 1,
  name: '华防防水工程公司',
  trades: ['渗漏'],
  contactName: '王工',
  contactPhone: '13800001111',
  active: true,
  stats,
  createdAt: '2026-03-01T00:00:00.000Z',
  ...over
})

let contractors: Contractor[]
const fetchMock = jest.fn()

beforeEach(() => {
  resetTaroDouble()
  fetchMock.mockReset()
  ;(globalThis as { fetch?: unknown }).fetch = fetchMock
  setStaffSession({
    token: 'mgr-tok',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    user: { id: 1, username: 'manager', displayName: '项目经理 王强', role: 'manager', communityName: '安家示范小区' },
    mustChangePassword: false
  })
  contractors = [contractor({ stats: { ...stats, assigned: 5, open: 3, overdue: 2, reopened: 1, done: 2, onTime: 1 } }), contractor({ id: 2, name: '建安土建', trades: ['开裂', '电气'], contactName: '', contactPhone: '' })]
  serveApi((url, { method, data }) => {
    if (url.endsWith('/api/staff/contractors') && method === 'GET') return { status: 200, body: { items: contractors, buildings: [{ id: 7, name: '1栋' }, { id: 8, name: '2栋' }] } }
    if (url.endsWith('/api/staff/contractors') && method === 'POST') {
      const body = data as Contractor
      if (body.name === '建安土建') return apiError(409, 'CONFLICT', '本小区已有同名施工单位')
      const c = contractor({ ...body, id: 9 })
      contractors = [...contractors, c]
      return { status: 201, body: c }
    }
    if (/\/api\/staff\/contractors\/1\/assign$/.test(url)) return { status: 200, body: { assigned: 4, repairIds: [1, 2, 3, 4] } }
    return undefined
  })
})

function typeInto(label: string, value: string, nth = 0) {
  const el = document.querySelectorAll(`[aria-label="${label}"]`)[nth]
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

test('lists the contractors with trades, contact and their counts; overdue and reopened said when any', async () => {
  render(<ManagerContractorsPage />)
  await waitFor(() => expect(screen.getAllByTestId('contractor-item')).toHaveLength(2))
  const [a, b] = screen.getAllByTestId('contractor-item')
  expect(a.textContent).toContain('负责：渗漏')
  expect(a.textContent).toContain('联系人：王工 13800001111')
  expect(a.textContent).toContain('派单 5 · 未完成 3 · 已完成 2（按期 1）')
  expect(a.textContent).toContain('逾期 2 · 验收退回 1 次')
  expect(b.textContent).toContain('负责：开裂、电气')
  expect(b.textContent).not.toContain('逾期')
})

test('adding a contractor sends its name, contact and trades; a taken name is said', async () => {
  render(<ManagerContractorsPage />)
  await waitFor(() => screen.getAllByTestId('contractor-item'))
  const form = screen.getByTestId('contractor-form-new')
  typeInto('单位名称', '精工门窗')
  typeInto('联系人', '赵工')
  typeInto('联系电话', '020-88886666')
  await click(within(form).getByText('门窗'))
  await click(within(form).getByText('添加施工单位'))
  await waitFor(() => expect(screen.getAllByTestId('contractor-item')).toHaveLength(3))
  const post = request.mock.calls.find(([o]) => o.method === 'POST')![0]
  expect(post.data).toEqual({ name: '精工门窗', trades: ['门窗'], contactName: '赵工', contactPhone: '020-88886666' })

  typeInto('单位名称', '建安土建')
  await click(within(screen.getByTestId('contractor-form-new')).getByText('添加施工单位'))
  await waitFor(() => expect(screen.getByText('本小区已有同名施工单位')).toBeTruthy())
})

test('batch assignment by category and building says how many were assigned', async () => {
  render(<ManagerContractorsPage />)
  await waitFor(() => screen.getAllByTestId('contractor-item'))
  await click(within(screen.getAllByTestId('contractor-item')[0]).getByText('批量派单'))
  const panel = screen.getByTestId('assign-panel-1')
  await click(within(panel).getByText('2栋'))
  await click(within(panel).getByText('确认派单'))
  await waitFor(() => expect(screen.getByText('已派给「华防防水工程公司」4 项')).toBeTruthy())
  const post = request.mock.calls.find(([o]) => o.url.endsWith('/assign'))![0]
  expect(post.data).toEqual({ category: '渗漏', building: 8 })
})

test('整改通知单 fetches that contractor’s PDF with the bearer token', async () => {
  fetchMock.mockResolvedValue({ ok: true, status: 200, blob: async () => new Blob(['%PDF']) })
  ;(URL as unknown as { createObjectURL: unknown }).createObjectURL = jest.fn(() => 'blob:x')
  const open = jest.spyOn(window, 'open').mockImplementation(() => ({}) as Window)
  render(<ManagerContractorsPage />)
  await waitFor(() => screen.getAllByTestId('contractor-item'))
  await click(within(screen.getAllByTestId('contractor-item')[1]).getByText('整改通知单'))
  const [url, init] = fetchMock.mock.calls[0]
  expect(url).toBe('/api/staff/contractors/2/notice.pdf')
  expect(init.headers.Authorization).toBe('Bearer mgr-tok')
  await waitFor(() => expect(screen.getByText('整改通知单已生成，已打开')).toBeTruthy())
  open.mockRestore()
})

/* Staff screens (issue 10 item 7): home tiles with counts and the search each role has, login placeholders, the reviewer's identity comparison and document viewer. */
import { act, configure, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { navigateTo, request, resetTaroDouble, setRouterParams } from './taro-double'
import StaffHomePage from '../../src/staff/index/index'
import StaffLoginPage from '../../src/staff/login/index'
import StaffReviewPage from '../../src/staff/review/index'
import { serveApi, signInStaff } from './helpers'
import type { ReviewCase, StaffHomeCounts, StaffRole } from '../../types'

jest.setTimeout(30000)
configure({ asyncUtilTimeout: 5000 })

const staff = (role: StaffRole) => signInStaff(role, '张敏')

const NONE: StaffHomeCounts = { reviewWaiting: null, delegatesWaiting: null, checkinWaiting: null, repairsOpen: null, unpaid: null, tasksOpen: null, alertsOpen: 0 }

function serveHome(role: StaffRole, counts: StaffHomeCounts) {
  const user = staff(role)
  serveApi((url) => {
    if (url === '/api/staff/me') return { status: 200, body: user }
    if (url === '/api/staff/home-counts') return { status: 200, body: counts }
    if (url.startsWith('/api/staff/setup/status')) return { status: 200, body: { steps: [], ready: true } }
    return undefined
  })
}

const tiles = () => screen.getAllByTestId('staff-tile').map((t) => t.getAttribute('aria-label'))

beforeEach(() => {
  resetTaroDouble()
  setRouterParams({})
})

describe('staff home', () => {
  it("shows on each tile what waits for the reviewer, in words", async () => {
    serveHome('reviewer', { ...NONE, reviewWaiting: 3, delegatesWaiting: 0, alertsOpen: 1 })
    render(<StaffHomePage />)
    await waitFor(() => expect(tiles()).toContain('资料审核，3 户待审'))
    expect(tiles()).toEqual(['资料审核，3 户待审', '委托书审核，暂无待办', '风险预警，1 条未处理', '修改密码'])
    expect(screen.getByText('3 户待审').className).toContain('staff__menu-count--due')
    // the reviewer's home keeps the house search (GET /api/staff/houses admits the role)
    expect(screen.getByTestId('house-search')).toBeTruthy()
  })

  it('the cashier has no house search on the home (it answered 没有此操作的权限) and sees unpaid and refunds', async () => {
    serveHome('cashier', { ...NONE, unpaid: 12, tasksOpen: 1 })
    render(<StaffHomePage />)
    await waitFor(() => expect(tiles()).toContain('柜台收款，12 户未缴清'))
    expect(tiles()).toContain('退款任务，1 项待办')
    expect(screen.queryByTestId('house-search')).toBeNull()
    expect(screen.queryByText('查询房屋')).toBeNull()
    expect(request.mock.calls.some(([o]) => String(o.url).startsWith('/api/staff/houses'))).toBe(false)
  })

  it('reception sees who waits at the counter; the inspector the open repairs and no search', async () => {
    serveHome('reception', { ...NONE, checkinWaiting: 4, tasksOpen: 0 })
    const { unmount } = render(<StaffHomePage />)
    await waitFor(() => expect(tiles()).toContain('今日看板，4 位等候'))
    expect(screen.getByTestId('house-search')).toBeTruthy()
    unmount()
    serveHome('inspector', { ...NONE, repairsOpen: 7 })
    render(<StaffHomePage />)
    await waitFor(() => expect(tiles()).toContain('整改复验，7 项未整改'))
    expect(screen.queryByTestId('house-search')).toBeNull()
  })

  it('without counts (the request failed) the tiles still open their pages, with no number', async () => {
    const user = staff('reviewer')
    serveApi((url) => (url === '/api/staff/me' ? { status: 200, body: user } : url === '/api/staff/home-counts' ? { status: 500, body: { error: { code: 'INTERNAL', message: 'x' } } } : undefined))
    render(<StaffHomePage />)
    await waitFor(() => expect(tiles()[0]).toBe('资料审核'))
    fireEvent.click(screen.getAllByTestId('staff-tile')[0])
    expect(navigateTo).toHaveBeenCalledWith({ url: '/staff/review/index' })
  })
})

describe('staff login', () => {
  it('the fields say what to type, not 请输入内容', async () => {
    render(<StaffLoginPage />)
    await waitFor(() => expect(document.querySelector('input[aria-label="用户名"]')).not.toBeNull())
    expect(document.querySelector('input[aria-label="用户名"]')!.getAttribute('placeholder')).toBe('请输入工号/手机号')
    expect(document.querySelector('input[aria-label="密码"]')!.getAttribute('placeholder')).toBe('请输入密码')
    expect(document.body.innerHTML).not.toContain('请输入内容')
  })
})

describe('document review', () => {
  const CASE: ReviewCase = {
    caseId: 9,
    houseLabel: '1栋2单元1201',
    ownerNameMasked: '林*',
    ownerName: '林晓梅',
    ownerIdMasked: '1101**********1234',
    role: 'owner',
    delegateNameMasked: null,
    delegateName: null,
    delegateIdMasked: null,
    items: [
      {
        code: 'owner_id_card',
        title: '业主身份证',
        required: true,
        status: 'submitted',
        reason: null,
        submittedAt: '2026-03-02T02:00:00.000Z',
        pages: [
          { id: 11, mime: 'image/jpeg', size: 2048, page: 1, url: '/api/staff/files/11' },
          { id: 12, mime: 'application/pdf', size: 4096, page: 2, url: '/api/staff/files/12' }
        ]
      }
    ]
  }

  function serveCase() {
    staff('reviewer')
    setRouterParams({ caseId: '9' })
    serveApi((url) => {
      if (url === '/api/staff/reviews/9') return { status: 200, body: CASE }
      if (url === '/api/staff/reviews') return { status: 200, body: { items: [], overdueCount: 0, targetHours: 24 } }
      if (url === '/api/staff/review-reasons') return { status: 200, body: { reasons: ['照片模糊，请重新拍摄'] } }
      if (url === '/api/staff/files/11') return { status: 200, body: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]).buffer }
      return undefined
    })
  }

  it('shows the registered name in full and the masked ID number beside the photos', async () => {
    serveCase()
    render(<StaffReviewPage />)
    const identity = await screen.findByTestId('review-identity')
    expect(identity.textContent).toContain('备案业主：林晓梅')
    expect(identity.textContent).toContain('身份证号：1101**********1234')
    expect(identity.textContent).not.toContain('林*')
    expect(screen.getByText('姓名完整显示仅供核对，本次查看已记录；请勿截图或外传。')).toBeTruthy()
  })

  it('a photo opens the in-app viewer: zoom in and out, rotate by quarter turns, close back to the review', async () => {
    serveCase()
    render(<StaffReviewPage />)
    const photo = await screen.findByRole('button', { name: '放大查看业主身份证第 1 页' })
    fireEvent.click(photo)
    const viewer = await screen.findByTestId('document-viewer')
    expect(viewer.getAttribute('role')).toBe('dialog')
    const frame = screen.getByTestId('document-viewer-frame')
    const btn = (label: string) => (screen.getByLabelText(label).closest('.nut-button') ?? screen.getByLabelText(label)) as HTMLElement
    expect(frame.getAttribute('data-scale')).toBe('1')
    act(() => void fireEvent.click(btn('放大')))
    expect(frame.getAttribute('data-scale')).toBe('1.5')
    act(() => void fireEvent.click(btn('放大')))
    expect(frame.getAttribute('data-scale')).toBe('2.25')
    act(() => void fireEvent.click(btn('缩小')))
    expect(frame.getAttribute('data-scale')).toBe('1.5')
    act(() => void fireEvent.click(btn('向右旋转 90 度')))
    expect(frame.getAttribute('data-rotate')).toBe('90')
    act(() => void fireEvent.click(btn('向右旋转 90 度')))
    act(() => void fireEvent.click(btn('向右旋转 90 度')))
    act(() => void fireEvent.click(btn('向右旋转 90 度')))
    expect(frame.getAttribute('data-rotate')).toBe('0')
    act(() => void fireEvent.click(btn('关闭查看')))
    await waitFor(() => expect(screen.queryByTestId('document-viewer')).toBeNull())
    expect(screen.getByTestId('review-identity')).toBeTruthy()
  })

  it('a PDF page has a clear 打开 PDF action instead of opening on a bare tap', async () => {
    serveCase()
    render(<StaffReviewPage />)
    const open = await screen.findByLabelText('打开 PDF：业主身份证第 2 页')
    expect(open.textContent).toContain('打开 PDF')
    // the page tile itself is not a hidden link any more
    const pages = screen.getAllByTestId('review-page')
    expect(pages[1].getAttribute('aria-label')).toBeNull()
  })
})

import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { navigateBack, navigateTo, resetTaroDouble, setRouterParams } from './taro-double'
import StaffReviewPage from '../../src/staff/review/index'
import { setStaffSession } from '../../src/stores/session'
import { serveApi } from './helpers'

jest.setTimeout(30000)

const QUEUE = {
  items: [
    {
      caseId: 7,
      houseLabel: '1栋1单元101',
      ownerNameMasked: '张*明',
      role: 'owner',
      pendingItems: [{ code: 'owner_id_card', title: '业主身份证' }],
      waitingSince: '2026-03-01T01:00:00.000Z',
      waitingMinutes: 30,
      targetHours: 24,
      overdue: false
    }
  ],
  overdueCount: 0,
  targetHours: 24
}

const CASE = {
  caseId: 7,
  houseLabel: '1栋1单元101',
  ownerNameMasked: '张*明',
  ownerName: '张小明',
  ownerIdMasked: '4401********1234',
  role: 'owner',
  delegateNameMasked: null,
  delegateName: null,
  delegateIdMasked: null,
  items: []
}

beforeEach(() => {
  resetTaroDouble()
  setStaffSession({
    token: 'staff-tok',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    user: { id: 1, username: 'reviewer', displayName: '审核 王芳', role: 'reviewer', communityName: '锦绣花园' },
    mustChangePassword: false
  } as never)
  serveApi((url) => {
    if (url.endsWith('/api/staff/reviews')) return { status: 200, body: QUEUE }
    if (url.endsWith('/api/staff/review-reasons')) return { status: 200, body: { reasons: ['照片不清晰'] } }
    if (url.endsWith('/api/staff/reviews/7')) return { status: 200, body: CASE }
    return undefined
  })
})

describe('staff review: a case is its own page, so back returns to the queue', () => {
  it('opening a queue entry navigates to ?caseId= (a history entry), not an in-page swap', async () => {
    render(<StaffReviewPage />)
    const entry = await screen.findByTestId('review-queue-item')
    act(() => {
      fireEvent.click(entry)
    })
    expect(navigateTo).toHaveBeenCalledWith({ url: '/staff/review/index?caseId=7' })
    // the queue is still what this page shows
    expect(screen.getByText('待审核资料')).toBeTruthy()
  })

  it('the case page loads that case; 返回审核队列 goes back to the queue page below', async () => {
    setRouterParams({ caseId: '7' })
    render(<StaffReviewPage />)
    await waitFor(() => expect(screen.getByText('张小明')).toBeTruthy())
    expect(screen.queryByText('待审核资料')).toBeNull()
    act(() => {
      fireEvent.click(screen.getByText('返回审核队列'))
    })
    expect(navigateBack).toHaveBeenCalled()
  })
})

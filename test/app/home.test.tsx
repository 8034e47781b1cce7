import { act, render, screen, waitFor } from '@testing-library/react'
import { reLaunch, resetTaroDouble, setRouterParams, triggerPullDownRefresh, request, stopPullDownRefresh } from './taro-double'
import HomePage from '../../src/pages/home/index'
import { setOwnerSession } from '../../src/stores/session'
import { apiError, serveApi } from './helpers'
import { PROGRESS_FIXTURE } from './fixtures'

const HOUSE = { id: 1, communityName: '锦绣花园', building: '1', unit: '2', room: '1201', label: '1栋2单元1201', area: 98.5, batch: '第一批' }
const ME = { role: 'owner', ownerName: '张*明', ownerIdMasked: '4401********1234', house: HOUSE, servicePhone: '020-12345678' }

beforeEach(() => {
  resetTaroDouble()
  setRouterParams({})
  setOwnerSession({ sessionToken: 'tok', expiresAt: new Date(Date.now() + 3600_000).toISOString(), role: 'owner', house: HOUSE })
})

describe('owner home', () => {
  it('shows the house card, the next step and every stage', async () => {
    serveApi((url) => {
      if (url === '/api/owner/me') return { status: 200, body: ME }
      if (url === '/api/owner/progress') return { status: 200, body: PROGRESS_FIXTURE }
      return undefined
    })
    const { container } = render(<HomePage />)
    expect(await screen.findByText('1栋2单元1201')).toBeTruthy()
    expect(screen.getByText('业主 张*明')).toBeTruthy()
    expect(screen.getByText('业主本人')).toBeTruthy()
    expect(screen.getByText('重新上传购房合同')).toBeTruthy()
    expect(container.querySelectorAll('[data-stage]')).toHaveLength(10)
    expect(container.querySelector('[aria-label="通知，3 条未读"]')).not.toBeNull()
    expect(screen.getByText('本小区规定：结清入伙费用后方可领取钥匙。')).toBeTruthy()
  })

  it('more than 9 unread: the badge shows 9+ and the name says 9+ and the exact count', async () => {
    serveApi((url) => {
      if (url === '/api/owner/me') return { status: 200, body: ME }
      if (url === '/api/owner/progress') return { status: 200, body: { ...PROGRESS_FIXTURE, unreadNotifications: 12 } }
      return undefined
    })
    const { container } = render(<HomePage />)
    expect(await screen.findByText('1栋2单元1201')).toBeTruthy()
    expect(container.querySelector('.home-header__notice')?.getAttribute('aria-label')).toBe('通知，9+ 条未读，共 12 条')
    expect(screen.getByText('9+')).toBeTruthy()
  })

  it('goes back to the entry page when the session is rejected', async () => {
    serveApi(() => apiError(401, 'SESSION_EXPIRED', '登录已过期'))
    render(<HomePage />)
    await waitFor(() => expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/entry/index' }))
  })

  it('reloads on pull-down refresh and stops the spinner', async () => {
    serveApi((url) => {
      if (url === '/api/owner/me') return { status: 200, body: ME }
      if (url === '/api/owner/progress') return { status: 200, body: PROGRESS_FIXTURE }
      return undefined
    })
    render(<HomePage />)
    await screen.findByText('1栋2单元1201')
    const before = request.mock.calls.length
    await act(async () => {
      triggerPullDownRefresh()
    })
    await waitFor(() => expect(stopPullDownRefresh).toHaveBeenCalled())
    expect(request.mock.calls.length).toBe(before + 2)
  })
})

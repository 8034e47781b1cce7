/*
 * Reception check-ins while the network is down (issue 12 item 1): each typed check-in is kept
 * on the phone with its idempotency key, listed (待同步) across a reload, sent once when the
 * network is back; a refused one names itself and can be removed; the sync bar tells which.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { request, resetTaroDouble, setRouterParams } from './taro-double'
import BoardPage from '../../src/staff/board/index'
import { getStaffSession } from '../../src/stores/session'
import { checkinQueueKey } from '../../src/hooks/useStaffBoard'
import { apiError, serveApi, signInStaff, typeInto } from './helpers'
import Taro from '@tarojs/taro'
import type { Board, StaffCheckinResponse } from '../../types'

jest.setTimeout(30000)

const BOARD: Board = {
  date: '2026-03-10',
  isToday: true,
  slots: [],
  queue: [],
  counts: { reserved: 2, arrived: 0, waiting: 0, serving: 0, finished: 0, longWaits: 0 },
  serviceMinutes: 10,
  windows: 1
}

const answer = (over: Partial<StaffCheckinResponse>): StaffCheckinResponse => ({
  checkinId: 1,
  caseId: 10,
  queueNo: 1,
  houseLabel: '1栋1单元101',
  ownerName: '张*',
  registeredName: '张三丰',
  created: true,
  ...over
})

const badge = () => screen.getByTestId('sync-badge')
const clickButton = async (text: string) => {
  const el = screen.getByText(text)
  await act(async () => {
    fireEvent.click((el.closest('.nut-button') ?? el) as HTMLElement)
  })
}
const checkinPosts = () =>
  request.mock.calls
    .map(([o]) => o as { url: string; method?: string; data?: Record<string, string> })
    .filter((o) => o.method === 'POST' && o.url.startsWith('/api/staff/checkins'))

beforeEach(() => {
  resetTaroDouble()
  setRouterParams({})
})

describe('reception check-ins offline', () => {
  it('a short code and a house check-in typed offline stay listed (待同步) across a reload, then go once each with their first key', async () => {
    const user = signInStaff('reception')
    let down = false
    const delivered: string[] = []
    serveApi((url, { method, data }) => {
      if (down) return 'network-error'
      const body = data as Record<string, string>
      if (url === '/api/staff/checkins' && method === 'POST') {
        delivered.push(body.idempotencyKey)
        return { status: 200, body: answer({ checkinId: 7, queueNo: 3, houseLabel: '1栋1单元102', registeredName: '王小明' }) }
      }
      if (url === '/api/staff/checkins/by-house' && method === 'POST') {
        delivered.push(body.idempotencyKey)
        return { status: 200, body: answer({ checkinId: 8, queueNo: 4, houseLabel: body.house, registeredName: '李四' }) }
      }
      if (url.startsWith('/api/staff/board')) return { status: 200, body: BOARD }
      return undefined
    })
    const first = render(<BoardPage />)
    expect(await screen.findByText('还没有业主签到')).toBeTruthy()
    expect(badge().textContent).toBe('已全部同步')

    down = true
    typeInto('数字签到码', '123456')
    await clickButton('凭签到码签到')
    typeInto('房号', '1栋1单元101')
    typeInto('身份证后 4 位', '123X')
    await clickButton('凭房号签到')
    await waitFor(() => expect(screen.getAllByTestId('checkin-pending')).toHaveLength(2))
    expect(screen.getAllByTestId('checkin-pending').map((e) => e.textContent)).toEqual(['签到码 123456（待同步）', '1栋1单元101 签到（待同步）'])
    expect(badge().getAttribute('data-state')).toBe('pending')
    expect(badge().textContent).toContain('2 条')
    expect(screen.queryByTestId('registered-name')).toBeNull()
    // the same code typed again while offline is the same entry
    typeInto('数字签到码', '123456')
    await clickButton('凭签到码签到')
    expect(screen.getAllByTestId('checkin-pending')).toHaveLength(2)
    const stored = Taro.getStorageSync(checkinQueueKey(user.id)) as { pending: { key: string }[] }
    const keys = stored.pending.map((e) => e.key)
    expect(keys).toHaveLength(2)

    // reload while offline: the board cannot load, the check-ins are still there
    first.unmount()
    render(<BoardPage />)
    await waitFor(() => expect(screen.getAllByTestId('checkin-pending')).toHaveLength(2))
    expect(screen.getByText('重新加载')).toBeTruthy()
    expect(badge().getAttribute('data-state')).toBe('pending')
    // every try so far carried the key made when its entry was queued (the first entry's: the queue keeps its order)
    const tried = checkinPosts().map((p) => p.data!.idempotencyKey)
    expect(tried.length).toBeGreaterThanOrEqual(2)
    expect(new Set(tried)).toEqual(new Set([keys[0]]))

    down = false
    await act(async () => {
      window.dispatchEvent(new Event('online'))
    })
    await waitFor(() => expect(badge().textContent).toBe('已全部同步'))
    expect(delivered).toEqual(keys)
    expect(screen.queryByTestId('checkin-pending')).toBeNull()
    const names = screen.getAllByTestId('registered-name').map((e) => e.textContent)
    expect(names.some((n) => n!.includes('王小明'))).toBe(true)
    expect(names.some((n) => n!.includes('李四'))).toBe(true)
    expect(Taro.getStorageSync(checkinQueueKey(user.id))).toBeFalsy()
  })

  it('a 5xx waits and is retried with the same key; a wrong ID tail and too many guesses are refused by name; the staff stays signed in', async () => {
    signInStaff('reception')
    let failing = true
    const keys: string[] = []
    serveApi((url, { method, data }) => {
      const body = data as Record<string, string>
      if (url === '/api/staff/checkins/by-house' && method === 'POST') {
        return apiError(401, 'CHECKIN_ID_MISMATCH', '身份证后 4 位与该房屋备案业主不一致，请核对')
      }
      if (url === '/api/staff/checkins' && method === 'POST') {
        if (body.code === '654321') return apiError(429, 'TOO_MANY_REQUESTS', '尝试次数过多，请 15 分钟后再试')
        keys.push(body.idempotencyKey)
        if (failing) return { status: 503, body: { error: { code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' } } }
        return { status: 200, body: answer({}) }
      }
      if (url.startsWith('/api/staff/board')) return { status: 200, body: BOARD }
      return undefined
    })
    render(<BoardPage />)
    expect(await screen.findByText('还没有业主签到')).toBeTruthy()
    typeInto('数字签到码', '123456')
    await clickButton('凭签到码签到')
    await waitFor(() => expect(keys).toHaveLength(1))
    expect(screen.getByTestId('checkin-pending').textContent).toBe('签到码 123456（待同步）')

    typeInto('房号', '1栋1单元101')
    typeInto('身份证后 4 位', '0000')
    await clickButton('凭房号签到')
    typeInto('数字签到码', '654321')
    await clickButton('凭签到码签到')
    failing = false
    await clickButton('重试')
    await waitFor(() => expect(screen.getAllByTestId('checkin-rejected')).toHaveLength(2))
    const lines = screen.getAllByTestId('checkin-rejected').map((e) => e.textContent)
    expect(lines).toEqual([
      expect.stringContaining('1栋1单元101 未签到：身份证后 4 位与该房屋备案业主不一致，请核对'),
      expect.stringContaining('签到码 654321 未签到：尝试次数过多，请 15 分钟后再试')
    ])
    expect(new Set(keys).size).toBe(1)
    expect(screen.getByTestId('registered-name').textContent).toContain('张三丰')
    expect(badge().getAttribute('data-state')).toBe('failed')
    expect(badge().textContent).not.toContain('已全部同步')
    // a wrong ID tail is about the typed digits, not the session
    expect(getStaffSession()).not.toBeNull()
    fireEvent.click(screen.getByLabelText('知道了，移除「1栋1单元101 签到」'))
    fireEvent.click(screen.getByLabelText('知道了，移除「签到码 654321」'))
    expect(badge().textContent).toBe('已全部同步')
  })
})

import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { request, resetTaroDouble, setRouterParams } from './taro-double'
import CheckinPage from '../../src/owner/checkin/index'
import { setOwnerSession } from '../../src/stores/session'
import { apiError, serveApi } from './helpers'
import type { OwnerCheckin } from '../../types'

jest.setTimeout(30000)

const HOUSE = { id: 1, communityName: '锦绣花园', building: '1', unit: '2', room: '1201', label: '1栋2单元1201', area: 98.5, batch: '第一批' }

function view(over: Partial<OwnerCheckin> = {}): OwnerCheckin {
  return {
    today: '2026-03-10',
    reservation: { date: '2026-03-10', start: '09:00', end: '10:00' },
    canCheckIn: false,
    reasons: [],
    checkin: null,
    ahead: 0,
    estimatedWaitMinutes: 0,
    serviceMinutes: 10,
    nowServing: null,
    ...over
  }
}

const waiting = (queueNo: number) => ({
  id: 7,
  date: '2026-03-10',
  queueNo,
  arrivedAt: '2026-03-10T01:05:00.000Z',
  status: 'waiting' as const,
  calledAt: null,
  finishedAt: null
})

const button = (text: string) => (screen.getByText(text).closest('.nut-button') ?? screen.getByText(text)) as HTMLElement

beforeEach(() => {
  resetTaroDouble()
  setRouterParams({})
  setOwnerSession({ sessionToken: 'tok', expiresAt: new Date(Date.now() + 3600_000).toISOString(), role: 'owner', house: HOUSE })
})

describe('owner check-in page', () => {
  it('shows the queue card: number, people ahead, estimated wait and the number being served', async () => {
    serveApi((url) => (url === '/api/owner/checkin' ? { status: 200, body: view({ checkin: waiting(12), ahead: 3, estimatedWaitMinutes: 30, nowServing: 8 }) } : undefined))
    render(<CheckinPage />)
    const card = await screen.findByTestId('queue-card')
    expect(screen.getByTestId('queue-no').textContent).toBe('12')
    expect(screen.getByTestId('ahead').textContent).toBe('3')
    expect(card.textContent).toContain('排队中')
    expect(card.textContent).toContain('30')
    expect(card.textContent).toContain('当前叫号：8 号')
    // the card is a live region, so a screen reader hears the number change
    expect(card.getAttribute('aria-live')).toBe('polite')
    expect(screen.queryByText('签到取号')).toBeNull()
  })

  it('tells a called owner to go to the counter, without a wait estimate', async () => {
    const called = { ...waiting(12), status: 'called' as const, calledAt: '2026-03-10T01:30:00.000Z' }
    serveApi((url) => (url === '/api/owner/checkin' ? { status: 200, body: view({ checkin: called, nowServing: 12 }) } : undefined))
    render(<CheckinPage />)
    await screen.findByTestId('queue-card')
    expect(screen.getByText('请到窗口办理')).toBeTruthy()
    expect(screen.queryByTestId('ahead')).toBeNull()
  })

  it('takes a number with one tap and shows the card the server answered', async () => {
    let posted = 0
    serveApi((url, { method }) => {
      if (url !== '/api/owner/checkin') return undefined
      if (method === 'POST') {
        posted++
        return { status: 200, body: view({ checkin: waiting(5), ahead: 1, estimatedWaitMinutes: 10 }) }
      }
      return { status: 200, body: view({ canCheckIn: true }) }
    })
    render(<CheckinPage />)
    expect(await screen.findByText('预约时间：2026-03-10 09:00-10:00')).toBeTruthy()
    await act(async () => {
      fireEvent.click(button('签到取号'))
    })
    await waitFor(() => expect(screen.getByTestId('queue-no').textContent).toBe('5'))
    expect(posted).toBe(1)
  })

  it('shows why check-in is not possible yet, and no button', async () => {
    serveApi((url) => (url === '/api/owner/checkin' ? { status: 200, body: view({ reservation: null, reasons: ['请先预约入伙时间'] }) } : undefined))
    render(<CheckinPage />)
    expect(await screen.findByText('请先预约入伙时间')).toBeTruthy()
    expect(screen.queryByText('签到取号')).toBeNull()
    expect(screen.queryByTestId('queue-card')).toBeNull()
  })

  it('keeps the button and shows the server error when the tap is refused', async () => {
    serveApi((url, { method }) => {
      if (url !== '/api/owner/checkin') return undefined
      if (method === 'POST') return apiError(409, 'STAGE_LOCKED', '您预约的是 3月11日，今天不能签到')
      return { status: 200, body: view({ canCheckIn: true }) }
    })
    render(<CheckinPage />)
    await screen.findByText('预约时间：2026-03-10 09:00-10:00')
    await act(async () => {
      fireEvent.click(button('签到取号'))
    })
    expect((await screen.findByTestId('checkin-error')).textContent).toBe('您预约的是 3月11日，今天不能签到')
    expect(screen.getByText('签到取号')).toBeTruthy()
    expect(request.mock.calls.filter(([o]) => o.method === 'POST')).toHaveLength(1)
  })

  it('offers a retry when the first load fails', async () => {
    let fail = true
    serveApi((url) => (url === '/api/owner/checkin' ? (fail ? apiError(500, 'INTERNAL', '服务暂时不可用，请稍后再试') : { status: 200, body: view({ checkin: waiting(2) }) }) : undefined))
    render(<CheckinPage />)
    expect(await screen.findByText('服务暂时不可用，请稍后再试')).toBeTruthy()
    fail = false
    await act(async () => {
      fireEvent.click(button('重新加载'))
    })
    await waitFor(() => expect(screen.getByTestId('queue-no').textContent).toBe('2'))
  })
})

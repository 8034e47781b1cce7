import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { request, resetTaroDouble, setRouterParams } from './taro-double'
import CheckinPage from '../../src/owner/checkin/index'
import { setOwnerSession } from '../../src/stores/session'
import { apiError, button, serveApi } from './helpers'
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
  finishedAt: null,
  windowNo: null
})


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

  it('shows the check-in QR and the 6-digit short code to read aloud', async () => {
    serveApi((url) => {
      if (url === '/api/owner/checkin') return { status: 200, body: view({ checkin: waiting(3), ahead: 1 }) }
      if (url === '/api/owner/checkin-code')
        return { status: 200, body: { code: '9-20260310-abcdefABCDEF', shortCode: '042917', qr: 'data:image/png;base64,iVBORw0KGgo=', date: '2026-03-10', expiresAt: '2026-03-10T16:00:00.000Z' } }
      return undefined
    })
    render(<CheckinPage />)
    await screen.findByTestId('queue-card')
    await act(async () => {
      fireEvent.click(button('显示签到码'))
    })
    const qr = await screen.findByTestId('checkin-qr')
    expect(qr.getAttribute('src') ?? qr.querySelector('img')?.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=')
    expect(qr.getAttribute('aria-label')).toContain('签到二维码')
    expect(screen.getByTestId('checkin-short-code').textContent).toBe('042917')
    // the long signed code is for the QR only: nobody has to type 22 mixed-case characters
    expect(document.body.textContent).not.toContain('9-20260310-abcdefABCDEF')
  })

  it('says 下一位就是您 instead of a 0-minute wait, and names the window when called (with a buzz once)', async () => {
    const vibrate = jest.fn()
    Object.defineProperty(navigator, 'vibrate', { value: vibrate, configurable: true })
    let current = view({ checkin: waiting(5), ahead: 0, estimatedWaitMinutes: 0 })
    serveApi((url) => (url === '/api/owner/checkin' ? { status: 200, body: current } : undefined))
    jest.useFakeTimers()
    try {
      render(<CheckinPage />)
      await act(async () => {
        await jest.advanceTimersByTimeAsync(10)
      })
      expect(screen.getByTestId('next-up').textContent).toContain('下一位就是您')
      expect(screen.queryByText('预计等候（分钟）')).toBeNull()
      expect(vibrate).not.toHaveBeenCalled()
      current = view({ checkin: { ...waiting(5), status: 'called', calledAt: '2026-03-10T02:00:00.000Z', windowNo: 3 } })
      await act(async () => {
        await jest.advanceTimersByTimeAsync(21_000)
      })
      expect(screen.getByTestId('checkin-status').textContent).toBe('请到 3 号窗口办理')
      expect(vibrate).toHaveBeenCalledTimes(1)
    } finally {
      jest.useRealTimers()
    }
  })
})

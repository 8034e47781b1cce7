import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { navigateTo, resetTaroDouble, setRouterParams } from './taro-double'
import BoardPage from '../../src/staff/board/index'
import { setStaffSession } from '../../src/stores/session'
import { apiError, serveApi } from './helpers'
import type { Board, BoardCheckin, StaffRole } from '../../types'

jest.setTimeout(30000)

function staff(role: StaffRole) {
  setStaffSession({
    token: 'staff-tok',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    user: { id: 1, username: role, displayName: '前台 林晓', role, communityName: '锦绣花园' },
    mustChangePassword: false
  })
}

const item = (over: Partial<BoardCheckin> & Pick<BoardCheckin, 'id' | 'queueNo'>): BoardCheckin => ({
  caseId: over.id * 10,
  houseLabel: `1栋2单元${over.id}01`,
  ownerName: '张*',
  status: 'waiting',
  arrivedAt: '2026-03-10T01:05:00.000Z',
  calledAt: null,
  finishedAt: null,
  calledBy: null,
  waitingMinutes: 5,
  longWait: false,
  ...over
})

function board(queue: BoardCheckin[]): Board {
  return {
    date: '2026-03-10',
    isToday: true,
    slots: [],
    queue,
    counts: {
      reserved: 6,
      arrived: queue.length,
      waiting: queue.filter((q) => q.status === 'waiting').length,
      serving: queue.filter((q) => q.status === 'called').length,
      finished: 0,
      longWaits: queue.filter((q) => q.longWait).length
    },
    serviceMinutes: 10
  }
}

const QUEUE = [
  item({ id: 1, queueNo: 1, status: 'called', calledBy: '前台 林晓', waitingMinutes: 12 }),
  item({ id: 2, queueNo: 2, waitingMinutes: 47, longWait: true, arrivedAt: '2026-03-10T00:40:00.000Z' }),
  item({ id: 3, queueNo: 3, waitingMinutes: 4 })
]

const button = (el: HTMLElement | Document, text: string) => {
  const scope = el instanceof Document ? screen : { getByText: (t: string) => Array.from((el as HTMLElement).querySelectorAll('*')).find((n) => n.textContent === t && n.children.length === 0) as HTMLElement }
  const found = scope.getByText(text) as HTMLElement
  return (found.closest('.nut-button') ?? found) as HTMLElement
}

beforeEach(() => {
  resetTaroDouble()
  setRouterParams({})
})

describe('staff day board', () => {
  it('flags an owner waiting too long in words, not only in colour', async () => {
    staff('reception')
    serveApi((url) => (url.startsWith('/api/staff/board') ? { status: 200, body: board(QUEUE) } : undefined))
    render(<BoardPage />)
    const items = await screen.findAllByTestId('queue-item')
    expect(items).toHaveLength(3)
    expect(screen.getByText('1 位业主等候超过 30 分钟')).toBeTruthy()
    const flags = screen.getAllByTestId('long-wait')
    expect(flags).toHaveLength(1)
    expect(items[1].contains(flags[0])).toBe(true)
    expect(items[1].className).toContain('onsite__long')
    expect(items[0].className).not.toContain('onsite__long')
    expect(items[2].className).not.toContain('onsite__long')
  })

  it('shows arrival times in China time', async () => {
    staff('reception')
    serveApi((url) => (url.startsWith('/api/staff/board') ? { status: 200, body: board(QUEUE) } : undefined))
    render(<BoardPage />)
    const items = await screen.findAllByTestId('queue-item')
    expect(items[1].textContent).toContain('到达 08:40')
    expect(items[1].textContent).toContain('等候 47 分钟')
    expect(items[1].textContent).not.toContain('Z')
  })

  it('lets reception open the key handover of a called owner', async () => {
    staff('reception')
    serveApi((url) => (url.startsWith('/api/staff/board') ? { status: 200, body: board(QUEUE) } : undefined))
    render(<BoardPage />)
    const items = await screen.findAllByTestId('queue-item')
    fireEvent.click(button(items[0], '交钥匙'))
    expect(navigateTo).toHaveBeenCalledWith({ url: '/staff/keys/index?caseId=10' })
    // a waiting owner has no handover button yet
    expect(items[2].textContent).not.toContain('交钥匙')
  })

  it('hides the handover from roles other than reception', async () => {
    staff('manager')
    serveApi((url) => (url.startsWith('/api/staff/board') ? { status: 200, body: board(QUEUE) } : undefined))
    render(<BoardPage />)
    await screen.findAllByTestId('queue-item')
    expect(screen.queryByText('交钥匙')).toBeNull()
  })

  it('calls the next owner and announces who', async () => {
    staff('reception')
    let called = false
    serveApi((url, { method }) => {
      if (url === '/api/staff/board/call-next' && method === 'POST') {
        called = true
        return { status: 200, body: { called: { ...QUEUE[1], status: 'called' } } }
      }
      if (url.startsWith('/api/staff/board')) return { status: 200, body: board(QUEUE) }
      return undefined
    })
    render(<BoardPage />)
    await screen.findAllByTestId('queue-item')
    await act(async () => {
      fireEvent.click(button(document, '叫下一位'))
    })
    await waitFor(() => expect(screen.getByText('请 2 号（1栋2单元201）到窗口办理')).toBeTruthy())
    expect(called).toBe(true)
  })

  it('shows the server error when a code is refused', async () => {
    staff('reception')
    serveApi((url, { method }) => {
      if (url === '/api/staff/checkins' && method === 'POST') return apiError(400, 'CHECKIN_CODE_INVALID', '签到码无效或已过期')
      if (url.startsWith('/api/staff/board')) return { status: 200, body: board([]) }
      return undefined
    })
    render(<BoardPage />)
    expect(await screen.findByText('还没有业主签到')).toBeTruthy()
    const input = document.querySelector('[aria-label="签到码"]')!
    act(() => {
      const ev = new Event('input', { bubbles: true })
      Object.defineProperty(ev, 'detail', { value: { value: 'bad-code' } })
      Object.defineProperty(ev, 'target', { value: { value: 'bad-code' } })
      input.dispatchEvent(ev)
    })
    await act(async () => {
      fireEvent.click(button(document, '签到'))
    })
    expect(await screen.findByText('签到码无效或已过期')).toBeTruthy()
  })
})

import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { navigateTo, resetTaroDouble, setRouterParams } from './taro-double'
import BoardPage from '../../src/staff/board/index'
import { setStaffSession } from '../../src/stores/session'
import { apiError, serveApi, typeInto } from './helpers'
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
  windowNo: null,
  waitingMinutes: 5,
  longWait: false,
  keysReady: false,
  keysReasons: [],
  keysHandedOver: false,
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
    serviceMinutes: 10,
    windows: 1
  }
}

const QUEUE = [
  item({ id: 1, queueNo: 1, status: 'called', calledBy: '前台 林晓', waitingMinutes: 12, keysReady: true, windowNo: 2 }),
  item({ id: 2, queueNo: 2, waitingMinutes: 47, longWait: true, arrivedAt: '2026-03-10T00:40:00.000Z' }),
  item({ id: 3, queueNo: 3, waitingMinutes: 4 })
]

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

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
    expect(items[0].textContent).toContain('2 号窗口')
  })

  it('offers 交钥匙 only when the server keys guard passes, and says why not', async () => {
    staff('reception')
    const blocked = item({ id: 4, queueNo: 4, status: 'called', keysReady: false, keysReasons: ['入伙费用尚未缴清'] })
    const done = item({ id: 5, queueNo: 5, status: 'finished', keysHandedOver: true })
    serveApi((url) => (url.startsWith('/api/staff/board') ? { status: 200, body: board([blocked, done]) } : undefined))
    render(<BoardPage />)
    const items = await screen.findAllByTestId('queue-item')
    const buttons = (el: HTMLElement) => Array.from(el.querySelectorAll('.nut-button')).map((b) => b.textContent)
    expect(buttons(items[0])).not.toContain('交钥匙')
    expect(buttons(items[1])).not.toContain('交钥匙')
    expect(items[0].querySelector('[data-testid="keys-reason"]')!.textContent).toBe('暂不能交钥匙：入伙费用尚未缴清')
    expect(items[1].querySelector('[data-testid="keys-reason"]')!.textContent).toBe('钥匙已交接')
  })

  it('calls to the window picked on this phone and says which one', async () => {
    staff('reception')
    let body: unknown = null
    const q = [item({ id: 2, queueNo: 2 })]
    serveApi((url, { method, data }) => {
      if (url === '/api/staff/board/call-next' && method === 'POST') {
        body = data
        return { status: 200, body: { called: { ...q[0], status: 'called', windowNo: 3 } } }
      }
      if (url.startsWith('/api/staff/board')) return { status: 200, body: { ...board(q), windows: 3 } }
      return undefined
    })
    render(<BoardPage />)
    await screen.findAllByTestId('queue-item')
    fireEvent.click(button(document, '3 号窗口'))
    await act(async () => {
      fireEvent.click(button(document, '叫下一位'))
    })
    expect(await screen.findByText('请 2 号（1栋2单元201）到 3 号窗口办理')).toBeTruthy()
    expect(body).toEqual({ window: 3 })
  })

  it('hides the handover from roles other than reception', async () => {
    staff('manager')
    serveApi((url) => (url.startsWith('/api/staff/board') ? { status: 200, body: board(QUEUE) } : undefined))
    render(<BoardPage />)
    await screen.findAllByTestId('queue-item')
    expect(screen.queryByText('交钥匙')).toBeNull()
  })

  it('叫下一位 is disabled on an empty board, with the reason in words; enabled once someone waits', async () => {
    staff('reception')
    const posts: string[] = []
    serveApi((url, { method }) => {
      if (method === 'POST') posts.push(url)
      if (url.startsWith('/api/staff/board')) return { status: 200, body: board([item({ id: 1, queueNo: 1, status: 'called', calledBy: '前台 林晓' })]) }
      return undefined
    })
    const { unmount } = render(<BoardPage />)
    await screen.findAllByTestId('queue-item')
    const next = button(document, '叫下一位')
    expect(next.hasAttribute('disabled') || next.className.includes('disabled')).toBe(true)
    const reason = screen.getByTestId('next-disabled-reason')
    expect(reason.textContent).toBe('暂无等候的业主：业主签到取号后即可叫号')
    expect(next.getAttribute('aria-describedby')).toBe(reason.getAttribute('id'))
    fireEvent.click(next)
    expect(posts).toEqual([])
    unmount()

    serveApi((url) => (url.startsWith('/api/staff/board') ? { status: 200, body: board(QUEUE) } : undefined))
    render(<BoardPage />)
    await screen.findAllByTestId('queue-item')
    const enabled = button(document, '叫下一位')
    expect(enabled.hasAttribute('disabled')).toBe(false)
    expect(screen.queryByTestId('next-disabled-reason')).toBeNull()
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
    await waitFor(() => expect(screen.getByText('请 2 号（1栋2单元201）到 1 号窗口办理')).toBeTruthy())
    expect(called).toBe(true)
  })

  it('a refused code names itself with the server message; 知道了 removes it', async () => {
    staff('reception')
    serveApi((url, { method }) => {
      if (url === '/api/staff/checkins' && method === 'POST') return apiError(400, 'CHECKIN_CODE_INVALID', '签到码无效或已过期')
      if (url.startsWith('/api/staff/board')) return { status: 200, body: board([]) }
      return undefined
    })
    render(<BoardPage />)
    expect(await screen.findByText('还没有业主签到')).toBeTruthy()
    typeInto('数字签到码', 'bad-code')
    await act(async () => {
      fireEvent.click(button(document, '凭签到码签到'))
    })
    const line = await screen.findByTestId('checkin-rejected')
    expect(line.textContent).toContain('签到码 bad-code 未签到：签到码无效或已过期')
    expect(screen.queryByTestId('registered-name')).toBeNull()
    expect(screen.getByTestId('sync-badge').getAttribute('data-state')).toBe('failed')
    fireEvent.click(screen.getByLabelText('知道了，移除「签到码 bad-code」'))
    expect(screen.queryByTestId('checkin-rejected')).toBeNull()
    expect(screen.getByTestId('sync-badge').textContent).toBe('已全部同步')
  })

  it('checks in by the short code the owner reads out and shows the registered name to compare with the ID card', async () => {
    staff('reception')
    let sent: unknown = null
    serveApi((url, { method, data }) => {
      if (url === '/api/staff/checkins' && method === 'POST') {
        sent = data
        return { status: 200, body: { checkinId: 9, caseId: 90, queueNo: 4, houseLabel: '1栋2单元901', ownerName: '张*', registeredName: '张三丰', created: true } }
      }
      if (url.startsWith('/api/staff/board')) return { status: 200, body: board([]) }
      return undefined
    })
    render(<BoardPage />)
    expect(await screen.findByText('还没有业主签到')).toBeTruthy()
    typeInto('数字签到码', ' 123456 ')
    await act(async () => {
      fireEvent.click(button(document, '凭签到码签到'))
    })
    const name = await screen.findByTestId('registered-name')
    expect(sent).toEqual({ code: '123456', idempotencyKey: expect.stringMatching(UUID) })
    expect(name.textContent).toContain('张三丰')
    expect(name.textContent).toContain('请核对身份证姓名')
    expect(screen.getByText('1栋2单元901 已签到，排队号 4')).toBeTruthy()
  })

  it('checks in by house + last 4 ID characters; the button waits for 4 characters', async () => {
    staff('reception')
    let sent: unknown = null
    serveApi((url, { method, data }) => {
      if (url === '/api/staff/checkins/by-house' && method === 'POST') {
        sent = data
        return { status: 200, body: { checkinId: 9, caseId: 90, queueNo: 5, houseLabel: '1栋2单元901', ownerName: '李*', registeredName: '李四', created: false } }
      }
      if (url.startsWith('/api/staff/board')) return { status: 200, body: board([]) }
      return undefined
    })
    render(<BoardPage />)
    expect(await screen.findByText('还没有业主签到')).toBeTruthy()
    typeInto('房号', '1栋2单元901')
    typeInto('身份证后 4 位', '123')
    expect(button(document, '凭房号签到').className).toContain('disabled')
    typeInto('身份证后 4 位', '123X')
    await act(async () => {
      fireEvent.click(button(document, '凭房号签到'))
    })
    expect((await screen.findByTestId('registered-name')).textContent).toContain('李四')
    expect(sent).toEqual({ house: '1栋2单元901', idLast4: '123X', idempotencyKey: expect.stringMatching(UUID) })
    expect(screen.getByText('1栋2单元901 已签到，排队号 5（此前已签到）')).toBeTruthy()
  })

  it('扫码签到 without a camera (no getUserMedia) says so and points to the typed ways', async () => {
    staff('reception')
    serveApi((url) => (url.startsWith('/api/staff/board') ? { status: 200, body: board([]) } : undefined))
    render(<BoardPage />)
    expect(await screen.findByText('还没有业主签到')).toBeTruthy()
    await act(async () => {
      fireEvent.click(button(document, '扫码签到'))
    })
    expect((await screen.findByRole('alert')).textContent).toContain('改用数字签到码 / 房号签到')
  })
})


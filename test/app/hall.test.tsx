import { act, fireEvent, render, screen } from '@testing-library/react'
import { resetTaroDouble, setRouterParams } from './taro-double'
import HallPage from '../../src/staff/hall/index'
import { setStaffSession } from '../../src/stores/session'
import { serveApi } from './helpers'
import type { Hall } from '../../types'

jest.setTimeout(30000)

const hall = (over: Partial<Hall> = {}): Hall => ({
  date: '2026-03-10',
  called: [{ queueNo: 7, houseLabel: '1栋2单元**01', windowNo: 2, calledAt: '2026-03-10T01:30:00.000Z' }],
  next: [
    { queueNo: 8, houseLabel: '3栋1单元**02' },
    { queueNo: 9, houseLabel: '5栋1单元**03' }
  ],
  progress: { checkedIn: 12, done: 4, waiting: 6 },
  ...over
})

class Utterance {
  lang = ''
  rate = 1
  constructor(public text: string) {}
}

let spoken: Utterance[]

beforeEach(() => {
  resetTaroDouble()
  setRouterParams({})
  setStaffSession({
    token: 'staff-tok',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    user: { id: 1, username: 'reception', displayName: '前台 林晓', role: 'reception', communityName: '锦绣花园' },
    mustChangePassword: false
  })
  spoken = []
  ;(globalThis as unknown as { SpeechSynthesisUtterance: unknown }).SpeechSynthesisUtterance = Utterance
  Object.defineProperty(window, 'speechSynthesis', {
    value: { speak: (u: Utterance) => spoken.push(u), cancel: () => undefined },
    configurable: true
  })
})

const said = () => spoken.filter((u) => u.text !== '').map((u) => `${u.lang}:${u.text}`)

describe('hall screen', () => {
  it('shows the called number and window, who is next and today’s progress, without names', async () => {
    serveApi((url) => (url === '/api/staff/hall' ? { status: 200, body: hall() } : undefined))
    render(<HallPage />)
    const called = await screen.findByTestId('hall-called')
    expect(called.textContent).toContain('7 号')
    expect(called.textContent).toContain('请到 2 号窗口')
    expect(called.textContent).toContain('1栋2单元**01')
    expect(screen.getAllByTestId('hall-next-row').map((r) => r.textContent)).toEqual(['8 号3栋1单元**02', '9 号5栋1单元**03'])
    const progress = screen.getByTestId('hall-progress').textContent
    expect(progress).toContain('已签到 12')
    expect(progress).toContain('已办完 4')
    expect(progress).toContain('等候 6')
    expect(screen.getByText('开启语音播报')).toBeTruthy()
  })

  it('speaks each new call once in Chinese after 开启语音播报, not again on the next poll', async () => {
    let current = hall()
    serveApi((url) => (url === '/api/staff/hall' ? { status: 200, body: current } : undefined))
    jest.useFakeTimers()
    try {
      render(<HallPage />)
      await act(async () => {
        await jest.advanceTimersByTimeAsync(10)
      })
      fireEvent.click(screen.getByText('开启语音播报'))
      expect(screen.getByText('语音播报已开启')).toBeTruthy()
      // the call already on screen when the TV was switched on is not spoken
      await act(async () => {
        await jest.advanceTimersByTimeAsync(3_100)
      })
      expect(said()).toEqual([])
      current = hall({
        called: [{ queueNo: 8, houseLabel: '3栋1单元**02', windowNo: 3, calledAt: '2026-03-10T01:35:00.000Z' }, ...hall().called],
        next: [{ queueNo: 9, houseLabel: '5栋1单元**03' }]
      })
      await act(async () => {
        await jest.advanceTimersByTimeAsync(3_100)
      })
      expect(said()).toEqual(['zh-CN:请 8 号到 3 号窗口办理'])
      expect(screen.getByTestId('hall-called').textContent).toContain('请到 3 号窗口')
      // the next poll answers the same list: nothing more is said
      await act(async () => {
        await jest.advanceTimersByTimeAsync(3_100)
      })
      await act(async () => {
        await jest.advanceTimersByTimeAsync(3_100)
      })
      expect(said()).toEqual(['zh-CN:请 8 号到 3 号窗口办理'])
    } finally {
      jest.useRealTimers()
    }
  })
})

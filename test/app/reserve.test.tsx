import { act, configure, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { resetTaroDouble, setRouterParams } from './taro-double'
import ReservePage from '../../src/owner/reserve/index'
import { setOwnerSession } from '../../src/stores/session'
import { apiError, serveApi } from './helpers'
import type { Reservation, Slot, SlotList } from '../../types'

jest.setTimeout(30000)
// two shared cores: give async queries room under load
configure({ asyncUtilTimeout: 5000 })

async function confirmDialog(text: string) {
  const dialog = await screen.findByTestId('confirm-dialog')
  const button = Array.from(dialog.querySelectorAll('.nut-button')).find((b) => b.textContent === text) as HTMLElement
  await act(async () => {
    fireEvent.click(button)
  })
}

const HOUSE = { id: 1, communityName: '锦绣花园', building: '1', unit: '2', room: '1201', label: '1栋2单元1201', area: 98.5, batch: '第一批' }

function slot(id: number, date: string, start: string, over: Partial<Slot> = {}): Slot {
  const end = `${String(Number(start.slice(0, 2)) + 1).padStart(2, '0')}:00`
  return { id, date, start, end, capacity: 6, remaining: 6, status: 'open', deadline: `${date}T00:00:00.000Z`, ...over }
}

function list(over: Partial<SlotList> = {}): SlotList {
  return {
    batch: '第一批',
    from: '2026-03-05',
    to: '2026-03-18',
    cutoffHours: 24,
    canReserve: true,
    blockers: [],
    currentSlotId: null,
    days: [
      // 3月5日: one slot past its cut-off, the other one full
      { date: '2026-03-05', slots: [slot(1, '2026-03-05', '09:00', { status: 'closed' }), slot(2, '2026-03-05', '10:00', { status: 'full', remaining: 0 })] },
      { date: '2026-03-06', slots: [slot(3, '2026-03-06', '09:00', { remaining: 2 }), slot(4, '2026-03-06', '10:00')] },
      // 3月7日: every slot past its cut-off (not "full")
      { date: '2026-03-07', slots: [slot(5, '2026-03-07', '09:00', { status: 'closed' })] }
    ],
    ...over
  }
}

const RESERVATION: Reservation = {
  id: 9,
  houseLabel: '1栋2单元1201',
  slot: { id: 3, date: '2026-03-06', start: '09:00', end: '10:00' },
  whenText: '3月6日（周五）09:00-10:00',
  place: { name: '物业服务中心', address: '锦绣路 1 号', phone: '0755-8888 6666' },
  bring: [{ code: 'owner_id_card', title: '业主身份证', note: '原件' }],
  changeDeadline: '2026-03-05T01:00:00.000Z',
  canChange: true,
  createdAt: '2026-03-01T01:00:00.000Z'
}

const slotRow = (id: number) => document.querySelector(`[data-slot-id="${id}"]`) as HTMLElement
const slotButton = (id: number) => slotRow(id).querySelector('.nut-button') as HTMLElement
const isDisabled = (el: HTMLElement) => el.className.includes('nut-button-disabled')
const tab = (date: string) => document.querySelector(`[data-date="${date}"]`) as HTMLElement

beforeEach(() => {
  resetTaroDouble()
  setRouterParams({})
  setOwnerSession({ sessionToken: 'tok', expiresAt: new Date(Date.now() + 3600_000).toISOString(), role: 'owner', house: HOUSE })
})

describe('owner reserve page', () => {
  it('opens on the first day with a free seat and tells full, closed and open slots apart', async () => {
    serveApi((url) => {
      if (url === '/api/owner/slots') return { status: 200, body: list() }
      if (url === '/api/owner/reservation') return { status: 200, body: { reservation: null } }
      return undefined
    })
    render(<ReservePage />)
    await screen.findAllByTestId('slot')
    // 3月5日 has nothing open: the page starts on 3月6日
    expect(tab('2026-03-06').getAttribute('aria-selected')).toBe('true')
    expect(slotRow(3).textContent).toContain('剩余 2/6 个名额')
    expect(isDisabled(slotButton(3))).toBe(false)
    // the day chips: full day vs a day past its cut-off; the accessible name starts with the visible text
    expect(tab('2026-03-05').textContent).toContain('满')
    expect(tab('2026-03-07').textContent).toContain('截止')
    expect(tab('2026-03-07').getAttribute('aria-label')).toMatch(/^周六 3月7日 截止，/)

    fireEvent.click(tab('2026-03-05'))
    await waitFor(() => expect(slotRow(1)).toBeTruthy())
    expect(slotRow(1).textContent).toContain('已截止')
    expect(slotRow(2).textContent).toContain('已满')
    expect(isDisabled(slotButton(1))).toBe(true)
    expect(isDisabled(slotButton(2))).toBe(true)
  })

  it('shows the slots but keeps them locked, with the reasons, until the documents are approved', async () => {
    serveApi((url) => {
      if (url === '/api/owner/slots') return { status: 200, body: list({ canReserve: false, blockers: ['待审核：购房合同'] }) }
      if (url === '/api/owner/reservation') return { status: 200, body: { reservation: null } }
      return undefined
    })
    render(<ReservePage />)
    const locked = await screen.findByTestId('reserve-locked')
    expect(locked.textContent).toContain('待审核：购房合同')
    expect(isDisabled(slotButton(3))).toBe(true)
    fireEvent.click(slotButton(3))
    expect(screen.queryByTestId('confirm-dialog')).toBeNull()
  })

  it('books after the confirmation and shows the reservation card; the booked slot is marked', async () => {
    let current: Reservation | null = null
    const posted: unknown[] = []
    serveApi((url, opts) => {
      if (url === '/api/owner/slots') return { status: 200, body: list({ currentSlotId: current ? 3 : null }) }
      if (url === '/api/owner/reservation' && opts.method === 'GET') return { status: 200, body: { reservation: current } }
      if (url === '/api/owner/reservation' && opts.method === 'POST') {
        posted.push(opts.data)
        current = RESERVATION
        return { status: 200, body: { reservation: current } }
      }
      return undefined
    })
    render(<ReservePage />)
    await screen.findAllByTestId('slot')
    fireEvent.click(slotButton(3))
    // our own dialog: a modal dialog with dark body text and real buttons
    const dialog = await screen.findByRole('dialog')
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(screen.getByText(/预约 3月6日周五 09:00-10:00 到物业服务中心办理入伙/)).toBeTruthy()
    await confirmDialog('确认预约')
    const card = await screen.findByTestId('reservation-card')
    expect(card.textContent).toContain('3月6日（周五）09:00-10:00')
    expect(card.textContent).toContain('业主身份证')
    expect(posted).toEqual([{ slotId: 3, idempotencyKey: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) }])
    expect((await screen.findByTestId('reserve-notice')).textContent).toContain('预约成功')
    await waitFor(() => expect(slotRow(3).textContent).toContain('当前预约'))
    expect(isDisabled(slotButton(3))).toBe(true)
    expect(slotButton(4).textContent).toBe('改到此时段')
  })

  it('a slot taken meanwhile shows the server message and the fresh seats', async () => {
    let full = false
    serveApi((url, opts) => {
      if (url === '/api/owner/slots') {
        const l = list()
        if (full) l.days[1].slots[0] = { ...l.days[1].slots[0], status: 'full', remaining: 0 }
        return { status: 200, body: l }
      }
      if (url === '/api/owner/reservation' && opts.method === 'GET') return { status: 200, body: { reservation: null } }
      if (url === '/api/owner/reservation' && opts.method === 'POST') {
        full = true
        return apiError(409, 'SLOT_FULL', '该时段已约满，请选择其他时段')
      }
      return undefined
    })
    render(<ReservePage />)
    await screen.findAllByTestId('slot')
    fireEvent.click(slotButton(3))
    await confirmDialog('确认预约')
    expect((await screen.findByTestId('reserve-action-error')).textContent).toContain('该时段已约满')
    await waitFor(() => expect(slotRow(3).textContent).toContain('已满'))
    expect(screen.queryByTestId('reservation-card')).toBeNull()
  })

  it('a slow booking says which slot is being booked; the other slots wait', async () => {
    let release: () => void = () => undefined
    serveApi((url, opts) => {
      if (url === '/api/owner/slots') return { status: 200, body: list() }
      if (url === '/api/owner/reservation' && opts.method === 'GET') return { status: 200, body: { reservation: null } }
      if (url === '/api/owner/reservation' && opts.method === 'POST') {
        return new Promise((resolve) => {
          release = () => resolve(apiError(409, 'SLOT_FULL', '该时段已约满，请选择其他时段'))
        }) as never
      }
      return undefined
    })
    render(<ReservePage />)
    await screen.findAllByTestId('slot')
    fireEvent.click(slotButton(3))
    await confirmDialog('确认预约')
    expect((await screen.findByTestId('reserve-pending')).textContent).toContain('正在预约 3月6日周五 09:00-10:00')
    expect(slotButton(3).textContent).toBe('正在提交…')
    expect(slotButton(4).textContent).toBe('预约')
    expect(isDisabled(slotButton(4))).toBe(true)
    await act(async () => release())
    await waitFor(() => expect(screen.queryByTestId('reserve-pending')).toBeNull())
  })

  it('an empty batch says so instead of showing an empty list', async () => {
    serveApi((url) => {
      if (url === '/api/owner/slots') return { status: 200, body: list({ days: [] }) }
      if (url === '/api/owner/reservation') return { status: 200, body: { reservation: null } }
      return undefined
    })
    render(<ReservePage />)
    expect((await screen.findByTestId('slot-empty')).textContent).toContain('暂无可预约的时段')
  })
})

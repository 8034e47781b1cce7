import { act, fireEvent, render, screen } from '@testing-library/react'
import { resetTaroDouble } from './taro-double'
import { serveApi } from './helpers'
import { RepairCard } from '../../src/components/Inspection'
import type { RepairOrder } from '../../types'

jest.setTimeout(30000)

const repair = (over: Partial<RepairOrder>): RepairOrder => ({
  id: 5,
  caseId: 1,
  houseLabel: '1栋1单元101',
  status: 'open',
  dueDate: '2026-03-09',
  overdue: false,
  createdAt: '2026-03-02T02:00:00.000Z',
  defect: {
    id: 8,
    inspectionId: 3,
    round: 1,
    room: '卫生间',
    location: '地漏旁',
    category: '渗漏',
    severity: '一般',
    description: '墙角有水渍',
    status: 'open',
    dueDate: '2026-03-09',
    fixedAt: null,
    fixNote: null,
    confirmedAt: null,
    createdAt: '2026-03-02T02:00:00.000Z',
    beforePhotos: [],
    afterPhotos: []
  },
  contractor: null,
  verification: 'none',
  reopenedCount: 0,
  rejectReason: null,
  ...over
})

beforeEach(() => {
  resetTaroDouble()
  serveApi(() => undefined)
})

async function click(el: Element) {
  await act(async () => {
    fireEvent.click(el.closest('.nut-button') ?? el)
  })
}

function typeInto(label: string, value: string) {
  const el = document.querySelector(`[aria-label="${label}"]`)
  if (!el) throw new Error(`no input labelled ${label}`)
  act(() => {
    const ev = new Event('input', { bubbles: true }) as Event & { detail?: unknown }
    Object.defineProperty(ev, 'detail', { value: { value } })
    Object.defineProperty(ev, 'target', { value: { value } })
    el.dispatchEvent(ev)
  })
}

const contractors = [
  { id: 1, name: '建安土建', trades: ['开裂'] },
  { id: 2, name: '华防防水', trades: ['渗漏'] }
]

test('an open order is assigned by picking a contractor; the one handling its category comes first', async () => {
  const onAssign = jest.fn(async () => null)
  render(<RepairCard repair={repair({})} busy={false} onFixed={async () => null} contractors={contractors} onAssign={onAssign} onVerify={async () => null} />)
  await click(screen.getByText('派给施工单位'))
  const radios = screen.getAllByRole('radio')
  expect(radios.map((r) => r.textContent)).toEqual(['华防防水', '建安土建'])
  await click(radios[0])
  expect(onAssign).toHaveBeenCalledWith(2)
})

test('a contractor’s reported fix is verified: a rejection needs its reason', async () => {
  const onVerify = jest.fn(async () => null)
  const r = repair({ status: 'fixed', contractor: { id: 2, name: '华防防水' }, verification: 'pending', reopenedCount: 1, rejectReason: '仍有渗水' })
  render(<RepairCard repair={r} busy={false} onFixed={async () => null} contractors={contractors} onAssign={async () => null} onVerify={onVerify} />)
  expect(screen.getByText('施工单位：华防防水')).toBeTruthy()
  expect(screen.getByText('验收退回 1 次：仍有渗水')).toBeTruthy()
  expect(screen.queryByText('派给施工单位')).toBeNull()
  await click(screen.getByText('退回重修'))
  await click(screen.getByText('确认退回'))
  expect(screen.getByRole('alert').textContent).toBe('请填写退回原因')
  expect(onVerify).not.toHaveBeenCalled()
  typeInto('退回原因', '闭水试验仍渗水')
  await click(screen.getByText('确认退回'))
  expect(onVerify).toHaveBeenCalledWith(false, '闭水试验仍渗水')
  await click(screen.getByText('取消'))
  await click(screen.getByText('验收通过'))
  expect(onVerify).toHaveBeenLastCalledWith(true, '')
})

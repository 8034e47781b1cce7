import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { request, resetTaroDouble, setStorageSync, showModal } from './taro-double'
import { InspectionSheet } from '../../src/components/Inspection/InspectionSheet'
import { queueKey } from '../../src/hooks/useInspection'
import { setStaffSession } from '../../src/stores/session'
import { serveApi } from './helpers'
import type { InspectionDetail } from '../../types'

jest.setTimeout(30000)

const ITEMS = ['墙面', '地面', '门窗', '插座']

function detail(over: Partial<InspectionDetail> = {}): InspectionDetail {
  return {
    id: 7,
    caseId: 3,
    houseLabel: '1栋1单元0301',
    round: 1,
    status: 'in_progress',
    result: null,
    startedAt: '2026-12-01T02:00:00.000Z',
    completedAt: null,
    inspectorName: '验房 王工',
    rooms: [
      { room: '客厅', items: ITEMS.map((item) => ({ item, result: null, note: null })) },
      { room: '卫生间', items: ['防水闭水', '地漏'].map((item) => ({ item, result: null, note: null })) }
    ],
    defects: [],
    earlierDefects: [],
    meters: [],
    ...over
  }
}

const button = (text: string | RegExp) => (screen.getByText(text).closest('.nut-button') ?? screen.getByText(text)) as HTMLElement
const badge = () => screen.getByTestId('sync-badge')
const puts = () => request.mock.calls.filter(([o]) => o.method === 'PUT').map(([o]) => o.data as { room: string; item: string; result: string; idempotencyKey: string })

/** Server answers: the detail, accepting item results (same key → same row), and `complete`. */
function api(d: InspectionDetail, opts: { offline?: boolean } = {}) {
  serveApi((url, { method, data }) => {
    if (opts.offline) return 'network-error'
    if (url === '/api/staff/inspections/7' && method === 'GET') return { status: 200, body: d }
    if (url === '/api/staff/inspections/7/items' && method === 'PUT') {
      const b = data as { room: string; item: string; result: 'pass' | 'fail' }
      // the server keeps it: the sheet reloads from it once the queue is empty
      const it = d.rooms.find((r) => r.room === b.room)?.items.find((i) => i.item === b.item)
      if (it) it.result = b.result
      return { status: 201, body: { id: 1, room: b.room, item: b.item, result: b.result, note: null, createdAt: '2026-12-01T02:00:00.000Z' } }
    }
    if (url === '/api/staff/inspections/7/complete' && method === 'POST') return { status: 200, body: { inspection: { ...d, status: 'completed', result: 'passed' }, repairOrders: [] } }
    return undefined
  })
}

beforeEach(() => {
  resetTaroDouble()
  setStaffSession({
    token: 'staff-tok',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    user: { id: 2, username: 'inspector', displayName: '验房 王工', role: 'inspector', communityName: '锦绣花园' },
    mustChangePassword: false
  })
})

describe('inspection sheet', () => {
  it('normal: rooms, the sync bar says 已全部同步 only when nothing waits or failed', async () => {
    api(detail())
    render(<InspectionSheet id={7} />)
    await screen.findByText('1栋1单元0301')
    expect(badge().textContent).toBe('已全部同步')
    expect(badge().getAttribute('data-state')).toBe('synced')
    // the bar and the primary action are in the bottom footer
    expect(within(screen.getByTestId('inspection-footer')).getByText('完成本轮验房')).toBeTruthy()
  })

  it('offline: entries kept from before the reload show where they were made, and the bar is not green', async () => {
    setStorageSync('anjia.inspect.detail.7', detail())
    setStorageSync(queueKey(7), {
      pending: [
        { key: '11111111-1111-4111-8111-111111111111', kind: 'meter', queuedAt: 1, attempts: 0, payload: { kind: 'meter', inspectionId: 7, meter: 'electricity', value: 345.6, photos: [{ localId: 'photo-a', name: 'a.jpg', size: 10 }] } },
        { key: '22222222-2222-4222-8222-222222222222', kind: 'meter', queuedAt: 2, attempts: 0, payload: { kind: 'meter', inspectionId: 7, meter: 'gas', value: 7.8, photos: [{ localId: 'photo-b', name: 'b.jpg', size: 10 }] } }
      ],
      rejected: []
    })
    api(detail(), { offline: true })
    render(<InspectionSheet id={7} />)
    // the last sheet seen, without network
    await screen.findByText('1栋1单元0301')
    expect(screen.getByTestId('meter-electricity').textContent).toBe('电表：345.6（待同步）')
    expect(screen.getByTestId('meter-gas').textContent).toBe('燃气表：7.8（待同步）')
    await waitFor(() => expect(badge().textContent).toMatch(/2 条/))
    expect(badge().getAttribute('data-state')).toBe('pending')
    expect(badge().textContent).not.toContain('已全部同步')
  })

  it('failure line: a rejected entry is named, the bar says 未保存, 知道了 removes it', async () => {
    setStorageSync(queueKey(7), {
      pending: [],
      rejected: [
        { key: '33333333-3333-4333-8333-333333333333', kind: 'meter', queuedAt: 1, attempts: 1, message: '照片已不在本机，请重新拍照登记', payload: { kind: 'meter', inspectionId: 7, meter: 'electricity', value: 345.6, photos: [] } },
        { key: '44444444-4444-4444-8444-444444444444', kind: 'meter', queuedAt: 2, attempts: 1, message: '照片已不在本机，请重新拍照登记', payload: { kind: 'meter', inspectionId: 7, meter: 'gas', value: 7.8, photos: [] } }
      ]
    })
    api(detail())
    render(<InspectionSheet id={7} />)
    await screen.findByText('1栋1单元0301')
    const lines = screen.getAllByTestId('rejected-entry').map((e) => e.textContent)
    expect(lines[0]).toContain('电表读数 345.6 未保存：照片已不在本机')
    expect(lines[1]).toContain('燃气表读数 7.8 未保存')
    expect(badge().textContent).toBe('2 条未保存，请查看上方说明')
    fireEvent.click(screen.getByLabelText('知道了，移除「电表读数 345.6」'))
    fireEvent.click(screen.getByLabelText('知道了，移除「燃气表读数 7.8」'))
    expect(badge().textContent).toBe('已全部同步')
  })

  it('本房间全部合格 records every item of the room in one tap, each once', async () => {
    api(detail())
    render(<InspectionSheet id={7} />)
    await screen.findByText('1栋1单元0301')
    fireEvent.click(screen.getByText('客厅'))
    await act(async () => {
      fireEvent.click(button('本房间全部合格'))
    })
    await waitFor(() => expect(badge().textContent).toBe('已全部同步'))
    const sent = puts()
    expect(sent.map((p) => `${p.room}/${p.item}/${p.result}`)).toEqual(ITEMS.map((i) => `客厅/${i}/pass`))
    expect(new Set(sent.map((p) => p.idempotencyKey)).size).toBe(ITEMS.length)
    for (const i of ITEMS) expect(screen.getByRole('radio', { name: `${i}合格` }).getAttribute('aria-checked')).toBe('true')
  })

  it('不合格 opens the defect form pre-filled with the room and the item', async () => {
    api(detail())
    render(<InspectionSheet id={7} />)
    await screen.findByText('1栋1单元0301')
    fireEvent.click(screen.getByText('卫生间'))
    await act(async () => {
      fireEvent.click(screen.getByRole('radio', { name: '防水闭水不合格' }))
    })
    const form = await screen.findByTestId('defect-form')
    expect(within(form).getByText('登记问题：卫生间·防水闭水')).toBeTruthy()
    expect(within(form).getByRole('radio', { name: '卫生间' }).getAttribute('aria-checked')).toBe('true')
    await waitFor(() => expect((form.querySelector('input[aria-label="具体位置"]') as HTMLInputElement | null)?.value).toBe('防水闭水'))
  })

  it('re-inspection: what failed before comes first, the rest pre-filled and re-checkable', async () => {
    const d = detail({
      round: 2,
      previousRooms: [
        { room: '客厅', items: ITEMS.map((item) => ({ item, result: 'pass' as const, note: null })) },
        { room: '卫生间', items: [{ item: '防水闭水', result: 'pass', note: null }, { item: '地漏', result: 'fail', note: null }] }
      ]
    })
    api(d)
    render(<InspectionSheet id={7} />)
    await screen.findByText('1栋1单元0301')
    const rooms = screen.getAllByTestId('room')
    // the room with a failure is first and open; its failed item first
    expect(within(rooms[0]).getByText('卫生间')).toBeTruthy()
    const items = rooms[0].querySelectorAll('.insp-item')
    expect(items[0].textContent).toContain('地漏')
    expect(items[0].textContent).toContain('上轮不合格')
    expect(screen.getByRole('radio', { name: '地漏合格' }).getAttribute('aria-checked')).toBe('false')
    // pre-filled from round 1, shown as such, not sent
    expect(screen.getByRole('radio', { name: '防水闭水合格' }).getAttribute('aria-checked')).toBe('true')
    expect(items[1].textContent).toContain('沿用上轮合格')
    expect(puts()).toHaveLength(0)
    // re-checkable: a tap records it in this round
    await act(async () => {
      fireEvent.click(screen.getByRole('radio', { name: '地漏合格' }))
    })
    await waitFor(() => expect(puts().map((p) => p.item)).toEqual(['地漏']))
  })

  it('完成本轮验房 asks with a summary first; 再看看 completes nothing', async () => {
    const d = detail()
    d.rooms[0].items[0].result = 'pass'
    d.rooms[0].items[1].result = 'fail'
    d.meters = [{ id: 1, kind: 'water', value: 12.5, photo: null, createdAt: '2026-12-01T02:00:00.000Z' }]
    api(d)
    render(<InspectionSheet id={7} />)
    await screen.findByText('1栋1单元0301')
    await act(async () => {
      fireEvent.click(button('完成本轮验房'))
    })
    expect(showModal).toHaveBeenCalledTimes(1)
    const opts = (showModal.mock.calls[0] as unknown as [{ title: string; content: string }])[0]
    expect(opts.title).toBe('完成本轮验房？')
    expect(((opts as unknown as { confirmText: string }).confirmText ?? '').length).toBeLessThanOrEqual(4)
    expect(opts.content).toBe('第 1 轮：已查 2/6 项，不合格 1 项，登记问题 0 处，表计读数 1 条。完成后本轮结果不能再修改。')
    expect(request.mock.calls.filter(([o]) => String(o.url).endsWith('/complete'))).toHaveLength(0)

    showModal.mockResolvedValueOnce({ confirm: true, cancel: false } as never)
    await act(async () => {
      fireEvent.click(button('完成本轮验房'))
    })
    expect(await screen.findByTestId('complete-line')).toHaveProperty('textContent', '第 1 轮验房通过')
    expect(screen.getByText('下一户（验房任务）')).toBeTruthy()
  })
})

const { classes, loadPage, waitUntil } = require('./harness')

const SLOTS = {
  batch: '第一批',
  from: '2026-03-02',
  to: '2026-03-15',
  cutoffHours: 24,
  canReserve: true,
  blockers: [],
  currentSlotId: null,
  days: [
    {
      date: '2026-03-05',
      slots: [
        { id: 11, date: '2026-03-05', start: '09:00', end: '10:00', capacity: 6, remaining: 4, status: 'open', deadline: '2026-03-04T01:00:00.000Z' },
        { id: 12, date: '2026-03-05', start: '10:00', end: '11:00', capacity: 6, remaining: 0, status: 'full', deadline: '2026-03-04T02:00:00.000Z' }
      ]
    },
    {
      date: '2026-03-06',
      slots: [{ id: 21, date: '2026-03-06', start: '14:00', end: '15:00', capacity: 6, remaining: 6, status: 'open', deadline: '2026-03-05T06:00:00.000Z' }]
    }
  ]
}

const byClass = (dom, name) => Array.from(dom.querySelectorAll('wx-view')).filter((el) => classes(el).includes(name))

const SESSION = { sessionToken: 'x'.repeat(43), expiresAt: '2099-01-01T00:00:00.000Z', role: 'owner', house: { id: 1, label: '1栋1单元101' } }

function routes(url, method) {
  if (url.includes('/api/owner/slots') && method === 'GET') return { status: 200, body: SLOTS }
  if (url.endsWith('/api/owner/reservation') && method === 'GET') return { status: 200, body: { reservation: null } }
  return { status: 404, body: { error: { code: 'NOT_FOUND', message: '请求的内容不存在' } } }
}

describe('compiled weapp reserve page', () => {
  it('renders the batch slots from the API with remaining seats, a full slot disabled', async () => {
    const { comp, calls } = loadPage('owner/reserve/index', {}, routes, { storage: { 'anjia.session.owner': SESSION } })
    const dom = comp.dom
    await waitUntil(() => dom.textContent.includes('09:00-10:00'), 'the slot list')

    const urls = calls.request.map((r) => r.url)
    expect(urls.some((u) => u.includes('/api/owner/slots'))).toBe(true)
    expect(calls.request.find((r) => r.url.includes('/api/owner/slots')).header.Authorization).toBe(`Bearer ${SESSION.sessionToken}`)
    expect(dom.textContent).toContain('选择到场时间')
    expect(dom.textContent).toContain('3月5日')
    expect(dom.textContent).toContain('3月6日')
    expect(dom.textContent).toContain('剩余 4/6 个名额')
    expect(dom.textContent).toContain('10:00-11:00')

    const slots = byClass(dom, 'slot-picker__slot')
    expect(slots).toHaveLength(2)
    const buttons = slots.map((s) => s.querySelector('wx-button'))
    expect(buttons[0].textContent).toContain('预约')
    expect(buttons[1].textContent).toContain('已满')
    // NutUI renders a disabled button with its disabled class (and the native disabled flag)
    expect(classes(buttons[1])).toContain('nut-button-disabled')
    expect(classes(buttons[0])).not.toContain('nut-button-disabled')
    expect(classes(slots[1])).toContain('slot-picker__slot--full')
  })
})

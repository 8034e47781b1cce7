// The COMPILED inspection page (staff/inspect?id=) in miniprogram-simulate: the sheet from the
// server with the sync bar and primary action in the bottom footer; entries kept from before a
// restart shown 待同步 with the bar not green (taps are covered by the jsdom and Chromium tests).
const { loadPage, waitUntil } = require('./harness')

const STAFF = {
  'anjia.session.staff': {
    token: 'staff-tok',
    expiresAt: '2099-01-01T00:00:00.000Z',
    user: { id: 2, username: 'inspector', displayName: '验房 王工', role: 'inspector', communityName: '锦绣花园' },
    mustChangePassword: false
  }
}
const ITEMS = ['墙面', '地面', '门窗']
function detail() {
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
    rooms: [{ room: '客厅', items: ITEMS.map((item) => ({ item, result: null, note: null })) }],
    defects: [],
    earlierDefects: [],
    meters: []
  }
}

describe('compiled weapp inspection page', () => {
  it('renders the round with the sync bar and the primary action at the bottom', async () => {
    const puts = []
    const { comp } = loadPage(
      'staff/inspect/index',
      { id: '7' },
      (url, method, data) => {
        if (url.endsWith('/api/staff/inspections/7') && method === 'GET') return { status: 200, body: detail() }
        if (url.endsWith('/api/staff/inspections/7/items') && method === 'PUT') {
          puts.push(data)
          return { status: 201, body: { id: puts.length, room: data.room, item: data.item, result: data.result, note: null, createdAt: '2026-12-01T02:00:00.000Z' } }
        }
        return { status: 404, body: { error: { code: 'NOT_FOUND', message: '未找到' } } }
      },
      { storage: STAFF }
    )
    const dom = comp.dom
    await waitUntil(() => dom.textContent.includes('1栋1单元0301'), 'the sheet')
    expect(dom.textContent).toContain('验房清单')
    expect(dom.textContent).toContain('已全部同步')
    expect(dom.textContent).toContain('完成本轮验房')
    // the footer (sync bar + primary action) is the page's last block
    const footer = Array.from(dom.querySelectorAll('[class]')).find((el) => el.getAttribute('class').split(/\s+/).some((c) => c.endsWith('insp-footer')))
    expect(footer).toBeTruthy()
    expect(footer.textContent).toContain('完成本轮验房')

    // the server's sheet, not a cached one: the request carried the staff token
    expect(dom.textContent).toContain('客厅')
    expect(puts).toEqual([])
  })

  it('entries kept from before a restart show 待同步 and the bar is not green', async () => {
    const { comp } = loadPage(
      'staff/inspect/index',
      { id: '7' },
      // no network: every request fails
      () => null,
      {
        storage: {
          ...STAFF,
          'anjia.inspect.detail.7': detail(),
          'anjia.inspect.queue.7': {
            pending: [
              {
                key: '11111111-1111-4111-8111-111111111111',
                kind: 'meter',
                queuedAt: 1,
                attempts: 0,
                payload: { kind: 'meter', inspectionId: 7, meter: 'electricity', value: 345.6, photos: [] }
              }
            ],
            rejected: []
          }
        }
      }
    )
    const dom = comp.dom
    await waitUntil(() => dom.textContent.includes('1栋1单元0301'), 'the cached sheet')
    expect(dom.textContent).toContain('电表：345.6（待同步）')
    await waitUntil(() => /1 条/.test(dom.textContent), 'the pending count')
    expect(dom.textContent).not.toContain('已全部同步')
  })
})

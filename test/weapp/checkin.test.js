/**
 * Issue 12 item 2 on the compiled mini-program: the owner's check-in page shows the code as a
 * QR image (decoded here from the rendered src) and the 6-digit short code, and buzzes once when
 * its polling sees the number called; reception's board scans with wx.scanCode and checks the
 * owner in with the scanned code, a closed scanner being no error.
 */
const { PNG } = require('pngjs')
const jsQR = require('jsqr')
const QRCode = require('qrcode')
const fs = require('node:fs')
const path = require('node:path')
const { DIST, buttonWithText, classes, fire, loadPage, waitUntil } = require('./harness')

const NOT_FOUND = { status: 404, body: { error: { code: 'NOT_FOUND', message: '请求的内容不存在' } } }
const TODAY = '2026-12-02'

/** The server's own QR rendering (checkin/service.ts); qrcode needs TextEncoder, which jsdom lacks. */
async function serverQr(text) {
  const had = 'TextEncoder' in global
  if (!had) global.TextEncoder = require('node:util').TextEncoder
  try {
    return await QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, scale: 8 })
  } finally {
    if (!had) delete global.TextEncoder
  }
}

/** Every node of Taro's data tree (what the compiled templates print). */
function nodes(tree, out = []) {
  if (tree && typeof tree === 'object') {
    if (tree.sid) out.push(tree)
    for (const child of tree.cn || []) nodes(child, out)
  }
  return out
}

/**
 * The src an <image> on the page shows: the simulator's built-in image keeps no attributes, so
 * read the data key the compiled <image> template binds to src from base.wxml, and that key of
 * the image's node in the page data.
 */
function imageSrc(comp, el) {
  const tags = fs.readFileSync(path.join(DIST, 'base.wxml'), 'utf8').match(/<image [^>]*>/g) || []
  const keys = new Set(tags.map((t) => (/ src="\{\{i\.(\w+)\}\}"/.exec(t) || [])[1]))
  if (tags.length === 0 || keys.size !== 1 || keys.has(undefined)) throw new Error(`no single src binding in the <image> templates: ${[...keys]}`)
  const [key] = keys
  const node = nodes(comp.data.root).find((n) => n.sid === el.getAttribute('data-sid'))
  if (!node) throw new Error(`no data node for ${el.getAttribute('data-sid')}`)
  return node[key]
}

/** Decodes the QR code in a PNG data URL (what the <image> shows). */
function decodeQr(dataUrl) {
  const m = /^data:image\/png;base64,(.+)$/.exec(dataUrl)
  if (!m) throw new Error(`not a PNG data URL: ${String(dataUrl).slice(0, 40)}`)
  const png = PNG.sync.read(Buffer.from(m[1], 'base64'))
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
  return found ? found.data : null
}

describe('compiled weapp: the owner check-in page', () => {
  const OWNER = { sessionToken: 'x'.repeat(43), expiresAt: '2099-01-01T00:00:00.000Z', role: 'owner', house: { id: 1, label: '1栋1单元101' } }
  const CODE = '2-20261202-IUKi-2kInhkW'
  const SHORT = '407251'

  function checkin(status, windowNo = null) {
    return {
      today: TODAY,
      reservation: { date: TODAY, start: '09:00', end: '10:00' },
      canCheckIn: false,
      reasons: [],
      checkin: {
        id: 31,
        date: TODAY,
        queueNo: 12,
        arrivedAt: '2026-12-02T01:05:00.000Z',
        status,
        calledAt: status === 'called' ? '2026-12-02T01:20:00.000Z' : null,
        finishedAt: null,
        windowNo
      },
      ahead: status === 'waiting' ? 2 : 0,
      estimatedWaitMinutes: status === 'waiting' ? 10 : 0,
      serviceMinutes: 5,
      nowServing: status === 'called' ? 12 : 10
    }
  }

  afterEach(() => jest.useRealTimers())

  it('shows the QR and the short code; buzzes once when the poll sees the number called', async () => {
    // the page polls with setInterval: only that is faked, so the poll can be run on demand
    jest.useFakeTimers({ doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'Date', 'hrtime', 'performance', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback'] })
    const qr = await serverQr(CODE)
    const served = [checkin('waiting')]
    const { comp, calls } = loadPage(
      'owner/checkin/index',
      {},
      (url, method) => {
        if (url.endsWith('/api/owner/checkin') && method === 'GET') return { status: 200, body: served[0] }
        if (url.endsWith('/api/owner/checkin-code') && method === 'GET') {
          return { status: 200, body: { code: CODE, shortCode: SHORT, qr, date: TODAY, expiresAt: '2026-12-02T16:00:00.000Z' } }
        }
        return NOT_FOUND
      },
      { storage: { 'anjia.session.owner': OWNER } }
    )
    const dom = comp.dom
    await waitUntil(() => dom.textContent.includes('您的排队号'), 'the queue card')
    expect(dom.textContent).toContain('排队中')
    expect(dom.querySelector('wx-image')).toBeNull()
    fire(comp, buttonWithText(dom, '显示签到码'), 'tap')
    await waitUntil(() => dom.querySelector('wx-image'), 'the QR image')
    expect(calls.request.filter((r) => r.url.endsWith('/api/owner/checkin-code'))).toHaveLength(1)
    expect(calls.request.find((r) => r.url.endsWith('/api/owner/checkin-code')).header.Authorization).toBe(`Bearer ${OWNER.sessionToken}`)

    // the src the compiled <image> shows is the server's data URL, and it scans as the code
    const src = imageSrc(comp, dom.querySelector('wx-image'))
    expect(src).toBe(qr)
    expect(decodeQr(src)).toBe(CODE)
    // the short code, digits in the server's order, to read aloud
    const short = Array.from(dom.querySelectorAll('wx-text')).filter((el) => classes(el).includes('onsite__short-code'))
    expect(short).toHaveLength(1)
    expect(short[0].textContent).toBe(SHORT)
    expect(calls.vibrateLong).toHaveLength(0)

    // the next poll: called to window 3
    served[0] = checkin('called', 3)
    jest.advanceTimersByTime(20_000)
    await waitUntil(() => dom.textContent.includes('请到 3 号窗口办理'), 'the called card')
    await waitUntil(() => calls.vibrateLong.length > 0, 'the buzz')
    expect(calls.vibrateLong).toHaveLength(1)
    // a later poll with the same call does not buzz again
    const polls = calls.request.filter((r) => r.url.endsWith('/api/owner/checkin')).length
    jest.advanceTimersByTime(20_000)
    await waitUntil(() => calls.request.filter((r) => r.url.endsWith('/api/owner/checkin')).length === polls + 1, 'the third poll')
    await new Promise((r) => setTimeout(r, 100))
    expect(dom.textContent).toContain('请到 3 号窗口办理')
    expect(calls.vibrateLong).toHaveLength(1)
  })

  it('back in WeChat (the page shown again), the queue is fetched at once, not at the next 20 s tick', async () => {
    // WeChat suspends a mini-program's timers a few seconds after it goes to the background
    jest.useFakeTimers({ doNotFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'Date', 'hrtime', 'performance', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback'] })
    const served = [checkin('waiting')]
    const { comp, calls } = loadPage(
      'owner/checkin/index',
      {},
      (url, method) => (url.endsWith('/api/owner/checkin') && method === 'GET' ? { status: 200, body: served[0] } : NOT_FOUND),
      { storage: { 'anjia.session.owner': OWNER } }
    )
    const dom = comp.dom
    await waitUntil(() => dom.textContent.includes('排队中'), 'the waiting card')
    const polls = () => calls.request.filter((r) => r.url.endsWith('/api/owner/checkin')).length
    expect(polls()).toBe(1)
    const page = global.getCurrentPages()[0]
    page.onHide()
    served[0] = checkin('called', 2)
    page.onShow()
    await waitUntil(() => dom.textContent.includes('请到 2 号窗口办理'), 'the called card right after the page shows again')
    expect(polls()).toBe(2)
    await waitUntil(() => calls.vibrateLong.length === 1, 'the buzz')
  })
})

describe('compiled weapp: reception scans on the day board', () => {
  const RECEPTION = {
    'anjia.session.staff': {
      token: 'staff-tok',
      expiresAt: '2099-01-01T00:00:00.000Z',
      user: { id: 4, username: 'front', displayName: '前台 李姐', role: 'reception', communityName: '锦绣花园' },
      mustChangePassword: false
    }
  }
  const SCANNED = '2-20261202-IUKi-2kInhkW'
  const BOARD = {
    date: TODAY,
    isToday: true,
    slots: [],
    queue: [],
    counts: { reserved: 3, arrived: 0, waiting: 0, serving: 0, finished: 0, longWaits: 0 },
    serviceMinutes: 5,
    windows: 1
  }
  const CHECKED = { checkinId: 31, caseId: 9, queueNo: 12, houseLabel: '1栋1单元101', ownerName: '张*明', registeredName: '张晓明', created: true }

  function open(scan) {
    const posts = []
    const page = loadPage(
      'staff/board/index',
      {},
      (url, method, data) => {
        if (url.includes('/api/staff/board') && method === 'GET') return { status: 200, body: BOARD }
        if (url.endsWith('/api/staff/checkins') && method === 'POST') {
          posts.push(data)
          return { status: 201, body: CHECKED }
        }
        return NOT_FOUND
      },
      { storage: RECEPTION, scan }
    )
    return { ...page, posts, dom: page.comp.dom }
  }

  it('a tap on 扫码签到 opens the camera scanner and checks the owner in with the scanned code', async () => {
    const { comp, calls, posts, dom } = open(() => ({ result: SCANNED }))
    await waitUntil(() => buttonWithText(dom, '扫码签到'), 'the scan button')
    expect(calls.scanCode).toHaveLength(0)
    fire(comp, buttonWithText(dom, '扫码签到'), 'tap')
    await waitUntil(() => posts.length === 1, 'the check-in request')
    expect(calls.scanCode).toHaveLength(1)
    // camera only (an album photo could be an old screenshot), QR codes
    expect(calls.scanCode[0]).toMatchObject({ onlyFromCamera: true, scanType: ['qrCode'] })
    expect(posts).toHaveLength(1)
    expect(posts[0]).toMatchObject({ code: SCANNED })
    const post = calls.request.find((r) => r.url.endsWith('/api/staff/checkins'))
    expect(post.header.Authorization).toBe('Bearer staff-tok')
    await waitUntil(() => dom.textContent.includes('1栋1单元101 已签到，排队号 12'), 'the result line')
    expect(dom.textContent).toContain('1栋1单元101　12 号　请核对身份证姓名')
    expect(dom.textContent).toContain('张晓明')
    expect(dom.textContent).not.toContain('无法扫码')
  })

  it('closing the scanner posts nothing and shows no error', async () => {
    const { comp, calls, posts, dom } = open(() => ({ errMsg: 'scanCode:fail cancel' }))
    await waitUntil(() => buttonWithText(dom, '扫码签到'), 'the scan button')
    fire(comp, buttonWithText(dom, '扫码签到'), 'tap')
    await waitUntil(() => calls.scanCode.length === 1, 'the scanner')
    await new Promise((r) => setTimeout(r, 100))
    expect(posts).toEqual([])
    expect(calls.request.filter((r) => r.url.endsWith('/api/staff/checkins'))).toHaveLength(0)
    expect(dom.textContent).not.toContain('无法扫码')
    expect(dom.querySelector('[role="alert"]')).toBeNull()
  })

  it('a scanner that fails otherwise (camera refused) says so and posts nothing', async () => {
    const { comp, calls, posts, dom } = open(() => ({ errMsg: 'scanCode:fail auth deny' }))
    await waitUntil(() => buttonWithText(dom, '扫码签到'), 'the scan button')
    fire(comp, buttonWithText(dom, '扫码签到'), 'tap')
    await waitUntil(() => dom.textContent.includes('无法扫码'), 'the scan error')
    expect(calls.scanCode).toHaveLength(1)
    expect(dom.textContent).toContain('无法扫码：请允许使用摄像头，或改用数字签到码 / 房号签到')
    expect(posts).toEqual([])
  })
})

/**
 * The hall screen (叫号大屏, issue 12 item 9) on a 1920x1080 TV over the compiled server + H5
 * build: owners checked in today, reception calls two of them to windows, the screen signed in
 * once by reception shows the calls, who is next and the progress. Screenshot: hall-1920.png.
 */
import type { Browser } from 'playwright-core'
import { demoOwnerCredentials, demoStaffPassword } from '../../server/src/seed/demo'
import { api, launchBrowser, ownersReservedToday, type RunningServer, shot, signInStaff, startServer } from './harness'

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

test('the hall screen at 1920x1080: called numbers with windows, the next waiting, progress; no names', async () => {
  const owners = ownersReservedToday(server, 4)
  expect(owners.length).toBeGreaterThanOrEqual(3)
  for (const i of owners) {
    const c = demoOwnerCredentials(i)
    const v = await api(server, '/api/owner/verify', null, { token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail })
    expect(v.status).toBe(200)
    expect((await api(server, '/api/owner/checkin', v.json.sessionToken, {})).status).toBe(200)
  }
  const login = await api(server, '/api/staff/login', null, { username: 'reception', password: demoStaffPassword('reception') })
  expect(login.status).toBe(200)
  const first = await api(server, '/api/staff/board/call-next', login.json.token, { window: 1 })
  expect(first.status).toBe(200)
  expect(first.json.called).not.toBeNull()

  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await ctx.newPage()
  await signInStaff(page, server, 'reception')
  // the way staff open it: the home's 叫号大屏 tile. (Changing the hash while the home page was
  // still being mounted once left the home page shown on top of a hidden hall page.)
  const tile = page.locator('.taro_page:visible').getByText('叫号大屏', { exact: true })
  await tile.waitFor()
  await tile.click()
  await page.waitForURL(/staff\/hall\/index/)
  const hall = page.locator('.taro_page:visible .hall')
  const called = hall.locator('[data-testid="hall-called"]')
  await called.locator('.hall__number').first().waitFor()
  expect(await called.innerText()).toContain(`${first.json.called.queueNo} 号`)

  // a second call while the screen is on: the 3 s poll shows it without a reload
  const second = await api(server, '/api/staff/board/call-next', login.json.token, { window: 1 })
  expect(second.status).toBe(200)
  await called.locator('.hall__number', { hasText: `${second.json.called.queueNo} 号` }).waitFor({ timeout: 10_000 })

  const text = await hall.innerText()
  for (const i of owners) {
    expect(text).not.toContain(demoOwnerCredentials(i).ownerName)
    expect(text).not.toContain(demoOwnerCredentials(i).label)
  }
  expect(text).toMatch(/单元\*{2,}/)
  // readable from across the hall: the called number ≥ 64 px, everything else ≥ 32 px
  const sizes = await hall.evaluate((root) => {
    const px = (el: Element) => parseFloat(getComputedStyle(el).fontSize)
    const number = root.querySelector('.hall__number') as HTMLElement
    const texts = Array.from(root.querySelectorAll('*')).filter((el) => Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent!.trim()))
    return { number: px(number), smallest: Math.min(...texts.map(px)), width: root.getBoundingClientRect().width }
  })
  expect(sizes.number).toBeGreaterThanOrEqual(64)
  expect(sizes.smallest).toBeGreaterThanOrEqual(32)
  expect(sizes.width).toBeGreaterThan(1800)
  await shot(page, 'hall-1920')
  await ctx.close()
})

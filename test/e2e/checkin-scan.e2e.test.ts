/**
 * Check-in by scanning (issue 12 item 2), living demo over the compiled server + H5 build at
 * 375x812: the owner's page shows the QR; the QR is decoded from a screenshot (jsQR) and
 * reception's board accepts the decoded code, showing the registered name; a second owner is
 * checked in by house + last 4 ID characters. Screenshots: checkin-*.png.
 */
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import type { Browser, Page } from 'playwright-core'
import { demoOwnerCredentials, demoOwnerIdNumber } from '../../server/src/seed/demo'
import { launchBrowser, ownersReservedToday, phoneContext, type RunningServer, shot, signInStaff, startServer } from './harness'

let server: RunningServer
let browser: Browser

const cur = (page: Page) => page.locator('.taro_page:visible').last()

async function ownerPage(index: number): Promise<Page> {
  const c = demoOwnerCredentials(index)
  const v = await fetch(`${server.url}/api/owner/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail })
  })
  expect(v.status).toBe(200)
  const session = await v.json()
  const ctx = await phoneContext(browser)
  // the H5 storage of Taro: {"data": value} under the session key
  await ctx.addInitScript((s) => localStorage.setItem('anjia.session.owner', JSON.stringify({ data: s })), session)
  const page = await ctx.newPage()
  await page.goto(`${server.url}/#/owner/checkin/index`)
  return page
}

async function receptionBoard(): Promise<Page> {
  const page = await (await phoneContext(browser)).newPage()
  await signInStaff(page, server, 'reception')
  await page.goto(`${server.url}/#/staff/board/index`)
  await cur(page).getByTestId('reception-checkin').waitFor()
  return page
}

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

test("the owner's QR, decoded from a screenshot, is accepted by reception; house + last 4 checks in another owner", async () => {
  const [first, second] = ownersReservedToday(server, 2)
  expect(second).toBeDefined()

  const owner = await ownerPage(first)
  await cur(owner).locator('.nut-button', { hasText: '显示签到码' }).click()
  const qr = cur(owner).getByTestId('checkin-qr')
  await qr.waitFor()
  await owner.waitForFunction(() => {
    const img = document.querySelector('[data-testid="checkin-qr"] img') as HTMLImageElement | null
    return !!img && img.complete && img.naturalWidth > 0
  })
  const shortCode = (await cur(owner).getByTestId('checkin-short-code').innerText()).trim()
  expect(shortCode).toMatch(/^\d{6}$/)
  await shot(owner, 'checkin-owner-qr')

  // what the reception camera sees: the phone screen, as pixels
  const png = PNG.sync.read(await qr.screenshot({ type: 'png' }))
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data
  expect(decoded).toMatch(/^\d+-\d{8}-[A-Za-z0-9_-]{12}$/)

  const desk = await receptionBoard()
  await shot(desk, 'checkin-reception')
  // the scanner hands its text to the same path as the typed code
  await cur(desk).locator('input[aria-label="数字签到码"]').fill(decoded!)
  await cur(desk).locator('.nut-button', { hasText: '凭签到码签到' }).click()
  const name = cur(desk).getByTestId('registered-name')
  await name.waitFor()
  expect(await name.innerText()).toContain(demoOwnerCredentials(first).ownerName)
  await shot(desk, 'checkin-reception-done')

  // the owner's page now shows the number reception took
  await owner.reload()
  await cur(owner).getByTestId('queue-no').waitFor()
  expect(Number(await cur(owner).getByTestId('queue-no').innerText())).toBeGreaterThan(0)

  // house + last 4 of the ID number, for an owner without the phone at hand
  const c2 = demoOwnerCredentials(second)
  await cur(desk).locator('input[aria-label="房号"]').fill(c2.label)
  await cur(desk).locator('input[aria-label="身份证后 4 位"]').fill(demoOwnerIdNumber(second).slice(-4))
  await cur(desk).locator('.nut-button', { hasText: '凭房号签到' }).click()
  await cur(desk).getByTestId('registered-name').filter({ hasText: c2.ownerName }).waitFor()
  await shot(desk, 'checkin-reception-house')
})

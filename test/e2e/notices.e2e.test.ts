/**
 * Issue 7 (going live), end to end in Chromium: the manager signs in from the entry page,
 * opens 小区管理 → 打印入伙通知书, prints a building's notices; the test renders page 1 of
 * that very PDF, scans its QR with jsQR and, as the owner, opens the URL, verifies and reaches
 * the home page. Then the house list: filters, a reissued QR (the old one stops working), and
 * an owner list imported through the import page whose new house is printed from the list.
 * Screenshots of the manager pages at 375x812 and 1280x800 go to test-artifacts/screenshots/.
 */
import ExcelJS from 'exceljs'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { demoHouses, demoOwnerCredentials, demoStaffPassword } from '../../server/src/seed/demo'
import { idCheckDigit } from '../../server/src/lib/crypto'
import { pdfPages, pdfText, renderPage, crop, scanQr } from '../server/notices-helpers'
import { launchBrowser, phoneContext, settle, shot, startServer, type RunningServer } from './harness'

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
}, 60000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const cur = (page: Page): Locator => page.locator('.taro_page:visible').last()
const topRight = (png: ReturnType<typeof renderPage>) => crop(png, Math.floor(png.width / 2), 0, Math.ceil(png.width / 2), Math.floor(png.height / 3))

/** The entry lookup as the app makes it: the token in a POST body, never in the URL. */
function entryLookup(token: string): Promise<Response> {
  return fetch(`${server.url}/api/entry`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) })
}

async function desktopContext(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
}

/** From the owner entry page: 工作人员登录 → manager account → staff home. */
async function signInAsManager(page: Page) {
  await page.goto(`${server.url}/#/pages/entry/index?scene=${demoOwnerCredentials(0).token}`)
  await page.locator('[aria-label="工作人员登录"]').click()
  await page.waitForURL(/staff\/login\/index/)
  await cur(page).locator('input[aria-label="用户名"]').fill('manager')
  await cur(page).locator('input[aria-label="密码"]').fill(demoStaffPassword('manager'))
  await cur(page).locator('[role="button"]', { hasText: '登录' }).click()
  await page.waitForURL(/staff\/index\/index/)
  await settle(page)
}

/** Staff home → 小区管理 → one of its pages. */
async function openManagerPage(page: Page, title: string, pathPart: string) {
  await cur(page).locator('.staff__menu-item', { hasText: '小区管理' }).first().click()
  await page.waitForURL(/manager\/index\/index/)
  await settle(page)
  await cur(page).locator('.manager__link', { hasText: title }).first().click()
  await page.waitForURL((u) => u.hash.includes(pathPart))
  await settle(page)
}

/**
 * Taps a control and returns the PDF the page asked for: the page's own request (its URL and
 * bearer token) fetched again from the test, since a body handed to a Blob is not kept.
 */
async function pdfFrom(page: Page, control: Locator, path: string): Promise<Buffer> {
  const [res] = await Promise.all([page.waitForResponse((r) => r.url().includes(path) && r.request().method() === 'GET'), control.click()])
  expect(res.status()).toBe(200)
  expect(res.headers()['content-type']).toBe('application/pdf')
  const auth = (await res.request().allHeaders())['authorization']
  expect(auth).toMatch(/^Bearer /)
  const again = await fetch(res.url(), { headers: { authorization: auth } })
  expect(again.status).toBe(200)
  return Buffer.from(await again.arrayBuffer())
}

test('the manager prints a building’s notices; the QR on page 1 opens the house and the owner verifies', async () => {
  const ctx = await phoneContext(browser)
  const page = await ctx.newPage()
  await signInAsManager(page)
  await openManagerPage(page, '打印入伙通知书', 'manager/notices/index')
  await cur(page).locator('[data-testid="notices-count"]').filter({ hasText: '共 60 户' }).waitFor()
  await shot(page, '70-manager-notices-375')

  const pdf = await pdfFrom(page, cur(page).locator('[data-testid="notices-pdf"]'), '/api/staff/notices.pdf')
  await cur(page).locator('[data-testid="notices-status"]').waitFor()
  await shot(page, '71-manager-notices-done-375')
  expect(pdfPages(pdf)).toBe(60)
  const first = demoOwnerCredentials(0)
  expect(pdfText(pdf)[0].replace(/\s+/g, '')).toContain(`房号：${first.label}`)
  const qr = scanQr(topRight(renderPage(pdf, 1, 150)), 150)
  expect(qr).not.toBeNull()
  expect(qr!.widthCm).toBeGreaterThanOrEqual(3)
  expect(qr!.text).toBe(`${server.url}/#/pages/entry/index?scene=${first.token}`)

  // the stickers of the same building
  const stickers = await pdfFrom(page, cur(page).locator('[data-testid="notices-stickers"]'), '/api/staff/notices/stickers.pdf')
  expect(pdfPages(stickers)).toBe(5)

  // the owner scans: a fresh phone opens the URL from the paper and verifies
  const ownerCtx = await phoneContext(browser)
  const owner = await ownerCtx.newPage()
  await owner.goto(qr!.text)
  await owner.locator('[data-testid="verify-form"]').waitFor()
  await expect(owner.locator('[data-testid="entry-house"]').innerText()).resolves.toContain(first.label)
  await owner.locator('input[aria-label="业主姓名"]').fill(first.ownerName)
  await owner.locator('input[aria-label="身份证号后6位"]').fill(first.idTail)
  await owner.locator('[role="button"]', { hasText: '核验并进入' }).click()
  await owner.waitForURL(/pages\/home\/index/)
  await owner.locator('[data-testid="next-step"]').waitFor()
  await ownerCtx.close()
  await ctx.close()
})

test('the house list filters by building and stage, reissues a QR (the old one stops working) and prints one house', async () => {
  const ctx = await phoneContext(browser)
  const page = await ctx.newPage()
  await signInAsManager(page)
  await openManagerPage(page, '房屋列表', 'manager/houses/index')
  await cur(page).locator('[data-testid="houses-total"]').filter({ hasText: '共 120 户' }).waitFor()
  await shot(page, '72-manager-houses-375')

  await cur(page).locator('[data-testid="filter-building-2栋"]').click()
  await cur(page).locator('[data-testid="houses-total"]').filter({ hasText: '共 60 户' }).waitFor()
  await cur(page).locator('[data-testid="filter-stage-verify"]').click()
  await cur(page).locator('[data-testid="filter-stage-verify"][aria-checked="true"]').waitFor()
  await cur(page).locator('[data-testid="houses-total"]').waitFor()
  const firstRow = cur(page).locator('[data-testid^="house-"][role="listitem"]').first()
  await firstRow.waitFor()
  const rows = await cur(page).locator('[data-testid^="house-"][role="listitem"]').allInnerTexts()
  expect(rows.length).toBeGreaterThan(0)
  for (const r of rows) {
    expect(r).toContain('2栋')
    expect(r).toContain('核验身份')
  }
  const houseId = Number((await firstRow.getAttribute('data-testid'))!.replace('house-', ''))
  const label = (await firstRow.locator('.houses__label').innerText()).trim()
  const demo = demoHouses().find((h) => h.label === label)!

  // 补发二维码: confirm, the new URL is shown, the old token no longer opens the house
  const oldToken = demo.token
  expect((await entryLookup(oldToken)).status).toBe(200)
  await cur(page).locator(`[data-testid="house-reissue-${houseId}"]`).click()
  const ok = page.locator('.taro__modal .taro-model__confirm:visible')
  await ok.waitFor()
  await ok.click()
  const url = await cur(page).locator('[data-testid="reissue-url"]').innerText()
  expect(url).toMatch(new RegExp(`^${server.url.replace(/[.:/]/g, '\\$&')}/#/pages/entry/index\\?scene=[0-9A-Za-z]{10}$`))
  expect((await entryLookup(oldToken)).status).toBe(404)
  expect((await entryLookup(url.split('scene=')[1])).status).toBe(200)
  await shot(page, '73-manager-houses-reissued-375')

  // 打印通知书 for that house carries the new QR
  const pdf = await pdfFrom(page, cur(page).locator(`[data-testid="house-print-${houseId}"]`), '/api/staff/notices.pdf')
  expect(pdfPages(pdf)).toBe(1)
  expect(scanQr(topRight(renderPage(pdf, 1, 150)), 150)?.text).toBe(url)
  await ctx.close()
})

test('manager pages are comfortable at desktop width (1280x800)', async () => {
  const ctx = await desktopContext()
  const page = await ctx.newPage()
  await signInAsManager(page)
  await openManagerPage(page, '打印入伙通知书', 'manager/notices/index')
  await cur(page).locator('[data-testid="notices-count"]').filter({ hasText: '户' }).waitFor()
  await shot(page, '74-manager-notices-1280')
  await cur(page).locator('[data-testid="notices-to-houses"]').click()
  await page.waitForURL(/manager\/houses\/index/)
  await cur(page).locator('[data-testid="houses-total"]').waitFor()
  await shot(page, '75-manager-houses-1280')
  // text ≥ 15 px and targets ≥ 44 px on the key controls
  for (const sel of ['[data-testid="houses-next"]', '[data-testid="filter-building-all"]', '[data-testid^="house-print-"]']) {
    const box = await cur(page).locator(sel).first().boundingBox()
    expect(box!.height).toBeGreaterThanOrEqual(44)
  }
  const size = await cur(page).locator('.houses__meta').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  expect(size).toBeGreaterThanOrEqual(15)
  await ctx.close()
})

/** A one-row owner list as the developer would send it (ID with a valid GB 11643 check digit). */
async function ownerListXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('业主名单')
  ws.addRow(['楼栋', '单元', '房号', '建筑面积(㎡)', '批次', '业主姓名', '身份证号', '手机号'])
  const first17 = '44030519850612123'
  ws.addRow(['9栋', '1', '101', 96.5, '第一批', '赵新房', first17 + idCheckDigit(first17), '13800138000'])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

test('an owner list imported on the import page: the new house prints from the house list', async () => {
  const ctx = await phoneContext(browser)
  const page = await ctx.newPage()
  await signInAsManager(page)
  await openManagerPage(page, '导入业主名单', 'manager/import/index')
  await cur(page).locator('[data-testid="import-file"]').setInputFiles({
    name: '业主名单.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: await ownerListXlsx()
  })
  await cur(page).locator('[data-testid="import-dry-run"]').click()
  await cur(page).locator('[data-testid="import-summary"]').waitFor()
  await cur(page).locator('[data-testid="import-commit"]').click()
  const modal = page.locator('.taro__modal .taro-model__confirm:visible')
  if (await modal.isVisible().catch(() => false)) await modal.click()
  await cur(page).locator('[data-testid="import-result"]').waitFor()

  await page.goto(`${server.url}/#/manager/houses/index`)
  await page.reload()
  await cur(page).locator('[data-testid="filter-building-9栋"]').click()
  await cur(page).locator('[data-testid="houses-total"]').filter({ hasText: '共 1 户' }).waitFor()
  const row = cur(page).locator('[data-testid^="house-"][role="listitem"]').first()
  await expect(row.innerText()).resolves.toContain('9栋1单元101')
  await expect(row.innerText()).resolves.toContain('赵*房')
  const houseId = Number((await row.getAttribute('data-testid'))!.replace('house-', ''))
  const pdf = await pdfFrom(page, cur(page).locator(`[data-testid="house-print-${houseId}"]`), '/api/staff/notices.pdf')
  const text = pdfText(pdf)[0].replace(/\s+/g, '')
  expect(text).toContain('房号：9栋1单元101')
  expect(text).toContain('尊敬的赵*房业主')
  expect(text).not.toContain('赵新房')
  const qr = scanQr(topRight(renderPage(pdf, 1, 150)), 150)
  expect(qr?.text).toMatch(/#\/pages\/entry\/index\?scene=[0-9A-Za-z]{10}$/)
  // the printed code opens the imported house
  const token = qr!.text.split('scene=')[1]
  const entry = await (await entryLookup(token)).json()
  expect(entry.houseLabel).toBe('9栋1单元101')
  await ctx.close()
})

/**
 * Issue 8, end to end in Chromium over the living demo: the manager signs in from the entry
 * page (工作人员登录), opens 数据看板 from the staff menu, taps a number, lands on the list of
 * exactly those houses, taps one and reads its 房屋档案 (timeline with who and when, masked
 * identity). The export answers with a real .xlsx. Screenshots at 375x812 and 1280x800 go to
 * test-artifacts/screenshots/.
 */
import fs from 'node:fs'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { demoOwnerCredentials, demoStaffPassword } from '../../server/src/seed/demo'
import path from 'node:path'
import { SHOTS, axeSerious, launchBrowser, phoneContext, settle, shot, startServer, type RunningServer } from './harness'

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

async function desktopContext(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
}

/** The page scrolls inside Taro's container, so a full-page shot is one screen: shoot sections too. */
async function sectionShot(page: Page, testId: string, name: string) {
  const el = cur(page).locator(`[data-testid="${testId}"]`)
  await el.scrollIntoViewIfNeeded()
  await page.waitForTimeout(200)
  fs.mkdirSync(SHOTS, { recursive: true })
  await el.screenshot({ path: path.join(SHOTS, `${name}.png`) })
}

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

async function openDashboard(page: Page) {
  await cur(page).locator('.staff__menu-item', { hasText: '数据看板' }).first().click()
  await page.waitForURL(/manager\/dashboard\/index/)
  await cur(page).locator('[data-testid="dash-funnel"]').waitFor()
  await settle(page)
}

test('the manager drills from a dashboard number to the houses and into one house history (phone)', async () => {
  expect(demoStaffPassword('manager')).toBe('anjia-manager-2026')
  const ctx = await phoneContext(browser)
  const page = await ctx.newPage()
  await signInAsManager(page)
  await openDashboard(page)
  const funnel = cur(page).locator('[data-testid="dash-funnel"]')
  await expect(funnel.innerText()).resolves.toContain('核验身份')
  await shot(page, 'dashboard-375')
  expect(await axeSerious(page)).toEqual([])
  for (const part of ['batches', 'stage-times', 'sla', 'defects', 'repairs', 'survey', 'themes', 'compare']) {
    await sectionShot(page, `dash-${part}`, `dashboard-375-${part}`)
  }

  // the verified houses: the number on the bar is the length of the list behind it
  const verify = cur(page).locator('[data-testid="funnel-verify"]')
  const label = (await verify.getAttribute('aria-label')) ?? ''
  const count = Number(/已完成 (\d+) 户/.exec(label)?.[1])
  expect(count).toBeGreaterThan(0)
  await verify.click()
  await page.waitForURL(/manager\/dashboard\/houses\/index/)
  await cur(page).locator('[data-testid="drill-house"]').first().waitFor()
  await settle(page)
  await expect(cur(page).locator('[data-testid="drill-total"]').innerText()).resolves.toContain(`共 ${count} 户`)
  await expect(cur(page).locator('[data-testid="drill-house"]').count()).resolves.toBe(count)
  await shot(page, 'dashboard-drill-375')

  const first = cur(page).locator('[data-testid="drill-house"]').first()
  const houseLabel = (await first.locator('.dash__item-title').innerText()).trim()
  await first.click()
  await page.waitForURL(/staff\/house\/index\?houseId=\d+/)
  await cur(page).locator('[data-testid="house-event"]').first().waitFor()
  await settle(page)
  const head = await cur(page).locator('[data-testid="house-head"]').innerText()
  expect(head).toContain(houseLabel)
  expect(head).toMatch(/\d{4}\*{10}[\dX]{4}/)
  const events = await cur(page).locator('[data-testid="house-event"]').allInnerTexts()
  expect(events.some((e) => e.includes('核验身份') && /\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/.test(e))).toBe(true)
  await shot(page, 'house-history-375')
  await sectionShot(page, 'house-documents', 'house-history-375-documents')
  expect(await axeSerious(page)).toEqual([])
  await ctx.close()
})

test('the dashboard and a house history at desktop width, and the Excel export', async () => {
  const ctx = await desktopContext()
  const page = await ctx.newPage()
  await signInAsManager(page)
  await openDashboard(page)
  // cards side by side: two cards share a row
  const boxes = await cur(page).locator('.dash__grid > .dash__card').evaluateAll((els) => els.slice(0, 2).map((e) => e.getBoundingClientRect().top))
  expect(boxes[0]).toBe(boxes[1])
  await shot(page, 'dashboard-1280')
  await sectionShot(page, 'dash-defects', 'dashboard-1280-defects')
  await sectionShot(page, 'dash-survey', 'dashboard-1280-survey')

  const [res, download] = await Promise.all([
    page.waitForResponse((r) => r.url().includes('/api/staff/dashboard/export.xlsx')),
    page.waitForEvent('download'),
    cur(page).locator('[data-testid="dash-export"]').click()
  ])
  expect(res.status()).toBe(200)
  expect(res.headers()['content-type']).toContain('spreadsheetml')
  expect(download.suggestedFilename()).toMatch(/^入伙看板-\d{4}-\d{2}-\d{2}\.xlsx$/)
  const file = await download.path()
  expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK')

  // an SLA item opens its house directly
  const sla = cur(page).locator('.dash__sla-item').first()
  if ((await sla.count()) > 0) {
    await sla.click()
  } else {
    await cur(page).locator('[data-testid="funnel-verify"]').click()
    await page.waitForURL(/manager\/dashboard\/houses\/index/)
    await cur(page).locator('[data-testid="drill-house"]').first().click()
  }
  await page.waitForURL(/staff\/house\/index\?houseId=\d+/)
  await cur(page).locator('[data-testid="house-head"]').waitFor()
  await settle(page)
  await shot(page, 'house-history-1280')
  await ctx.close()
})

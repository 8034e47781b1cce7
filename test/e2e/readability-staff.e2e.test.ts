/**
 * Issue 10 for the staff side, in Chromium over the H5 build: each role signs in on a phone
 * (375x812) and opens every page of its menu, once in normal mode and once in 长辈模式 (switched
 * on at the staff home, for older staff), with the owner pages' bars (readability.ts). The
 * manager's own pages are desk pages: measured at 1280x800 in normal mode. The hall TV screen
 * (叫号大屏) has its own, larger sizes (hall.e2e.test.ts). Screenshots: staff-<mode>-<role>-<page>.png.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { STAFF_MENU } from '../../src/staff/roles'
import { MANAGER_PAGES } from '../../src/manager/pages'
import type { StaffRole } from '../../types'
import { launchBrowser, phoneContext, type RunningServer, shot, signInStaff, startServerPatiently } from './harness'
import { failuresOf, measure, waitLoaded, type Failure } from './readability'

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServerPatiently()
  browser = await launchBrowser()
}, 150000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

jest.setTimeout(300000)

const cur = (page: Page): Locator => page.locator('.taro_page:visible').last()
const ROLES: StaffRole[] = ['reception', 'reviewer', 'inspector', 'cashier', 'manager']

/** The phone pages of a role's menu (each once); the manager's desk pages and the hall TV apart. */
function phonePages(role: StaffRole): string[] {
  const urls = STAFF_MENU[role].map((m) => m.url).filter((u) => u.startsWith('/staff/') && u !== '/staff/hall/index')
  return Array.from(new Set(urls))
}

async function signIn(ctx: BrowserContext, role: StaffRole): Promise<Page> {
  const page = await ctx.newPage()
  await signInStaff(page, server, role)
  await waitLoaded(page)
  return page
}

async function open(page: Page, route: string): Promise<void> {
  await page.goto(`${server.url}/#${route}`)
  await page.reload()
  await page.waitForURL((u) => u.hash.startsWith(`#${route}`))
  await waitLoaded(page)
}

async function walk(mode: 'normal' | 'care'): Promise<Failure[]> {
  const failures: Failure[] = []
  const minText = mode === 'care' ? 18 : 15
  for (const role of ROLES) {
    const ctx = await phoneContext(browser)
    const page = await signIn(ctx, role)
    const toggle = cur(page).locator('[data-testid="care-switch"]')
    await expect(toggle.getAttribute('aria-checked')).resolves.toBe('false')
    if (mode === 'care') {
      await toggle.click()
      await expect(toggle.getAttribute('aria-checked')).resolves.toBe('true')
      await waitLoaded(page)
    }
    const home = await measure(page, minText)
    await shot(page, `staff-${mode}-${role}-home`)
    failures.push(...failuresOf(mode, `${role} home`, home))
    for (const route of phonePages(role)) {
      await open(page, route)
      // the setting is the phone's: it holds on every page
      await expect(page.evaluate(() => document.documentElement.classList.contains('anjia-care'))).resolves.toBe(mode === 'care')
      const name = route.split('/')[2]
      const m = await measure(page, minText)
      await shot(page, `staff-${mode}-${role}-${name}`)
      failures.push(...failuresOf(mode, `${role} ${name}`, m))
    }
    await ctx.close()
  }
  return failures
}

test('staff pages, normal mode: text >= 15 px on >= 90 % of text nodes, targets >= 44 px, for every role', async () => {
  expect(await walk('normal')).toEqual([])
})

test('staff pages in 长辈模式: text >= 18 px on >= 95 %, targets >= 48 px, line height >= 1.3, nothing cut', async () => {
  expect(await walk('care')).toEqual([])
})

test("the manager's desk pages at 1280x800: text >= 15 px on >= 90 % of text nodes, targets >= 44 px", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await signIn(ctx, 'manager')
  const failures: Failure[] = []
  const desk = ['/manager/index/index', ...MANAGER_PAGES.map((p) => p.url)]
  for (const route of desk) {
    await open(page, route)
    const name = route.split('/')[2]
    const m = await measure(page, 15)
    await shot(page, `staff-desk-manager-${name}`)
    failures.push(...failuresOf('normal', `manager ${name}`, m))
  }
  await ctx.close()
  expect(failures).toEqual([])
})

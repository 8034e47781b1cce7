/**
 * Issue 10 (readable by default, 长辈模式 on request), in Chromium over the H5 build: a demo
 * owner walks every owner page once in normal mode and once in 长辈模式 (switched on at the
 * entry page, remembered on the phone). On each page the computed styles must show
 *   normal: >= 90 % of visible text nodes at >= 15 px, every visible tap target >= 44 px high;
 *   care:   >= 95 % of visible text nodes at >= 18 px, every visible tap target >= 48 px high,
 *           line height >= 1.3, nothing horizontally cut off.
 * Every page is kept as test-artifacts/screenshots/elder-<mode>-<page>.png, and the measured
 * shares as elder-readability.json. The entry and home pages are also checked at 200 % zoom.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { demoOwnerCredentials } from '../../server/src/seed/demo'
import { api, launchBrowser, phoneContext, readDb, type RunningServer, settle, shot, SHOTS, startServerPatiently } from './harness'
import { failuresOf, measure, waitLoaded, type Failure, type Measure } from './readability'

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

jest.setTimeout(240000)

const cur = (page: Page): Locator => page.locator('.taro_page:visible').last()

/** The owner pages a demo owner can open (in the order of the move-in). */
const OWNER_PAGES: { name: string; route: string }[] = [
  { name: 'documents', route: '/owner/documents/index' },
  { name: 'consent', route: '/owner/consent/index' },
  { name: 'reserve', route: '/owner/reserve/index' },
  { name: 'agreements', route: '/owner/agreements/index' },
  { name: 'fees', route: '/owner/fees/index' },
  { name: 'checkin', route: '/owner/checkin/index' },
  { name: 'inspection', route: '/owner/inspection/index' },
  { name: 'keys', route: '/owner/keys/index' },
  { name: 'handbook', route: '/owner/handbook/index' },
  { name: 'survey', route: '/owner/survey/index' },
  { name: 'messages', route: '/owner/messages/index' },
  { name: 'faq', route: '/owner/faq/index' },
  { name: 'delegate', route: '/owner/delegate/index' }
]

const results: Record<string, Record<string, Measure>> = {}

function record(mode: string, name: string, m: Measure): void {
  results[mode] = results[mode] ?? {}
  results[mode][name] = m
}

async function signIn(page: Page, owner: ReturnType<typeof demoOwnerCredentials>): Promise<void> {
  await page.locator('input[aria-label="业主姓名"]').fill(owner.ownerName)
  await page.locator('input[aria-label="身份证号后6位"]').fill(owner.idTail)
  await page.locator('[role="button"]', { hasText: '核验并进入' }).click()
  await page.waitForURL(/pages\/home\/index/)
  await cur(page).locator('[data-testid="next-step"]').waitFor()
}

async function walk(mode: 'normal' | 'care', ctx: BrowserContext, houseIndex: number): Promise<void> {
  const page = await ctx.newPage()
  const failures: Failure[] = []
  const expectReadable = (m: 'normal' | 'care', name: string, measured: Measure) => failures.push(...failuresOf(m, name, measured))
  const owner = demoOwnerCredentials(houseIndex)
  const minText = mode === 'care' ? 18 : 15
  await page.goto(`${server.url}/#/pages/entry/index?scene=${encodeURIComponent(owner.token)}`)
  await page.locator('[data-testid="verify-form"]').waitFor()
  const toggle = cur(page).locator('[data-testid="care-switch"]')
  await expect(toggle.getAttribute('aria-checked')).resolves.toBe('false')
  if (mode === 'care') {
    await toggle.click()
    await expect(toggle.getAttribute('aria-checked')).resolves.toBe('true')
  }
  await waitLoaded(page)
  const entry = await measure(page, minText)
  record(mode, 'entry', entry)
  await shot(page, `elder-${mode}-entry`)
  expectReadable(mode, 'entry', entry)

  await signIn(page, owner)
  await waitLoaded(page)
  const home = await measure(page, minText)
  record(mode, 'home', home)
  await shot(page, `elder-${mode}-home`)
  expectReadable(mode, 'home', home)
  // the setting is the phone's: still on after the sign-in, and on the home page too
  await expect(cur(page).locator('[data-testid="care-switch"]').getAttribute('aria-checked')).resolves.toBe(mode === 'care' ? 'true' : 'false')

  for (const p of OWNER_PAGES) {
    await page.goto(`${server.url}/#${p.route}`)
    await page.reload()
    await page.waitForURL((u) => u.hash.startsWith(`#${p.route}`))
    await waitLoaded(page)
    // every non-home page: its title and a way back on H5
    const bar = cur(page).locator('[data-testid="titlebar"]')
    await expect(bar.locator('[aria-label="返回"]').count()).resolves.toBe(1)
    await expect(bar.innerText()).resolves.toMatch(/\S/)
    const m = await measure(page, minText)
    record(mode, p.name, m)
    await shot(page, `elder-${mode}-${p.name}`)
    expectReadable(mode, p.name, m)
  }
  await page.close()
  // every page's misses at once
  expect(failures).toEqual([])
}

test('normal mode: text >= 15 px on >= 90 % of text nodes, targets >= 44 px, on every owner page', async () => {
  const ctx = await phoneContext(browser)
  await walk('normal', ctx, 0)
  await ctx.close()
})

test('长辈模式: switched on at the entry page and remembered; text >= 18 px on >= 95 %, targets >= 48 px', async () => {
  const ctx = await phoneContext(browser)
  await walk('care', ctx, 1)
  // the root font grew by 1.2 (every rem size with it)
  expect(results.care.home.rootFontPx / results.normal.home.rootFontPx).toBeCloseTo(1.2, 2)
  // switching off again restores the normal sizes
  const page = await ctx.newPage()
  await page.goto(`${server.url}/#/pages/home/index`)
  await cur(page).locator('[data-testid="next-step"]').waitFor()
  await cur(page).locator('[data-testid="care-switch"]').click()
  await expect(page.evaluate(() => document.documentElement.classList.contains('anjia-care'))).resolves.toBe(false)
  await ctx.close()
})

/** A demo owner (demoOwnerCredentials index) who has paid, and the id of their receipt. */
function paidOwner(): { index: number; receiptId: number } {
  const rows = readDb(
    server.dataDir,
    (d) =>
      d
        .prepare(
          `SELECT h.invite_token AS token, r.id AS receipt FROM receipts r JOIN payment_orders p ON p.id = r.payment_order_id
           JOIN bills b ON b.id = p.bill_id JOIN move_in_cases c ON c.id = b.case_id JOIN houses h ON h.id = c.house_id ORDER BY r.id`
        )
        .all() as { token: string; receipt: number }[]
  )
  for (const r of rows) {
    for (let i = 0; i < 400; i++) {
      try {
        if (demoOwnerCredentials(i).token === r.token) return { index: i, receiptId: Number(r.receipt) }
      } catch {
        break
      }
    }
  }
  throw new Error('the demo has no owner with a receipt')
}

// The sandbox cashier is left out: it stands in for WeChat Pay's own cashier, which the owner
// sees in production (payment-resume.e2e.test.ts covers what it does).
test('the pages behind the journey (an agreement to read, a signed agreement, the receipt), in both modes', async () => {
  const { index, receiptId } = paidOwner()
  const c = demoOwnerCredentials(index)
  const v = await api(server, '/api/owner/verify', null, { token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail })
  expect(v.status).toBe(200)
  const agreements = await api(server, '/api/owner/agreements', v.json.sessionToken)
  expect(agreements.status).toBe(200)
  const signed = (agreements.json.items as { id: number; signed: boolean }[]).find((a) => a.signed)
  expect(signed).toBeDefined()
  const routes = [
    { name: 'agreement-read', route: `/owner/agreements/read/index?id=${signed!.id}` },
    { name: 'agreement-signed', route: `/owner/agreements/signed/index?id=${signed!.id}` },
    { name: 'receipt', route: `/owner/receipt/index?id=${receiptId}` }
  ]
  const failures: Failure[] = []
  for (const mode of ['normal', 'care'] as const) {
    const ctx = await phoneContext(browser)
    await ctx.addInitScript(
      ([session, care]) => {
        // Taro's H5 storage: {"data": value} under the key
        localStorage.setItem('anjia.session.owner', JSON.stringify({ data: session }))
        if (care) localStorage.setItem('anjia.careMode', JSON.stringify({ data: true }))
      },
      [v.json, mode === 'care'] as const
    )
    const page = await ctx.newPage()
    for (const p of routes) {
      await page.goto(`${server.url}/#${p.route}`)
      await page.reload()
      await waitLoaded(page)
      await expect(page.evaluate(() => document.documentElement.classList.contains('anjia-care'))).resolves.toBe(mode === 'care')
      await expect(cur(page).innerText()).resolves.not.toMatch(/不存在|无法加载|加载失败/)
      const m = await measure(page, mode === 'care' ? 18 : 15)
      record(mode, p.name, m)
      await shot(page, `elder-${mode}-${p.name}`)
      failures.push(...failuresOf(mode, p.name, m))
    }
    await ctx.close()
  }
  expect(failures).toEqual([])
})

test('back on H5: the title bar arrow returns to the previous page, or home when opened directly', async () => {
  const ctx = await phoneContext(browser)
  const page = await ctx.newPage()
  const owner = demoOwnerCredentials(2)
  await page.goto(`${server.url}/#/pages/entry/index?scene=${encodeURIComponent(owner.token)}`)
  await page.locator('[data-testid="verify-form"]').waitFor()
  await signIn(page, owner)
  await settle(page)
  await cur(page).locator('[aria-label^="通知"]').first().click()
  await page.waitForURL(/owner\/messages/)
  await settle(page)
  await expect(cur(page).locator('[data-testid="titlebar"]').innerText()).resolves.toContain('消息')
  await cur(page).locator('[data-testid="titlebar"] [aria-label="返回"]').click()
  await page.waitForURL(/pages\/home\/index/)
  // opened directly (no page below it): back goes to the owner home
  await page.goto(`${server.url}/#/owner/faq/index`)
  await page.reload()
  await settle(page)
  await cur(page).locator('[data-testid="titlebar"] [aria-label="返回"]').click()
  await page.waitForURL(/pages\/home\/index/)
  await ctx.close()
})

test('200 % zoom (188 px wide): community name whole, house label not broken inside a number, badge clear of the text', async () => {
  // a 200 % page zoom halves the CSS viewport; Taro's root font stops shrinking at 20 px, so text doubles
  const ctx = await browser.newContext({
    viewport: { width: 188, height: 406 },
    deviceScaleFactor: 4,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai'
  })
  const page = await ctx.newPage()
  const owner = demoOwnerCredentials(3)
  await page.goto(`${server.url}/#/pages/entry/index?scene=${encodeURIComponent(owner.token)}`)
  await page.locator('[data-testid="verify-form"]').waitFor()
  await settle(page)
  await shot(page, 'elder-zoom200-entry')
  const check = async (scope: string) =>
    page.evaluate((sel) => {
      const root = Array.from(document.querySelectorAll('.taro_page')).filter((p) => (p as HTMLElement).checkVisibility()).pop()!
      const out: { cut: string[]; numberBreaks: string[]; overflowX: boolean; overlaps: string[]; offscreen: string[] } = {
        cut: [],
        numberBreaks: [],
        overflowX: false,
        overlaps: [],
        offscreen: []
      }
      out.overflowX = document.documentElement.scrollWidth > window.innerWidth + 1
      // html/body hide horizontal overflow (index.html), so look for boxes past the edges
      for (const el of Array.from(root.querySelectorAll('.care-switch, .care-switch__label, .anjia-titlebar__title, [role="button"], .nut-button')) as HTMLElement[]) {
        const r = el.getBoundingClientRect()
        if (r.width > 0 && (r.left < -1 || r.right > window.innerWidth + 1)) out.offscreen.push(el.className.split(' ')[0])
      }
      for (const el of Array.from(root.querySelectorAll(sel)) as HTMLElement[]) {
        if (el.scrollWidth > el.clientWidth + 1) out.cut.push(el.innerText)
        // a line break between two digits: the digits' boxes sit on different lines
        const text = el.firstChild && el.firstChild.nodeType === 3 ? el.firstChild : el.querySelector('*')?.firstChild
        if (!text || text.nodeType !== 3) continue
        const s = text.textContent ?? ''
        for (let i = 0; i + 1 < s.length; i++) {
          if (!/\d/.test(s[i]) || !/\d/.test(s[i + 1])) continue
          const r1 = document.createRange()
          r1.setStart(text, i)
          r1.setEnd(text, i + 1)
          const r2 = document.createRange()
          r2.setStart(text, i + 1)
          r2.setEnd(text, i + 2)
          if (Math.abs(r1.getBoundingClientRect().top - r2.getBoundingClientRect().top) > 2) out.numberBreaks.push(s)
        }
      }
      // the unread badge (on the corner of its 通知 button) must not cover the name or the house
      const badge = root.querySelector('.nut-badge-content, .nut-badge-sup, .nut-badge-dot') as HTMLElement | null
      if (badge) {
        const b = badge.getBoundingClientRect()
        for (const el of Array.from(root.querySelectorAll('.home-header__community, .home-header__house')) as HTMLElement[]) {
          const r = el.getBoundingClientRect()
          const overlap = Math.min(b.right, r.right) - Math.max(b.left, r.left) > 1 && Math.min(b.bottom, r.bottom) - Math.max(b.top, r.top) > 1
          if (overlap) out.overlaps.push(el.className)
        }
      }
      return out
    }, scope)

  const entry = await check('.entry__community, .entry__house-label')
  expect(entry).toEqual({ cut: [], numberBreaks: [], overflowX: false, overlaps: [], offscreen: [] })

  await signIn(page, owner)
  await settle(page)
  await shot(page, 'elder-zoom200-home')
  const home = await check('.home-header__community, .home-header__house')
  expect(home).toEqual({ cut: [], numberBreaks: [], overflowX: false, overlaps: [], offscreen: [] })
  await ctx.close()
})

afterAll(() => {
  fs.mkdirSync(SHOTS, { recursive: true })
  const summary: Record<string, Record<string, { text: string; targets: string; shortest: number | null; minLineHeight: number }>> = {}
  for (const [mode, pages] of Object.entries(results)) {
    summary[mode] = {}
    for (const [name, m] of Object.entries(pages)) {
      const heights = m.measuredTargets.map((t) => t.height)
      summary[mode][name] = {
        text: `${(m.share * 100).toFixed(1)} % of ${m.texts}`,
        targets: `${m.measuredTargets.length} measured (+${m.inlineTargets} inline)`,
        shortest: heights.length ? Math.min(...heights) : null,
        minLineHeight: m.minLineHeight
      }
    }
  }
  fs.writeFileSync(path.join(SHOTS, 'elder-readability.json'), JSON.stringify({ summary, details: results }, null, 2))
})

/**
 * Issue 12 item 1, reception without network, end to end in Chromium at 375x812 over the H5
 * build and the compiled server:
 *
 *  1. The board is open; the network goes (harness phoneNetwork: the relay in front of the
 *     server cut, and context.setOffline). Reception checks one owner in
 *     by the 6-digit short code and another by house + last 4 ID characters: both are listed
 *     (待同步) and the sync bar says 离线. The app is closed and opened again while still
 *     offline (the app shell comes from the files on disk, as from the phone's cache, so this
 *     test does not depend on the service worker, which offline-shell.e2e covers; every API
 *     call still fails): the entries are still listed. Back online they are sent, the bar says
 *     已全部同步, the registered names appear, the queue shows each owner once, and the
 *     database holds exactly one check-in each (and one per key).
 *  2. The answer of a check-in lost on the way (the server got it, the phone did not): the
 *     retry with the same key is the same check-in, not a second one.
 * Screenshots: checkin-offline-pending.png, checkin-offline-reopened.png, checkin-offline-synced.png;
 * the check-in card and the sync bar are measured: text >= 15 CSS px, buttons and inputs >= 44 px.
 */
import fs from 'node:fs'
import path from 'node:path'
import type Database from 'better-sqlite3'
import type { Browser, BrowserContext, Locator, Page, Route } from 'playwright-core'
import { demoOwnerCredentials, demoOwnerIdNumber } from '../../server/src/seed/demo'
import { api, launchBrowser, ownersReservedToday, phoneContext, phoneNetwork, readDb, ROOT, type CuttableServer, shot, signInStaff, startServer } from './harness'

let server: CuttableServer
let browser: Browser
let ctx: BrowserContext
let page: Page

const WEB_ROOT = process.env.ANJIA_E2E_WEB_ROOT ?? path.join(ROOT, 'dist/h5')
const cur = (p: Page): Locator => p.locator('.taro_page:visible').last()
const badge = () => cur(page).locator('[data-testid="sync-badge"]')
const pending = () => cur(page).locator('[data-testid="checkin-pending"]')

/** the server's database, read-only */
const db = <T>(fn: (d: Database.Database) => T): T => readDb(server.dataDir, fn)

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json' }

/**
 * One handler for every request, registered once while online (turning interception on while
 * offline let a queued request through in Chromium). Offline: no API answer; the app shell as
 * the phone has it cached (the H5 files from disk) once a reload needs it.
 */
let offline = false
async function network(route: Route) {
  if (!offline) return route.continue()
  const url = new URL(route.request().url())
  if (url.pathname.startsWith('/api/')) return route.abort('internetdisconnected')
  const file = path.join(WEB_ROOT, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname))
  if (!file.startsWith(WEB_ROOT) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return route.abort('internetdisconnected')
  return route.fulfill({ status: 200, body: fs.readFileSync(file), contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' })
}

async function goOffline(down: boolean) {
  offline = down
  await server.network(ctx, !down)
}

/**
 * What an older staff member must be able to read and hit on the check-in card and the sync
 * bar: every text at least 15 CSS px, every button and input at least 44 px high.
 */
async function readability(p: Page) {
  return p.evaluate(() => {
    const scope = [document.querySelector('.taro_page:not([style*="display: none"]) [data-testid="reception-checkin"]'), document.querySelector('.taro_page:not([style*="display: none"]) .board-sync')].filter(Boolean) as HTMLElement[]
    const small: string[] = []
    const tiny: string[] = []
    for (const root of scope) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement!
        if (!n.textContent!.trim() || el.offsetParent === null) continue
        const size = parseFloat(getComputedStyle(el).fontSize)
        if (size < 15) small.push(`${n.textContent!.trim()} (${size}px)`)
      }
      for (const el of Array.from(root.querySelectorAll('.nut-button, input')) as HTMLElement[]) {
        if (el.offsetParent === null) continue
        const r = el.getBoundingClientRect()
        if (r.height < 44) tiny.push(`${el.textContent || el.getAttribute('aria-label')} (${Math.round(r.height)}px)`)
      }
    }
    return { checked: scope.length, small, tiny }
  })
}

async function ownerShortCode(index: number): Promise<string> {
  const c = demoOwnerCredentials(index)
  const v = await api(server, '/api/owner/verify', null, { token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail })
  expect(v.status).toBe(200)
  const res = await api(server, '/api/owner/checkin-code', v.json.sessionToken)
  expect(res.status).toBe(200)
  return res.json.shortCode as string
}

beforeAll(async () => {
  server = await phoneNetwork(await startServer())
  browser = await launchBrowser()
  ctx = await phoneContext(browser)
  await ctx.route('**/*', network)
  page = await ctx.newPage()
  await signInStaff(page, server, 'reception')
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

test('check-ins typed offline survive a reload and are synced once each when the network returns', async () => {
  const [first, second] = ownersReservedToday(server, 2)
  expect(second).toBeDefined()
  const code = await ownerShortCode(first)
  const house = demoOwnerCredentials(second).label
  const caseOf = (index: number) =>
    db((d) => (d.prepare('SELECT mc.id FROM move_in_cases mc JOIN houses h ON h.id = mc.house_id WHERE h.invite_token = ?').get(demoOwnerCredentials(index).token) as { id: number }).id)
  const cases = [caseOf(first), caseOf(second)]
  const checkins = (caseId: number) => db((d) => d.prepare('SELECT id, queue_no, idempotency_key FROM checkins WHERE case_id = ?').all(caseId)) as { id: number; queue_no: number; idempotency_key: string | null }[]

  await page.goto(`${server.url}/#/staff/board/index`)
  await cur(page).getByTestId('reception-checkin').waitFor()
  await badge().filter({ hasText: '已全部同步' }).waitFor()

  await goOffline(true)
  await page.waitForFunction(() => !navigator.onLine)
  const card = cur(page).getByTestId('reception-checkin')
  await card.locator('input[aria-label="数字签到码"]').fill(code)
  await card.locator('.nut-button', { hasText: '凭签到码签到' }).click()
  await card.locator('input[aria-label="房号"]').fill(house)
  await card.locator('input[aria-label="身份证后 4 位"]').fill(demoOwnerIdNumber(second).slice(-4))
  await card.locator('.nut-button', { hasText: '凭房号签到' }).click()
  await pending().nth(1).waitFor()
  expect(await pending().allInnerTexts()).toEqual([`签到码 ${code}（待同步）`, `${house} 签到（待同步）`])
  await expect(badge().innerText()).resolves.toMatch(/离线：2 条待同步/)
  expect(await card.getByTestId('registered-name').count()).toBe(0)
  expect(cases.map((c) => checkins(c).length)).toEqual([0, 0])
  expect(await readability(page)).toEqual({ checked: 2, small: [], tiny: [] })
  await pending().first().scrollIntoViewIfNeeded()
  await shot(page, 'checkin-offline-pending')

  // the app closed and opened again while still offline (a tab reload lets Chromium send a
  // request of the unloading page past the offline emulation): only the cached shell answers
  await page.close({ runBeforeUnload: false })
  page = await ctx.newPage()
  await page.goto(`${server.url}/#/staff/board/index`)
  await cur(page).getByTestId('reception-checkin').waitFor()
  await pending().nth(1).waitFor()
  expect(await pending().allInnerTexts()).toEqual([`签到码 ${code}（待同步）`, `${house} 签到（待同步）`])
  await expect(badge().innerText()).resolves.toMatch(/离线：2 条待同步/)
  expect(cases.map((c) => checkins(c).length)).toEqual([0, 0])
  await cur(page).getByText('离线：看板暂时无法显示，签到照常登记，联网后自动上传').waitFor()
  expect(await readability(page)).toEqual({ checked: 2, small: [], tiny: [] })
  await shot(page, 'checkin-offline-reopened')
  await goOffline(false)
  await badge().filter({ hasText: '已全部同步' }).waitFor({ timeout: 20000 })
  expect(await pending().count()).toBe(0)
  const names = cur(page).getByTestId('registered-name')
  await names.filter({ hasText: demoOwnerCredentials(first).ownerName }).waitFor()
  await names.filter({ hasText: demoOwnerCredentials(second).ownerName }).waitFor()
  // the board's queue shows each owner once
  const queue = cur(page).locator('[data-testid="queue-item"]')
  await queue.filter({ hasText: house }).waitFor()
  expect(await queue.filter({ hasText: house }).count()).toBe(1)
  expect(await queue.filter({ hasText: demoOwnerCredentials(first).label }).count()).toBe(1)
  // exactly one check-in each, created by the phone's key
  const rows = cases.map(checkins)
  expect(rows.map((r) => r.length)).toEqual([1, 1])
  expect(rows.every((r) => /^[0-9a-f-]{36}$/.test(r[0].idempotency_key ?? ''))).toBe(true)
  expect(rows[0][0].idempotency_key).not.toBe(rows[1][0].idempotency_key)
  expect(await readability(page)).toEqual({ checked: 2, small: [], tiny: [] })
  await names.first().scrollIntoViewIfNeeded()
  await shot(page, 'checkin-offline-synced')

  // another reload online sends nothing twice
  await page.reload()
  await badge().filter({ hasText: '已全部同步' }).waitFor()
  expect(cases.map((c) => checkins(c).length)).toEqual([1, 1])
})

test('a check-in whose answer is lost is retried with its key and stays one check-in', async () => {
  const [owner] = ownersReservedToday(server, 1)
  expect(owner).toBeDefined()
  const code = await ownerShortCode(owner)
  await page.goto(`${server.url}/#/staff/board/index`)
  await badge().filter({ hasText: '已全部同步' }).waitFor()
  // the first answer is dropped after the server handled the request
  let dropped = 0
  const sent: string[] = []
  await ctx.route('**/api/staff/checkins', async (route) => {
    sent.push((route.request().postDataJSON() as { idempotencyKey: string }).idempotencyKey)
    if (dropped++ === 0) {
      await route.fetch()
      return route.abort('connectionreset')
    }
    return route.continue()
  })
  const card = cur(page).getByTestId('reception-checkin')
  await card.locator('input[aria-label="数字签到码"]').fill(code)
  await card.locator('.nut-button', { hasText: '凭签到码签到' }).click()
  await badge().filter({ hasText: '已全部同步' }).waitFor({ timeout: 20000 })
  await ctx.unroute('**/api/staff/checkins')
  expect(sent.length).toBeGreaterThanOrEqual(2)
  expect(new Set(sent).size).toBe(1)
  const label = demoOwnerCredentials(owner).label
  // the retry is the same check-in: no 此前已签到 for a check-in made by this very entry
  await cur(page).getByText(new RegExp(`^${label} 已签到，排队号 \\d+$`)).waitFor()
  const n = db((d) => d.prepare('SELECT count(*) AS n FROM checkins WHERE idempotency_key = ?').get(sent[0])) as { n: number }
  expect(n.n).toBe(1)
})

test('a wrong ID tail typed offline is refused by name once online; reception stays signed in and removes it', async () => {
  const [owner] = ownersReservedToday(server, 1)
  expect(owner).toBeDefined()
  const c = demoOwnerCredentials(owner)
  const tail = demoOwnerIdNumber(owner).slice(-4)
  const wrong = tail === '0000' ? '1111' : '0000'
  await page.goto(`${server.url}/#/staff/board/index`)
  await badge().filter({ hasText: '已全部同步' }).waitFor()
  await goOffline(true)
  await page.waitForFunction(() => !navigator.onLine)
  const card = cur(page).getByTestId('reception-checkin')
  await card.locator('input[aria-label="房号"]').fill(c.label)
  await card.locator('input[aria-label="身份证后 4 位"]').fill(wrong)
  await card.locator('.nut-button', { hasText: '凭房号签到' }).click()
  await pending().filter({ hasText: `${c.label} 签到（待同步）` }).waitFor()
  await goOffline(false)
  const refused = card.getByTestId('checkin-rejected')
  await refused.waitFor({ timeout: 20000 })
  expect(await refused.innerText()).toContain(`${c.label} 未签到：身份证后 4 位与该房屋备案业主不一致`)
  await expect(badge().innerText()).resolves.toMatch(/1 条未保存/)
  expect(await readability(page)).toEqual({ checked: 2, small: [], tiny: [] })
  await refused.scrollIntoViewIfNeeded()
  await shot(page, 'checkin-offline-refused')
  // still signed in: the board reloads and the right digits check the owner in
  await page.reload()
  await cur(page).getByTestId('reception-checkin').waitFor()
  expect(page.url()).toContain('staff/board/index')
  await cur(page).getByRole('button', { name: `知道了，移除「${c.label} 签到」` }).click()
  await badge().filter({ hasText: '已全部同步' }).waitFor()
  const again = cur(page).getByTestId('reception-checkin')
  await again.locator('input[aria-label="房号"]').fill(c.label)
  await again.locator('input[aria-label="身份证后 4 位"]').fill(tail)
  await again.locator('.nut-button', { hasText: '凭房号签到' }).click()
  await again.getByTestId('registered-name').filter({ hasText: c.ownerName }).waitFor()
})

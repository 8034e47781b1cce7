/**
 * Issue 12 item 1, the app reopened without network, end to end in Chromium at 375x812 over the
 * H5 production build and the compiled server: the H5 build's service worker (Workbox, see
 * config/index.ts) is the app shell.
 *
 *  1. Reception opens the board online; the service worker installs (every URL of its precache
 *     list is served by us) and controls the page, with no CSP violation. Offline, one owner is
 *     checked in by the short code: listed 待同步. The page is reloaded while still offline: the
 *     app itself answers (not the browser's error page), from the worker's cache, with the
 *     entry still listed and the bar saying 离线. An /api/ request made offline fails: no API
 *     answer is ever stored (no cache holds an /api/ or /uploads/ URL). Back online the entry is
 *     sent once and the bar says 已全部同步.
 *  2. Online, the worker stays out of the way: a reload gets the API's live answers.
 * Screenshot: offline-shell-reloaded.png.
 */
import type Database from 'better-sqlite3'
import type { Browser, BrowserContext, Locator, Page, Request, Response as PageResponse } from 'playwright-core'
import { demoOwnerCredentials } from '../../server/src/seed/demo'
import { api, launchBrowser, ownersReservedToday, phoneContext, phoneNetwork, readDb, type CuttableServer, serviceWorkerInControl, settle, shot, signInStaff, startServer } from './harness'

let server: CuttableServer
let browser: Browser
let ctx: BrowserContext
let page: Page
const consoleProblems: string[] = []

const cur = (p: Page): Locator => p.locator('.taro_page:visible').last()
const badge = () => cur(page).locator('[data-testid="sync-badge"]')
const pending = () => cur(page).locator('[data-testid="checkin-pending"]')

/** the server's database, read-only */
const db = <T>(fn: (d: Database.Database) => T): T => readDb(server.dataDir, fn)

async function ownerShortCode(index: number): Promise<string> {
  const c = demoOwnerCredentials(index)
  const v = await api(server, '/api/owner/verify', null, { token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail })
  expect(v.status).toBe(200)
  const res = await api(server, '/api/owner/checkin-code', v.json.sessionToken)
  expect(res.status).toBe(200)
  return res.json.shortCode as string
}

/** Every URL held by any Cache Storage cache of the origin. */
const cachedUrls = () =>
  page.evaluate(async () => {
    const out: string[] = []
    for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) out.push(req.url)
    return out
  })

const violations = () => page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])

beforeAll(async () => {
  server = await phoneNetwork(await startServer())
  browser = await launchBrowser()
  ctx = await phoneContext(browser)
  // every CSP violation the page reports (a refused worker script would be one)
  await ctx.addInitScript(() => {
    const w = window as unknown as { __csp: string[] }
    w.__csp = []
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`))
  })
  page = await ctx.newPage()
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to|service worker not registered/i.test(m.text())) consoleProblems.push(m.text())
  })
  await signInStaff(page, server, 'reception')
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

test('reloaded offline, the app opens from the service worker and shows the queued check-in; synced once back online', async () => {
  const [owner] = ownersReservedToday(server, 1)
  expect(owner).toBeDefined()
  const code = await ownerShortCode(owner)
  const caseId = db(
    (d) => (d.prepare('SELECT mc.id FROM move_in_cases mc JOIN houses h ON h.id = mc.house_id WHERE h.invite_token = ?').get(demoOwnerCredentials(owner).token) as { id: number }).id
  )
  const checkins = () => (db((d) => d.prepare('SELECT count(*) AS n FROM checkins WHERE case_id = ?').get(caseId)) as { n: number }).n

  const apiGets: string[] = []
  const onRequest = (r: Request) => {
    if (r.method() === 'GET' && new URL(r.url()).pathname.startsWith('/api/')) apiGets.push(new URL(r.url()).pathname + new URL(r.url()).search)
  }
  page.on('request', onRequest)
  await page.goto(`${server.url}/#/staff/board/index`)
  await cur(page).getByTestId('reception-checkin').waitFor()
  await badge().filter({ hasText: '已全部同步' }).waitFor()
  page.off('request', onRequest)
  expect(apiGets.length).toBeGreaterThan(0)

  // the worker is installed (its precache filled) and controls this page
  const controlled = await serviceWorkerInControl(page)
  expect(controlled).toEqual({ script: `${server.url}/sw.js`, scope: `${server.url}/` })

  // the precache list of the built worker: index.html and the hashed bundles, each served by us
  const sw = await fetch(`${server.url}/sw.js`)
  expect(sw.headers.get('cache-control')).toBe('no-cache')
  const manifest = [...(await sw.text()).matchAll(/"?\burl"?:\s*"([^"]+)"/g)].map((m) => m[1])
  expect(manifest).toContain('/index.html')
  expect(manifest.some((u) => /^\/js\/app\.[0-9a-f]{8}\.js$/.test(u))).toBe(true)
  expect(manifest.some((u) => /^\/css\/.+\.[0-9a-f]{8}\.css$/.test(u))).toBe(true)
  expect(manifest.filter((u) => /^\/(api|uploads)\//.test(u) || /LICENSE|\.map$|sw\.js/.test(u))).toEqual([])
  for (const u of manifest) expect([u, (await fetch(`${server.url}${u}`, { method: 'HEAD' })).status]).toEqual([u, 200])
  const precached = (await cachedUrls()).map((u) => new URL(u).pathname)
  expect(new Set(precached)).toEqual(new Set(manifest))

  await server.network(ctx, false)
  await page.waitForFunction(() => !navigator.onLine)
  const card = cur(page).getByTestId('reception-checkin')
  await card.locator('input[aria-label="数字签到码"]').fill(code)
  await card.locator('.nut-button', { hasText: '凭签到码签到' }).click()
  await pending().first().waitFor()
  expect(await pending().allInnerTexts()).toEqual([`签到码 ${code}（待同步）`])

  // reloaded while still offline: the app, not the browser's error page
  await page.reload()
  await cur(page).getByTestId('reception-checkin').waitFor()
  await pending().first().waitFor()
  expect(await pending().allInnerTexts()).toEqual([`签到码 ${code}（待同步）`])
  await expect(badge().innerText()).resolves.toMatch(/离线：1 条待同步/)
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${server.url}/sw.js`)
  await settle(page)
  await shot(page, 'offline-shell-reloaded')
  expect(checkins()).toBe(0)

  // the API is never answered from a cache: offline, a call fails (also one the page made online)
  const asked = ['/api/health', '/api/docs', apiGets[0]]
  const offlineApi = await page.evaluate(async (urls) => {
    const out: string[] = []
    for (const u of urls) {
      try {
        const r = await fetch(u)
        out.push(`${u} answered ${r.status}`)
      } catch {
        out.push(`${u} failed`)
      }
    }
    return out
  }, asked)
  expect(offlineApi).toEqual(asked.map((u) => `${u} failed`))
  expect((await cachedUrls()).filter((u) => /\/(api|uploads)\//.test(new URL(u).pathname))).toEqual([])

  await server.network(ctx, true)
  await badge().filter({ hasText: '已全部同步' }).waitFor({ timeout: 20000 })
  expect(await pending().count()).toBe(0)
  await cur(page).getByTestId('registered-name').filter({ hasText: demoOwnerCredentials(owner).ownerName }).waitFor()
  expect(checkins()).toBe(1)

  expect(await violations()).toEqual([])
  expect(consoleProblems).toEqual([])
})

test('online, a reload gets the live API answers through the worker, and nothing is sent twice', async () => {
  const apiSeen: { url: string; fromServiceWorker: boolean }[] = []
  const onResponse = (r: PageResponse) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) apiSeen.push({ url: r.url(), fromServiceWorker: r.fromServiceWorker() })
  }
  page.on('response', onResponse)
  await page.reload()
  await cur(page).getByTestId('reception-checkin').waitFor()
  await badge().filter({ hasText: '已全部同步' }).waitFor()
  page.off('response', onResponse)
  expect(apiSeen.length).toBeGreaterThan(0)
  expect(apiSeen.filter((r) => r.fromServiceWorker)).toEqual([])
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${server.url}/sw.js`)
  expect((await cachedUrls()).filter((u) => /\/(api|uploads)\//.test(new URL(u).pathname))).toEqual([])
  expect(await violations()).toEqual([])
})

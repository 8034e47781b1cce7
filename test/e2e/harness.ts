/**
 * End-to-end harness: starts the compiled API server (which also serves the H5 build) on a
 * free loopback port with a fresh DATA_DIR (embedded SQLite, demo community seeded), and
 * Debian's Chromium through playwright-core at a 375x812 phone viewport.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { demoOwnerCredentials, demoStaffPassword } from '../../server/src/seed/demo'
import type { StaffRole } from '../../types'

export const ROOT = path.resolve(__dirname, '../..')
export const SHOTS = path.join(ROOT, 'test-artifacts', 'screenshots')
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
  })
}

export interface RunningServer {
  url: string
  dataDir: string
  logs: string[]
  stop(): Promise<void>
}

/** Starts server/dist on a fresh SQLite database with the demo community. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  // overrides for a private build (several people sharing one working tree); defaults unchanged
  const entry = process.env.ANJIA_E2E_SERVER_ENTRY ?? path.join(ROOT, 'server/dist/server/src/server.js')
  const webRoot = process.env.ANJIA_E2E_WEB_ROOT ?? path.join(ROOT, 'dist/h5')
  if (!fs.existsSync(entry)) throw new Error('server/dist is missing: run `npm run build:server` (npm test does)')
  if (!fs.existsSync(path.join(webRoot, 'index.html'))) throw new Error('dist/h5 is missing: run `npm run build:h5` (npm test does)')
  const port = await freePort()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjia-e2e-'))
  const url = `http://127.0.0.1:${port}`
  const logs: string[] = []
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      PUBLIC_URL: url,
      SEED_DEMO: '1',
      LOG_LEVEL: 'info',
      WEB_ROOT: webRoot,
      // every browser request comes from loopback: the public routes' request-rate limit is set high (a test may set its own)
      RATE_LIMIT_MAX: '100000',
      ...env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  child.stdout!.on('data', (d) => logs.push(String(d)))
  child.stderr!.on('data', (d) => logs.push(String(d)))
  // seeding the living demo takes 10-35 s on a loaded two-core machine
  const deadline = Date.now() + 90000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${logs.join('')}`)
    try {
      const res = await fetch(`${url}/api/health`)
      if (res.ok) break
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server did not answer /api/health within 90 s:\n${logs.join('')}`)
    }
    await new Promise((r) => setTimeout(r, 150))
  }
  return {
    url,
    dataDir,
    logs,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

/** A running server reached through a network the test can take away (see phoneNetwork). */
export interface CuttableServer extends RunningServer {
  /** false: no connection reaches the server and the browser context is offline; true: both back */
  network(ctx: BrowserContext, up: boolean): Promise<void>
}

/**
 * The phone's network as a test can take it away: a loopback TCP relay in front of the server,
 * and `url` points at the relay. Playwright's context.setOffline alone is not a cut: under the
 * service worker, Chromium let a page's queued POST reach the server while "offline" (seen in
 * offline-shell, about 1 run in 10: every request the page reported had failed with
 * ERR_INTERNET_DISCONNECTED, yet the server logged one more check-in, over a keep-alive
 * connection opened before, during the offline reload). Written here because no library
 * does this: `network(ctx, false)` destroys every open connection and refuses new ones, then
 * sets the context offline (navigator.onLine and the offline event the app listens to);
 * `network(ctx, true)` undoes both.
 */
export async function phoneNetwork(server: RunningServer): Promise<CuttableServer> {
  const upstream = new URL(server.url)
  const open = new Set<net.Socket>()
  let cut = false
  const relay = net.createServer((client) => {
    if (cut) return void client.destroy()
    const target = net.connect(Number(upstream.port), upstream.hostname)
    for (const s of [client, target]) {
      open.add(s)
      s.on('close', () => open.delete(s))
      s.on('error', () => undefined)
    }
    client.pipe(target)
    target.pipe(client)
    client.on('close', () => target.destroy())
    target.on('close', () => client.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    relay.once('error', reject)
    relay.listen(0, '127.0.0.1', () => resolve())
  })
  const url = `http://127.0.0.1:${(relay.address() as net.AddressInfo).port}`
  return {
    ...server,
    url,
    async network(ctx, up) {
      if (up) {
        cut = false
        await ctx.setOffline(false)
        return
      }
      cut = true
      for (const s of open) s.destroy()
      await ctx.setOffline(true)
    },
    async stop() {
      for (const s of open) s.destroy()
      await new Promise((r) => relay.close(r))
      await server.stop()
    }
  }
}

/** A phone: 375x812, touch, Chinese locale, Shanghai time. */
export async function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai'
  })
}

/** Waits until only one Taro page is visible (page transitions show two for ~300 ms). */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const pages = Array.from(document.querySelectorAll('.taro_page')) as HTMLElement[]
    const visible = pages.filter((p) => getComputedStyle(p).display !== 'none' && p.offsetParent !== null)
    return visible.length <= 1
  }, undefined, { timeout: 5000 }).catch(() => undefined)
  await page.waitForTimeout(350)
}

/** Full-page screenshot kept under test-artifacts/screenshots/<name>.png. */
export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true })
  await settle(page)
  const file = path.join(SHOTS, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/** Runs axe-core in the page; returns serious and critical violations. */
export async function axeSerious(page: Page): Promise<{ id: string; impact: string; help: string; nodes: string[] }[]> {
  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
  // evaluated over the DevTools protocol: an inline <script> tag would be (rightly) refused by the app's CSP
  await page.evaluate(source)
  const results = await page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const axe = (window as any).axe
    const r = await axe.run(document, { resultTypes: ['violations'] })
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return r.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      nodes: v.nodes.slice(0, 5).map((n: any) => n.target.join(' '))
    }))
  })
  return results.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
}

/** A JSON call to the running server's API (POST when a body is given), with an optional bearer token. */
export async function api(server: RunningServer, pathname: string, token: string | null, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server.url}${pathname}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  return { status: res.status, json: await res.json() }
}

/**
 * Up to n demo owners (their demoOwnerCredentials indexes) with an active reservation and no
 * check-in yet; their slots are moved to today (Shanghai) in the server's SQLite file.
 */
export function ownersReservedToday(server: RunningServer, n: number): number[] {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
  const sqlite = new Database(path.join(server.dataDir, 'anjia.db'))
  try {
    sqlite.pragma('busy_timeout = 5000')
    const rows = sqlite
      .prepare(
        `SELECT h.invite_token AS token, r.slot_id FROM reservations r JOIN houses h ON h.id = r.house_id
         WHERE r.status = 'active' AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.case_id = r.case_id) ORDER BY r.id`
      )
      .all() as { token: string; slot_id: number }[]
    const out: number[] = []
    for (const r of rows) {
      let index = -1
      for (let i = 0; i < 400 && index < 0; i++) {
        try {
          if (demoOwnerCredentials(i).token === r.token) index = i
        } catch {
          break
        }
      }
      if (index < 0) continue
      sqlite.prepare('UPDATE slots SET date = ? WHERE id = ?').run(today, r.slot_id)
      out.push(index)
      if (out.length === n) break
    }
    return out
  } finally {
    sqlite.close()
  }
}

/**
 * Waits until the H5 build's service worker (the offline app shell, /sw.js) controls the page;
 * resolves its script URL and scope, or a message after 20 s.
 */
export async function serviceWorkerInControl(page: Page): Promise<{ script: string | undefined; scope: string } | string> {
  return page.evaluate(async () => {
    const controls = async () => {
      const reg = await navigator.serviceWorker.ready
      if (!navigator.serviceWorker.controller) {
        await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }))
      }
      return { script: navigator.serviceWorker.controller?.scriptURL, scope: reg.scope }
    }
    return Promise.race([controls(), new Promise<string>((resolve) => setTimeout(() => resolve('no service worker within 20 s'), 20000))])
  })
}

/** startServer, tried up to 3 times: seeding the living demo can outlast its wait on a loaded machine. */
export async function startServerPatiently(env: Record<string, string> = {}): Promise<RunningServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServer(env)
    } catch (err) {
      if (attempt >= 3) throw err
    }
  }
}

/** Signs a demo staff member in on the staff login page and waits for the staff home's header. */
export async function signInStaff(page: Page, server: RunningServer, role: StaffRole): Promise<void> {
  await page.goto(`${server.url}/#/staff/login/index`)
  await page.locator('input[aria-label="用户名"]').waitFor()
  await page.locator('input[aria-label="用户名"]').fill(role)
  await page.locator('input[aria-label="密码"]').fill(demoStaffPassword(role))
  await page.locator('[role="button"]', { hasText: '登录' }).click()
  await page.waitForURL(/staff\/index\/index/)
  await page.locator('.taro_page:visible').last().locator('[data-testid="staff-header"]').waitFor()
}

/** Reads the server's SQLite file (read-only) under `dataDir`: what a test checks was stored. */
export function readDb<T>(dataDir: string, fn: (d: Database.Database) => T): T {
  const d = new Database(path.join(dataDir, 'anjia.db'), { readonly: true })
  try {
    d.pragma('busy_timeout = 5000')
    return fn(d)
  } finally {
    d.close()
  }
}

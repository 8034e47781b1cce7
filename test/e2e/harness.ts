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
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

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
      ...env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  child.stdout!.on('data', (d) => logs.push(String(d)))
  child.stderr!.on('data', (d) => logs.push(String(d)))
  const deadline = Date.now() + 30000
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
      throw new Error(`server did not answer /api/health within 30 s:\n${logs.join('')}`)
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
  await page.addScriptTag({ content: source })
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

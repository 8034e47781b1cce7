// Size report: the weapp main package and subpackages (bytes on disk, no source maps) and the
// H5 first-load JavaScript (the scripts Chromium actually loads for the QR landing page,
// gzip -9). Needs dist/weapp, dist/h5 and server/dist (npm run build). Writes bench/size.json.
'use strict'
const fs = require('node:fs')
const path = require('node:path')
const zlib = require('node:zlib')
const os = require('node:os')
const net = require('node:net')
const { spawn } = require('node:child_process')
const { root } = require('./lib.cjs')

function dirBytes(dir, skip = new Set()) {
  let total = 0
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name)
    if (skip.has(p)) continue
    const st = fs.statSync(p)
    if (st.isDirectory()) total += dirBytes(p, skip)
    else if (!name.endsWith('.map') && !name.endsWith('.LICENSE.txt')) total += st.size
  }
  return total
}

function weapp() {
  const dist = path.join(root, 'dist/weapp')
  const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8'))
  const subs = (app.subPackages || app.subpackages || []).map((s) => s.root.replace(/\/$/, ''))
  const skip = new Set(subs.map((s) => path.join(dist, s)))
  const result = { main_bytes: dirBytes(dist, skip), subpackages: {} }
  for (const s of subs) result.subpackages[s] = dirBytes(path.join(dist, s))
  return result
}

async function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

async function h5() {
  const { chromium } = require('playwright-core')
  const port = await freePort()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjia-size-'))
  const url = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, [path.join(root, 'server/dist/server/src/server.js')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, PUBLIC_URL: url, SEED_DEMO: '1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  try {
    for (let i = 0; i < 200; i++) {
      try { if ((await fetch(`${url}/api/health`)).ok) break } catch { /* starting */ }
      await new Promise((r) => setTimeout(r, 100))
    }
    const entry = /(\/#\/pages\/entry\/index\?scene=\S+)/.exec(out)
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
    })
    const page = await browser.newPage({ viewport: { width: 375, height: 812 } })
    const scripts = new Set()
    page.on('response', (r) => { if (r.url().endsWith('.js')) scripts.add(new URL(r.url()).pathname) })
    await page.goto(url + (entry ? entry[1] : '/'), { waitUntil: 'networkidle' })
    await browser.close()
    let raw = 0
    let gzip = 0
    const files = []
    for (const p of scripts) {
      const buf = fs.readFileSync(path.join(root, 'dist/h5', p))
      const gz = zlib.gzipSync(buf, { level: 9 }).length
      raw += buf.length
      gzip += gz
      files.push({ file: p, bytes: buf.length, gzip_bytes: gz })
    }
    return { first_load_js_bytes: raw, first_load_js_gzip_bytes: gzip, files }
  } finally {
    child.kill('SIGTERM')
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main() {
  const result = { weapp: weapp(), h5: await h5() }
  fs.mkdirSync(path.join(root, 'bench'), { recursive: true })
  fs.writeFileSync(path.join(root, 'bench/size.json'), JSON.stringify(result, null, 2) + '\n')
  const kb = (n) => `${(n / 1024).toFixed(1)} KiB`
  console.log(`weapp main package: ${kb(result.weapp.main_bytes)} (WeChat limit 2048 KiB)`)
  for (const [k, v] of Object.entries(result.weapp.subpackages)) console.log(`weapp subpackage ${k}: ${kb(v)}`)
  console.log(`H5 first-load JS: ${kb(result.h5.first_load_js_bytes)}, gzip ${kb(result.h5.first_load_js_gzip_bytes)} (${result.h5.files.length} files)`)
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(1) })
module.exports = { weapp, h5 }

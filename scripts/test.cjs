// `npm test`: every test of the project, in dependency order.
//   1. type check (app, server, DevTools scripts)
//   2. server: unit, repository and route tests — on SQLite, and on PostgreSQL when DATABASE_URL is set
//   3. app: component tests (jsdom)
//   4. build weapp + h5, compile the server
//   5. weapp: compiled pages in miniprogram-simulate
//   6. e2e: the H5 build + the real server in Chromium at 375x812
// Each jest run writes a JSON report to test-artifacts/; the last line sums them up.
'use strict'
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { root, bin, buildServerIfStale, buildFrontIfStale } = require('./lib.cjs')

const artifacts = path.join(root, 'test-artifacts')
fs.mkdirSync(artifacts, { recursive: true })

const pg = process.env.DATABASE_URL
const pgNotice = pg
  ? `PostgreSQL suite: ON (DATABASE_URL=${pg.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')})`
  : 'PostgreSQL suite: NOT RUN — DATABASE_URL is not set, so the repository/route tests ran on SQLite only.\n' +
    '  Run it with e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test'
console.log(`\n${pgNotice}\n`)

const failures = []
const totals = { passed: 0, failed: 0, skipped: 0 }

function step(name, fn) {
  console.log(`\n━━ ${name} ━━`)
  try {
    const ok = fn()
    if (ok === false) failures.push(name)
    return ok !== false
  } catch (err) {
    console.error(err)
    failures.push(name)
    return false
  }
}

function sh(cmd, args, env = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  return res.status === 0
}

function jest(project) {
  const out = path.join(artifacts, `jest-${project}.json`)
  fs.rmSync(out, { force: true })
  const ok = sh(bin('jest'), ['-c', `test/${project}/jest.config.js`, '--json', `--outputFile=${out}`])
  try {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'))
    totals.passed += r.numPassedTests
    totals.failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0)
    totals.skipped += r.numPendingTests + r.numTodoTests
    if (r.numTotalTests === 0) {
      console.error(`✖ ${project}: no test ran`)
      return false
    }
  } catch {
    totals.failed += 1
    return false
  }
  return ok
}

step('type check', () => sh(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']) &&
  sh(bin('tsc'), ['-p', 'server/tsconfig.json', '--noEmit']) &&
  sh(bin('tsc'), ['-p', 'test/devtools/tsconfig.json', '--noEmit']))
step('server tests (API, repositories, engine)', () => jest('server'))
step('app component tests', () => jest('app'))
const built = step('build weapp + h5 + server', () => {
  buildFrontIfStale('weapp')
  buildFrontIfStale('h5')
  buildServerIfStale()
  return true
})
if (built) {
  step('weapp: compiled pages in miniprogram-simulate', () => jest('weapp'))
  step('H5 end to end in Chromium', () => jest('e2e'))
} else {
  failures.push('weapp', 'e2e (not run: build failed)')
}

console.log(`\n${pgNotice}`)
if (failures.length) console.error(`\n✖ failed steps: ${failures.join(', ')}`)
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exit(failures.length ? 1 : 0)

// Small helpers shared by the start, test and bench scripts (no dependencies).
'use strict'
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')

/** Newest mtime (ms) of any file under the given paths; 0 when none exist. */
function newestMtime(paths) {
  let newest = 0
  const walk = (p) => {
    let st
    try { st = fs.statSync(p) } catch { return }
    if (st.isDirectory()) {
      if (path.basename(p) === 'node_modules' || path.basename(p) === 'dist') return
      for (const name of fs.readdirSync(p)) walk(path.join(p, name))
    } else if (st.mtimeMs > newest) newest = st.mtimeMs
  }
  for (const p of paths) walk(path.join(root, p))
  return newest
}

/** True when `output` is missing or older than any of `inputs`. */
function isStale(output, inputs) {
  let out
  try { out = fs.statSync(path.join(root, output)).mtimeMs } catch { return true }
  return newestMtime(inputs) > out
}

/** Runs a command in the repo root, inheriting stdio; throws on failure. */
function run(cmd, args, env = {}) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  if (res.status !== 0) {
    throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (exit ${res.status ?? res.signal})`)
  }
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name)

const FRONT_INPUTS = ['src', 'config', 'types', 'babel.config.js', 'package.json', 'tsconfig.json']
const SERVER_INPUTS = ['server/src', 'types', 'server/tsconfig.json']

function buildServerIfStale() {
  if (isStale('server/dist/server/src/server.js', SERVER_INPUTS)) {
    console.log('› compiling the API server (tsc)…')
    run(bin('tsc'), ['-p', 'server/tsconfig.json'])
  }
}

function buildFrontIfStale(target) {
  const marker = target === 'h5' ? 'dist/h5/index.html' : 'dist/weapp/app.json'
  if (isStale(marker, FRONT_INPUTS)) {
    console.log(`› building the ${target} app (taro build --type ${target})…`)
    run(bin('taro'), ['build', '--type', target], { NODE_ENV: 'production' })
  }
}

module.exports = { root, run, bin, isStale, buildServerIfStale, buildFrontIfStale }

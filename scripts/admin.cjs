// `npm run admin -- <command>`: compile the API server when stale, then run its admin CLI
// (server/src/admin.ts) with the same environment (DATA_DIR, DATABASE_URL, ANJIA_SECRET_KEY…).
'use strict'
const { spawnSync } = require('node:child_process')
const path = require('node:path')
const { root, buildServerIfStale } = require('./lib.cjs')

try {
  buildServerIfStale()
} catch (err) {
  console.error(`✖ ${err.message}`)
  process.exit(1)
}

const res = spawnSync(process.execPath, [path.join(root, 'server/dist/server/src/admin.js'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: process.env
})
process.exit(res.status ?? 1)

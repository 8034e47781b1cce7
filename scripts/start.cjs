// `npm start`: build what is stale (H5 app, API server), then serve both on one port with
// the embedded SQLite database, seeding the demo community when the database is empty.
// NODE_ENV=production: no demo data, real WeChat settings required (see server/src/startup.ts).
'use strict'
const { spawn } = require('node:child_process')
const path = require('node:path')
const { root, buildServerIfStale, buildFrontIfStale } = require('./lib.cjs')

try {
  buildFrontIfStale('h5')
  buildServerIfStale()
} catch (err) {
  console.error(`✖ ${err.message}`)
  process.exit(1)
}

const child = spawn(process.execPath, [path.join(root, 'server/dist/server/src/server.js')], {
  cwd: root,
  stdio: 'inherit',
  // the zero-set-up demo; with NODE_ENV=production the server ignores SEED_DEMO and never seeds
  env: process.env.NODE_ENV === 'production' ? process.env : { SEED_DEMO: '1', ...process.env }
})
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))

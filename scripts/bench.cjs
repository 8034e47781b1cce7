// `npm run bench`: the reservation rush benchmark (see bench/README.md), then the size report.
//   compiles the API server when stale, runs bench/rush.cjs (writes bench/results.json), then
//   builds the weapp and H5 apps when stale and runs scripts/size.cjs (writes bench/size.json).
'use strict'
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const { root, buildServerIfStale, buildFrontIfStale } = require('./lib.cjs')

// BENCH_DIST: a private compiled server (e.g. server/dist-<name>/server/src) is used as it is
if (!process.env.BENCH_DIST) buildServerIfStale()
const rush = spawnSync(process.execPath, [path.join(root, 'bench', 'rush.cjs'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env: process.env })
if (rush.status !== 0) process.exit(rush.status ?? 1)
// the owner-list import (10,000 rows): adds the `import` section to bench/results.json
const imp = spawnSync(process.execPath, [path.join(root, 'bench', 'import.cjs')], { cwd: root, stdio: 'inherit', env: process.env })
if (imp.status !== 0) process.exit(imp.status ?? 1)
// the manager's dashboard at city scale (100 × 1,000 houses): adds the `dashboard` section
const dash = spawnSync(process.execPath, [path.join(root, 'bench', 'dashboard.cjs')], { cwd: root, stdio: 'inherit', env: process.env })
if (dash.status !== 0) process.exit(dash.status ?? 1)
buildFrontIfStale('weapp')
buildFrontIfStale('h5')
const size = spawnSync(process.execPath, [path.join(root, 'scripts', 'size.cjs')], { cwd: root, stdio: 'inherit', env: process.env })
process.exit(size.status ?? 1)

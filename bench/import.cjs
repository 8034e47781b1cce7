/*
 * The owner-list import, 10,000 rows, against the compiled server (server/dist) built in this
 * process (app.inject: the real route, multipart parsing, validation and SQL; no network).
 * Per database (SQLite always; PostgreSQL when DATABASE_URL is set, in a fresh schema):
 * a fresh community and manager, then one .xlsx of BENCH_IMPORT_ROWS rows (one owner per
 * house, a co-owner every tenth house) is sent three times: dry run, commit, re-import
 * (all unchanged), then a corrected file (every area and every phone changed). Seconds per step go into the `import` section of bench/results.json (the
 * other sections are kept). Environment: BENCH_IMPORT_ROWS (10000), BENCH_DIST (compiled
 * server folder, default server/dist/server/src).
 */
'use strict'
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const ExcelJS = require('exceljs')

const ROOT = path.resolve(__dirname, '..')
const DIST = process.env.BENCH_DIST || path.join(ROOT, 'server/dist/server/src')
const ROWS = Number(process.env.BENCH_IMPORT_ROWS || 10000)
const SECRET = crypto.createHash('sha256').update('anjia-bench-secret').digest('hex')
const mod = (p) => require(path.join(DIST, p))
const round = (n, d = 2) => Math.round(n * 10 ** d) / 10 ** d

function idNumber(n) {
  const first17 = `4403051980${String(n).padStart(7, '0')}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let s = 0
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i]
  return first17 + '10X98765432'[s % 11]
}

async function workbook(corrected = false) {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('名单')
  ws.addRow(['安家 备案业主名单（压测）'])
  ws.addRow(['楼栋', '单元', '房号', '建筑面积(㎡)', '批次', '业主姓名', '身份证号', '手机号', '备注'])
  let n = 0
  let house = 0
  while (n < ROWS) {
    const b = 1 + Math.floor(house / 1000)
    const u = 1 + (Math.floor(house / 500) % 2)
    const floor = 1 + (Math.floor(house / 20) % 25)
    const room = floor * 100 + 1 + (house % 20)
    const owners = house % 10 === 0 ? 2 : 1
    for (let k = 0; k < owners && n < ROWS; k++, n++) {
      ws.addRow([`${b}号楼`, u, room, `${89.5 + (house % 3) + (corrected ? 1 : 0)}㎡`, b <= 5 ? '第一批' : '第二批', '业主' + '甲乙丙丁戊己庚辛'[n % 8], idNumber(n), `+86 ${corrected ? 138 : 139} ${String(n).padStart(8, '0')}`, ''])
    }
    house++
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

function multipart(file) {
  const boundary = '----anjia' + crypto.randomBytes(8).toString('hex')
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="owners.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`)
  ])
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

async function one(dialect, file, fixed) {
  const { createDb, migrateToLatest } = mod('db/database.js')
  const { loadConfig } = mod('config.js')
  const { buildApp } = mod('app.js')
  const { hashPassword } = mod('lib/crypto.js')
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjia-bench-import-'))
  let schema
  let dropSchema = async () => undefined
  if (dialect === 'postgres') {
    const pg = require('pg')
    schema = `bench_import_${process.pid}_${crypto.randomBytes(3).toString('hex')}`
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await admin.connect()
    await admin.query(`CREATE SCHEMA ${schema}`)
    await admin.end()
    dropSchema = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL })
      await c.connect()
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await c.end()
    }
  }
  const config = loadConfig({ ANJIA_SECRET_KEY: SECRET, DATA_DIR: dataDir, LOG_LEVEL: 'warn', WEB_ROOT: path.join(dataDir, 'no-web') })
  const handle = createDb(dialect === 'postgres' ? { databaseUrl: process.env.DATABASE_URL, schema } : { dataDir })
  let app = null
  try {
    await migrateToLatest(handle.db, handle.schema)
    const at = new Date().toISOString()
    const c = await handle.db.insertInto('communities').values({ name: '压测小区', created_at: at }).returning('id').executeTakeFirstOrThrow()
    await handle.db
      .insertInto('staff_users')
      .values({ community_id: Number(c.id), username: 'bench-manager', password_hash: await hashPassword('bench-pass-2026'), display_name: '经理', role: 'manager', created_at: at })
      .execute()
    app = await buildApp({ config, db: handle, logger: false })
    await app.ready()
    const login = await app.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'bench-manager', password: 'bench-pass-2026' } })
    if (login.statusCode !== 200) throw new Error(`login ${login.statusCode} ${login.body}`)
    const auth = { authorization: `Bearer ${login.json().token}` }
    const step = async (dryRun, f = file) => {
      const { payload, headers } = multipart(f)
      const t0 = process.hrtime.bigint()
      const res = await app.inject({ method: 'POST', url: `/api/staff/imports/houses?dryRun=${dryRun}`, payload, headers: { ...headers, ...auth } })
      const s = Number(process.hrtime.bigint() - t0) / 1e9
      if (res.statusCode !== 200) throw new Error(`import ${res.statusCode} ${res.body.slice(0, 300)}`)
      return { s, r: res.json() }
    }
    const dry = await step(true)
    const commit = await step(false)
    const again = await step(false)
    const corrected = await step(false, fixed)
    if (again.r.houses.created !== 0 || again.r.owners.created !== 0 || again.r.houses.updated !== 0 || again.r.owners.updated !== 0) {
      console.warn(`  ${dialect}: re-import was not all unchanged: ${JSON.stringify(again.r.houses)} ${JSON.stringify(again.r.owners)}`)
    }
    return {
      rows: commit.r.total,
      rejected: commit.r.rejected,
      houses_created: commit.r.houses.created,
      owners_created: commit.r.owners.created,
      dry_run_s: round(dry.s),
      commit_s: round(commit.s),
      reimport_unchanged_s: round(again.s),
      reimport_unchanged: again.r.owners.unchanged,
      corrected_s: round(corrected.s),
      corrected_houses_updated: corrected.r.houses.updated,
      corrected_owners_updated: corrected.r.owners.updated
    }
  } finally {
    if (app) await app.close().catch(() => undefined)
    await handle.destroy().catch(() => undefined)
    await dropSchema().catch(() => undefined)
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main() {
  if (!fs.existsSync(path.join(DIST, 'app.js'))) throw new Error(`${DIST} is missing: run \`npm run build:server\``)
  const t0 = Date.now()
  const file = await workbook()
  const fixed = await workbook(true)
  console.log(`owner list import: ${ROWS} rows (.xlsx, ${(file.length / 1024).toFixed(0)} KB, built in ${((Date.now() - t0) / 1000).toFixed(1)} s), ${os.cpus().length} CPUs`)
  const out = { rows: ROWS, file_kb: Math.round(file.length / 1024), sqlite: await one('sqlite', file, fixed) }
  const line = (d, r) => console.log(`  ${d}: dry run ${r.dry_run_s} s, commit ${r.commit_s} s (${r.houses_created} houses, ${r.owners_created} owners), re-import ${r.reimport_unchanged_s} s (all unchanged), corrected file ${r.corrected_s} s (${r.corrected_houses_updated} houses and ${r.corrected_owners_updated} owners updated)`)
  line('sqlite', out.sqlite)
  if (process.env.DATABASE_URL) {
    out.postgres = await one('postgres', file, fixed)
    line('postgres', out.postgres)
  } else {
    console.log('  postgres: skipped (DATABASE_URL is not set)')
  }
  const file_ = path.join(__dirname, 'results.json')
  let results = {}
  try {
    results = JSON.parse(fs.readFileSync(file_, 'utf8'))
  } catch {
    results = {}
  }
  results.import = out
  fs.writeFileSync(file_, JSON.stringify(results, null, 2) + '\n')
  console.log('wrote the import section of bench/results.json')
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})

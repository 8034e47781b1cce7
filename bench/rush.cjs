/*
 * The reservation rush, over real HTTP against the compiled server (server/dist), loopback only.
 *
 *  1. ceiling: a bare Fastify POST endpoint (JSON in, JSON out) in its own process, hit by the
 *     same load generator: what this machine can do at most.
 *  2. per database (SQLite always; PostgreSQL when DATABASE_URL is set, in a fresh schema):
 *     migrate + seed the demo community, prepare N houses (verified, every required document
 *     approved, an owner session each) through the server's own modules, open K slots of
 *     capacity C, start the real server, then every house tries to book: it starts at slot
 *     (i mod K) and, told SLOT_FULL, tries the next one, at most TRIES slots.
 *     Afterwards the database is asked: reserved (active reservations), overbooked
 *     (Σ max(0, active − capacity) plus any slot whose `booked` disagrees with its actives).
 *
 *  3. "launch morning" (per database, a fresh one again): each owner opens the home page (GET
 *     /api/owner/me, GET /api/owner/progress), lists the slots, books the first slot the list
 *     shows open (from slot i mod K on; told SLOT_FULL, the next open one, TRIES at most), then
 *     opens the home page again. One owner's requests go one after another on its connection.
 *
 * Before each measured phase the server answers BENCH_WARMUP warm-up houses doing the same
 * thing on slots of their own (another day), so the JIT is warm as the ceiling's is (the
 * ceiling gets 1000 warm-up requests); the audit counts only the measured slots. The ceiling is
 * measured again right before each database's phase and the ratio is to that adjacent ceiling
 * (the machine is shared: its speed drifts within one run); the first ceiling is kept too.
 *
 * Bounded: CONNECTIONS concurrent keep-alive connections, a deadline per phase. Output:
 * bench/results.json. Environment: BENCH_HOUSES, BENCH_SLOTS, BENCH_TRIES, BENCH_CAPACITY,
 * BENCH_CONNECTIONS, BENCH_WARMUP, BENCH_SCENARIOS (rush,morning), BENCH_DIST, BENCH_CPU_PROF.
 */
'use strict'
const crypto = require('node:crypto')
const fs = require('node:fs')
const http = require('node:http')
const net = require('node:net')
const os = require('node:os')
const path = require('node:path')
const { spawn } = require('node:child_process')

const ROOT = path.resolve(__dirname, '..')
// BENCH_DIST: another compiled server folder (a private build), as import.cjs and dashboard.cjs take
const DIST = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(ROOT, 'server/dist/server/src')
const HOUSES = Number(process.env.BENCH_HOUSES || 1500)
const SLOTS = Number(process.env.BENCH_SLOTS || 10)
/** a house told SLOT_FULL tries the next slot, at most this many slots in all */
const TRIES = Number(process.env.BENCH_TRIES || 3)
const CAPACITY = Number(process.env.BENCH_CAPACITY || 30)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 32)
const CEILING_REQUESTS = Number(process.env.BENCH_CEILING_REQUESTS || 8000)
/** houses that warm the server up before the measured phase, on slots of their own */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300)
const SCENARIOS = (process.env.BENCH_SCENARIOS || 'rush,morning').split(',').map((x) => x.trim()).filter(Boolean)
const PHASE_DEADLINE_MS = Number(process.env.BENCH_PHASE_DEADLINE_MS || 120_000)
/** per request; a machine shared with many test runs (load 20+) needs more than 10 s at times */
const REQUEST_TIMEOUT_MS = Number(process.env.BENCH_REQUEST_TIMEOUT_MS || 10_000)
const SECRET = crypto.createHash('sha256').update('anjia-bench-secret').digest('hex')

const mod = (p) => require(path.join(DIST, p))

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

const round = (n, d = 2) => Math.round(n * 10 ** d) / 10 ** d

/** One JSON request over the shared keep-alive agent. */
function send(agent, port, method, urlPath, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        agent,
        headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}), ...headers }
      },
      (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => {
          let json = null
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'))
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode, json })
        })
      }
    )
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('request timed out')))
    req.on('error', reject)
    if (payload) req.write(payload)
    req.end()
  })
}

/**
 * Runs `tasks` (each an async function doing one or more timed requests through `timed`) on
 * CONNECTIONS workers; returns the latencies of every request and the wall time.
 */
async function drive(tasks, fn) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS })
  const latencies = []
  const deadline = Date.now() + PHASE_DEADLINE_MS
  let next = 0
  const timed = async (...args) => {
    const t0 = process.hrtime.bigint()
    const r = await send(agent, ...args)
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)
    return r
  }
  const t0 = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < tasks.length) {
        if (Date.now() > deadline) throw new Error('benchmark phase passed its deadline')
        const task = tasks[next++]
        await fn(task, timed)
      }
    })
  )
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  agent.destroy()
  latencies.sort((a, b) => a - b)
  return { seconds, count: latencies.length, rps: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) }
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere.
 * The machine is shared: wall-time throughput follows everyone's load, CPU per request does not.
 */
function cpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}

/** CPU milliseconds per request of `pid` while `phase` runs. */
async function cpuPerRequest(pid, phase) {
  const before = cpuSeconds(pid)
  const r = await phase()
  const after = cpuSeconds(pid)
  return { ...r, cpu_ms_per_request: before === null || after === null ? null : round(((after - before) * 1000) / r.count, 3) }
}

function startProcess(args, env) {
  const logs = []
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout.on('data', (d) => logs.push(String(d)))
  child.stderr.on('data', (d) => logs.push(String(d)))
  return { child, logs }
}

async function waitHealthy(port, proc, urlPath) {
  const deadline = Date.now() + 30_000
  const agent = new http.Agent({ keepAlive: false })
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`process exited (${proc.child.exitCode}):\n${proc.logs.join('')}`)
    try {
      const r = await send(agent, port, 'GET', urlPath)
      if (r.status === 200) return
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`no answer on ${urlPath} within 30 s:\n${proc.logs.join('')}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function stopProcess(proc) {
  if (proc.child.exitCode !== null) return
  const exited = new Promise((r) => proc.child.once('exit', r))
  proc.child.kill('SIGTERM')
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
  if (proc.child.exitCode === null) proc.child.kill('SIGKILL')
}

// ---------------------------------------------------------------------------------------
// 1. The ceiling: bare Fastify, same shape of request and answer

async function ceiling() {
  const port = await freePort()
  const proc = startProcess([path.join(__dirname, 'bare-server.cjs')], { PORT: String(port) })
  try {
    await waitHealthy(port, proc, '/health')
    const warm = Array.from({ length: 1000 }, (_, i) => i)
    const body = (i) => ({ slotId: 1 + (i % 10), idempotencyKey: `ceiling-${i}-xxxxxxxx` })
    const one = (i, timed) => timed(port, 'POST', '/reserve', body(i), { authorization: 'Bearer ' + 'x'.repeat(43) })
    await drive(warm, one)
    return await cpuPerRequest(proc.child.pid, () => drive(Array.from({ length: CEILING_REQUESTS }, (_, i) => i), one))
  } finally {
    await stopProcess(proc)
  }
}

// ---------------------------------------------------------------------------------------
// 2. The rush on one database

async function prepare(handle, config) {
  const { migrateToLatest } = mod('db/database.js')
  const { seedDemo } = mod('seed/demo.js')
  const { syncStages } = mod('modules/cases/service.js')
  const { encrypt, blindIndex, sha256, randomToken } = mod('lib/crypto.js')
  const { addDays, shanghaiDate } = mod('lib/time.js')
  const db = handle.db
  await migrateToLatest(db, handle.schema)
  await seedDemo(db, config)
  const now = config.now()
  const at = now.toISOString()
  const community = await db.selectFrom('communities').select('id').executeTakeFirstOrThrow()
  const communityId = Number(community.id)
  const required = await db.selectFrom('checklist_items').select('code').where('community_id', '=', communityId).where('requirement', '=', 'required').execute()
  const batch = '压测批'
  const building = await db.insertInto('buildings').values({ community_id: communityId, name: '压测楼', sort: 99 }).returning('id').executeTakeFirstOrThrow()
  const tokens = []
  const expires = new Date(now.getTime() + 86400_000).toISOString()
  let stageRows = null
  const chunk = 200
  const total = HOUSES + WARMUP
  for (let start = 0; start < total; start += chunk) {
    const n = Math.min(chunk, total - start)
    await db.transaction().execute(async (tx) => {
      const idx = Array.from({ length: n }, (_, j) => start + j)
      const houses = await tx
        .insertInto('houses')
        .values(
          idx.map((i) => ({
            community_id: communityId,
            building_id: Number(building.id),
            unit: '1',
            floor: 1 + Math.floor(i / 100),
            room: String(i + 1),
            area: 100,
            batch,
            invite_token: `bench${i}`,
            open_for_move_in: 1,
            created_at: at
          }))
        )
        .returning('id')
        .execute()
      const houseIds = houses.map((h) => Number(h.id))
      const owners = await tx
        .insertInto('registered_owners')
        .values(
          idx.map((i, j) => {
            const idNumber = `44030519900101${String(i).padStart(4, '0')}`
            return {
              house_id: houseIds[j],
              name: '压测业主',
              id_cipher: encrypt(config.keys.aes, idNumber),
              id_hmac: blindIndex(config.keys.hmac, idNumber, 'id'),
              id_tail_hmac: blindIndex(config.keys.hmac, idNumber.slice(-6), 'id_tail'),
              phone_cipher: null,
              created_at: at
            }
          })
        )
        .returning('id')
        .execute()
      const cases = await tx
        .insertInto('move_in_cases')
        .values(houseIds.map((h, j) => ({ house_id: h, owner_id: Number(owners[j].id), verified_at: at, verified_role: 'owner', done_at: null, created_at: at, updated_at: at })))
        .returning('id')
        .execute()
      const caseIds = cases.map((c) => Number(c.id))
      if (required.length) {
        await tx
          .insertInto('document_submissions')
          .values(caseIds.flatMap((caseId) => required.map((r) => ({ case_id: caseId, item_code: r.code, status: 'approved', reason: null, submitted_at: at, reviewed_by: null, reviewed_at: at, updated_at: at }))))
          .execute()
      }
      const batchTokens = idx.map(() => randomToken())
      await tx
        .insertInto('owner_sessions')
        .values(batchTokens.map((token, j) => ({ token_hash: sha256(token), case_id: caseIds[j], house_id: houseIds[j], owner_id: Number(owners[j].id), role: 'owner', delegate_id: null, expires_at: expires, created_at: at })))
        .execute()
      tokens.push(...batchTokens)
      // the stage rows a verified, reviewed case has: derived once by the engine, copied to the rest
      let rest = caseIds
      if (!stageRows) {
        await syncStages(tx, caseIds[0], { type: 'system', id: null, label: '系统' }, now)
        stageRows = await tx.selectFrom('case_stages').select(['stage', 'status']).where('case_id', '=', caseIds[0]).execute()
        rest = caseIds.slice(1)
      }
      if (rest.length) {
        await tx
          .insertInto('case_stages')
          .values(rest.flatMap((caseId) => stageRows.map((r) => ({ case_id: caseId, stage: r.stage, status: r.status, updated_at: at }))))
          .execute()
      }
    })
  }
  const openSlots = async (date, count, capacity) => {
    const ids = []
    for (let k = 0; k < count; k++) {
      const h = 8 + k
      const s = await db
        .insertInto('slots')
        .values({ community_id: communityId, batch, date, start_time: `${String(h).padStart(2, '0')}:00`, end_time: `${String(h + 1).padStart(2, '0')}:00`, capacity, booked: 0 })
        .returning('id')
        .executeTakeFirstOrThrow()
      ids.push(Number(s.id))
    }
    return ids
  }
  const slotIds = await openSlots(addDays(shanghaiDate(now), 5), SLOTS, CAPACITY)
  // warm-up slots on another day, as full-to-free as the measured ones (capacity/houses alike)
  const warmSlotIds = WARMUP > 0 ? await openSlots(addDays(shanghaiDate(now), 6), SLOTS, Math.max(1, Math.round((WARMUP * SLOTS * CAPACITY) / HOUSES / SLOTS))) : []
  return { tokens: tokens.slice(0, HOUSES), warmTokens: tokens.slice(HOUSES), slotIds, warmSlotIds }
}

async function audit(db, slotIds) {
  const { sql } = require('kysely')
  const slots = await db.selectFrom('slots').select(['id', 'capacity', 'booked']).where('id', 'in', slotIds).execute()
  const active = await db
    .selectFrom('reservations')
    .select(['slot_id', sql`count(*)`.as('n')])
    .where('slot_id', 'in', slotIds)
    .where('status', '=', 'active')
    .groupBy('slot_id')
    .execute()
  const perHouse = await db
    .selectFrom('reservations')
    .select(['house_id', sql`count(*)`.as('n')])
    .where('status', '=', 'active')
    .groupBy('house_id')
    .having(sql`count(*)`, '>', 1)
    .execute()
  const bySlot = new Map(active.map((a) => [Number(a.slot_id), Number(a.n)]))
  let reserved = 0
  let overbooked = 0
  let mismatched = 0
  for (const s of slots) {
    const n = bySlot.get(Number(s.id)) ?? 0
    reserved += n
    overbooked += Math.max(0, n - Number(s.capacity))
    if (n !== Number(s.booked)) mismatched += 1
  }
  return { reserved, overbooked: overbooked + mismatched + perHouse.length, mismatchedSlots: mismatched, housesTwice: perHouse.length }
}

/** The rush: book slot (i mod K), told SLOT_FULL the next one, TRIES slots at most. */
function rushFlow(port, tokens, slotIds, outcomes, tag) {
  return async (i, timed) => {
    const headers = { authorization: `Bearer ${tokens[i]}` }
    for (let k = 0; k < Math.min(TRIES, slotIds.length); k++) {
      const slotId = slotIds[(i + k) % slotIds.length]
      if (!(await book(timed, port, headers, slotId, `bench-${tag}-${i}-${k}-${process.pid}`, outcomes))) return
    }
  }
}

/** One booking attempt; true when the owner should try another slot (SLOT_FULL). */
async function book(timed, port, headers, slotId, idempotencyKey, outcomes) {
  const r = await timed(port, 'POST', '/api/owner/reservation', { slotId, idempotencyKey }, headers)
  if (r.status === 200) {
    outcomes.ok += 1
    return false
  }
  const code = r.json && r.json.error ? r.json.error.code : `HTTP_${r.status}`
  if (code === 'SLOT_FULL') {
    outcomes.full += 1
    return true
  }
  outcomes.other[code] = (outcomes.other[code] || 0) + 1
  return false
}

/** Launch morning: home, slot list, book an open slot, home again. */
function morningFlow(port, tokens, slotIds, outcomes, tag) {
  const mine = new Set(slotIds)
  const expect200 = (r, what) => {
    if (r.status !== 200) outcomes.other[`${what}_HTTP_${r.status}`] = (outcomes.other[`${what}_HTTP_${r.status}`] || 0) + 1
    return r
  }
  const home = async (timed, headers) => {
    expect200(await timed(port, 'GET', '/api/owner/me', undefined, headers), 'ME')
    expect200(await timed(port, 'GET', '/api/owner/progress', undefined, headers), 'PROGRESS')
  }
  return async (i, timed) => {
    const headers = { authorization: `Bearer ${tokens[i]}` }
    await home(timed, headers)
    const list = expect200(await timed(port, 'GET', '/api/owner/slots', undefined, headers), 'SLOTS')
    const shown = list.json && list.json.days ? list.json.days.flatMap((d) => d.slots).filter((x) => mine.has(x.id)) : []
    const open = shown.filter((x) => x.status === 'open').map((x) => x.id)
    // the owner starts at "their" slot (i mod K) and goes down the list of open ones
    const start = open.findIndex((id) => id >= slotIds[i % slotIds.length])
    const order = start < 0 ? open : [...open.slice(start), ...open.slice(0, start)]
    for (let k = 0; k < Math.min(TRIES, order.length); k++) {
      if (!(await book(timed, port, headers, order[k], `bench-${tag}-${i}-${k}-${process.pid}`, outcomes))) break
    }
    await home(timed, headers)
  }
}

async function rush(dialect, scenario = 'rush') {
  const { createDb } = mod('db/database.js')
  const { loadConfig } = mod('config.js')
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjia-bench-'))
  let databaseUrl = ''
  let schema
  let dropSchema = async () => undefined
  if (dialect === 'postgres') {
    const pg = require('pg')
    schema = `bench_${process.pid}_${crypto.randomBytes(3).toString('hex')}`
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await admin.connect()
    await admin.query(`CREATE SCHEMA ${schema}`)
    await admin.end()
    const u = new URL(process.env.DATABASE_URL)
    u.searchParams.set('options', `-c search_path=${schema}`)
    databaseUrl = u.toString()
    dropSchema = async () => {
      const c = new pg.Client({ connectionString: process.env.DATABASE_URL })
      await c.connect()
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await c.end()
    }
  }
  const env = { ANJIA_SECRET_KEY: SECRET, DATA_DIR: dataDir, DATABASE_URL: databaseUrl }
  const config = loadConfig(env)
  const handle = createDb(dialect === 'postgres' ? { databaseUrl: process.env.DATABASE_URL, schema } : { dataDir })
  let proc = null
  try {
    const t0 = Date.now()
    const { tokens, warmTokens, slotIds, warmSlotIds } = await prepare(handle, config)
    console.log(`  ${dialect} ${scenario}: prepared ${tokens.length} (+${warmTokens.length} warm-up) houses and ${slotIds.length} slots x ${CAPACITY} seats in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    const port = await freePort()
    // request logs off (LOG_LEVEL=warn), like the bare ceiling server: we measure the API, not pino
    const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []
    proc = startProcess([...prof, path.join(DIST, 'server.js')], { ...env, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: '0', LOG_LEVEL: 'warn', WEB_ROOT: path.join(dataDir, 'no-web') })
    await waitHealthy(port, proc, '/api/health')

    const flow = scenario === 'morning' ? morningFlow : rushFlow
    if (warmTokens.length) {
      const warm = { ok: 0, full: 0, other: {} }
      await drive(
        warmTokens.map((_, i) => i),
        flow(port, warmTokens, warmSlotIds, warm, 'warm')
      )
      if (Object.keys(warm.other).length) console.warn(`  ${dialect} ${scenario}: unexpected warm-up answers ${JSON.stringify(warm.other)}`)
    }
    // the ceiling right before the measured phase: the shared machine's speed drifts within a run
    const adjacent = await ceiling()
    const outcomes = { ok: 0, full: 0, other: {} }
    const result = await cpuPerRequest(proc.child.pid, () =>
      drive(
        tokens.map((_, i) => i),
        flow(port, tokens, slotIds, outcomes, 'run')
      )
    )
    const a = await audit(handle.db, slotIds)
    if (a.reserved !== outcomes.ok) console.warn(`  ${dialect} ${scenario}: ${outcomes.ok} answered 200 but ${a.reserved} active reservations`)
    if (Object.keys(outcomes.other).length) console.warn(`  ${dialect} ${scenario}: unexpected answers ${JSON.stringify(outcomes.other)}`)
    return {
      ceiling_rps: round(adjacent.rps, 0),
      ratio: round(result.rps / adjacent.rps, 3),
      // the server's own CPU per request against the bare server's: what the ratio would be on an idle machine
      cpu_ms_per_request: result.cpu_ms_per_request,
      ceiling_cpu_ms_per_request: adjacent.cpu_ms_per_request,
      cpu_ratio: result.cpu_ms_per_request && adjacent.cpu_ms_per_request ? round(adjacent.cpu_ms_per_request / result.cpu_ms_per_request, 3) : null,
      rps: round(result.rps, 0),
      p50_ms: round(result.p50),
      p99_ms: round(result.p99),
      requests: result.count,
      reserved: a.reserved,
      capacity: SLOTS * CAPACITY,
      overbooked: a.overbooked,
      answered_ok: outcomes.ok,
      answered_slot_full: outcomes.full,
      unexpected: outcomes.other
    }
  } finally {
    if (proc) await stopProcess(proc)
    await handle.destroy().catch(() => undefined)
    await dropSchema().catch(() => undefined)
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main() {
  if (!fs.existsSync(path.join(DIST, 'server.js'))) throw new Error(`${DIST} is missing: run \`npm run build:server\``)
  console.log(`reservation rush: ${HOUSES} houses (+${WARMUP} warm-up), ${SLOTS} slots x ${CAPACITY} seats, ${CONNECTIONS} connections, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`)
  const c = await ceiling()
  console.log(`  ceiling (bare Fastify): ${c.rps.toFixed(0)} rps, p50 ${c.p50.toFixed(2)} ms, p99 ${c.p99.toFixed(2)} ms`)
  const dialects = ['sqlite', ...(process.env.DATABASE_URL ? ['postgres'] : [])]
  if (!process.env.DATABASE_URL) console.log('  postgres: skipped (DATABASE_URL is not set)')
  const sections = { rush: 'reserve_rush', morning: 'launch_morning' }
  const results = {}
  const rows = []
  for (const scenario of SCENARIOS) {
    if (!sections[scenario]) throw new Error(`unknown scenario ${scenario} (rush, morning)`)
    const section = (results[sections[scenario]] = { ceiling_rps: round(c.rps, 0), houses: HOUSES, connections: CONNECTIONS, load_avg_1m: round(os.loadavg()[0], 1) })
    for (const dialect of dialects) {
      const r = (section[dialect] = await rush(dialect, scenario))
      rows.push({ scenario, dialect, ...r })
      console.log(
        `  ${scenario} ${dialect}: ${r.rps} rps = ${r.ratio} x ceiling (${r.ceiling_rps} rps just before), p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, ${r.requests} requests, reserved ${r.reserved}/${r.capacity}, overbooked ${r.overbooked}`
      )
    }
  }
  console.log('')
  console.log('scenario  database   ratio  rps     p50 ms  p99 ms  reserved  overbooked  cpu ms/req  cpu ratio')
  for (const r of rows) {
    console.log(
      `${r.scenario.padEnd(9)} ${r.dialect.padEnd(9)} ${r.ratio.toFixed(3).padStart(6)} ${String(r.rps).padStart(6)} ${r.p50_ms.toFixed(2).padStart(7)} ${r.p99_ms.toFixed(2).padStart(7)} ${String(r.reserved).padStart(5)}/${r.capacity} ${String(r.overbooked).padStart(6)}      ${String(r.cpu_ms_per_request).padStart(6)}     ${String(r.cpu_ratio).padStart(6)}`
    )
  }
  // keep the other benchmarks' sections (import, dashboard) of an earlier run
  const file = path.join(__dirname, 'results.json')
  let previous = {}
  try {
    previous = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    /* first run */
  }
  delete previous.reserve_rush
  delete previous.launch_morning
  fs.writeFileSync(file, JSON.stringify({ ...previous, ...results }, null, 2) + '\n')
  console.log(`wrote bench/results.json`)
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}

// for a profiling script of one's own: the same houses and slots, in-process
module.exports = { prepare }

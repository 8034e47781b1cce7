/*
 * The manager's dashboard at city scale, against the compiled server (app.inject: the real
 * routes, auth, validation and SQL; no network). Per database (SQLite always; PostgreSQL when
 * DATABASE_URL is set, in a fresh schema): BENCH_DASH_COMMUNITIES communities of
 * BENCH_DASH_HOUSES houses each (default 100 × 1,000 = 100,000 houses) with cases spread over
 * every stage — stored stages, stage events, reservations, check-ins, inspection rounds,
 * defects and repair orders, key handovers, follow-up tasks, documents waiting for review and
 * survey answers with comments — written with multi-row inserts in chunks. Then one
 * community's dashboard is requested BENCH_DASH_REQUESTS times (after a warm-up), and its
 * export BENCH_DASH_EXPORTS times; p50 / p95 in ms go into the `dashboard` section of
 * bench/results.json (other sections are kept). BENCH_DIST: compiled server folder (default
 * server/dist/server/src).
 */
'use strict'
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const ROOT = path.resolve(__dirname, '..')
const DIST = process.env.BENCH_DIST || path.join(ROOT, 'server/dist/server/src')
const COMMUNITIES = Number(process.env.BENCH_DASH_COMMUNITIES || 100)
const HOUSES = Number(process.env.BENCH_DASH_HOUSES || 1000)
const REQUESTS = Number(process.env.BENCH_DASH_REQUESTS || 40)
const EXPORTS = Number(process.env.BENCH_DASH_EXPORTS || 10)
const SECRET = crypto.createHash('sha256').update('anjia-bench-secret').digest('hex')
const mod = (p) => require(path.join(DIST, p))
const round = (n, d = 1) => Math.round(n * 10 ** d) / 10 ** d

const STAGES = ['verify', 'documents', 'reserve', 'agreements', 'fees', 'checkin', 'inspection', 'keys', 'done', 'followup']
const CATEGORIES = ['渗漏', '开裂', '门窗', '电气', '给排水', '其他']
const SEVERITY_DAYS = { 严重: 3, 一般: 7, 轻微: 15 }
const ITEMS = [
  ['notice', '入伙通知及时清晰', 0.15],
  ['onsite_efficiency', '现场办理效率', 0.25],
  ['staff_attitude', '工作人员态度', 0.15],
  ['facilities', '配套设施完善', 0.15],
  ['problems', '问题处理', 0.15],
  ['overall', '总体满意度', 0.15]
]
const COMMENTS = ['排队等了很久', '工作人员态度很好', '墙面有裂缝需要维修', '电梯还没开通', '物业费有点贵', '整体顺利', '验房很仔细', '停车位不够']

/** A small deterministic PRNG (mulberry32): the same data on both dialects. */
function rng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const iso = (ms) => new Date(ms).toISOString()
const shanghaiDay = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10)
const HOUR = 3600e3
const DAY = 24 * HOUR

async function insertChunks(db, table, rows, returning, size = 500) {
  const out = []
  for (let i = 0; i < rows.length; i += size) {
    let q = db.insertInto(table).values(rows.slice(i, i + size))
    if (returning) out.push(...(await q.returning(returning).execute()))
    else await q.execute()
  }
  return out
}

/**
 * One community: houses in 4 buildings and 2 batches; 90 % of the houses have a case whose
 * progress is drawn from a realistic spread (many at documents / reservation, a third handed
 * over); the first batch's window started 20 days ago, the second's 5 days ago.
 */
async function seedCommunity(db, ci, now) {
  const r = rng(1000 + ci)
  const at0 = iso(now - 40 * DAY)
  const c = await db.insertInto('communities').values({ name: `压测小区${ci + 1}`, created_at: at0, policy_fees_required_for_keys: 0, policy_agreements_required_for_keys: 0 }).returning('id').executeTakeFirstOrThrow()
  const communityId = Number(c.id)
  const buildings = await insertChunks(db, 'buildings', [1, 2, 3, 4].map((b) => ({ community_id: communityId, name: `${b}栋`, sort: b })), ['id'])
  const batchStart = { 第一批: now - 20 * DAY, 第二批: now - 5 * DAY }
  await insertChunks(db, 'batches', Object.entries(batchStart).map(([code, ms], i) => ({ community_id: communityId, code, title: code, starts_on: shanghaiDay(ms), ends_on: shanghaiDay(ms + 30 * DAY), sort: i, created_at: at0 })))
  await insertChunks(db, 'survey_items', ITEMS.map(([code, title, weight], i) => ({ community_id: communityId, code, title, weight, sort: i })))
  await insertChunks(db, 'checklist_items', [
    { community_id: communityId, code: 'owner_id_card', title: '业主身份证', requirement: 'required', condition: null, sort: 0 },
    { community_id: communityId, code: 'purchase_contract', title: '购房合同', requirement: 'required', condition: null, sort: 1 }
  ])
  // slots: 30 days × 4 hours per batch
  const slots = []
  for (const [batch, start] of Object.entries(batchStart)) {
    for (let d = 0; d < 30; d++) for (const h of [9, 10, 14, 15]) slots.push({ community_id: communityId, batch, date: shanghaiDay(start + d * DAY), start_time: `${h}:00`.padStart(5, '0'), end_time: `${h + 1}:00`.padStart(5, '0'), capacity: 40, booked: 0 })
  }
  const slotRows = await insertChunks(db, 'slots', slots, ['id', 'batch', 'date'])
  const slotsOf = { 第一批: [], 第二批: [] }
  for (const s of slotRows) slotsOf[s.batch].push(s)

  const houses = []
  for (let i = 0; i < HOUSES; i++) {
    const b = i % 4
    const inB = Math.floor(i / 4)
    const floor = 1 + Math.floor(inB / 10)
    houses.push({
      community_id: communityId,
      building_id: Number(buildings[b].id),
      unit: String(1 + (inB % 2)),
      floor,
      room: `${floor}${String(1 + (inB % 10)).padStart(2, '0')}`,
      area: 89.5,
      batch: floor <= 12 ? '第一批' : '第二批',
      invite_token: `b${ci}x${i}${crypto.randomBytes(3).toString('hex')}`.slice(0, 32),
      open_for_move_in: 1,
      created_at: at0
    })
  }
  const houseRows = await insertChunks(db, 'houses', houses, ['id', 'batch'])
  await insertChunks(db, 'registered_owners', houseRows.map((h, i) => ({ house_id: Number(h.id), name: `业主${'甲乙丙丁'[i % 4]}${i}`, id_cipher: 'bench', id_hmac: `h${ci}-${i}`, id_tail_hmac: `t${ci}-${i}`, phone_cipher: null, created_at: at0 })))

  // progress level per house: 0 no case, 1 verified, 2 documents submitted, 3 approved, 4 reserved,
  // 5 checked in, 6 inspected, 7 inspection signed, 8 keys + done, 9 followed up
  const weights = [10, 8, 8, 10, 14, 4, 6, 5, 20, 15]
  const total = weights.reduce((a, b) => a + b, 0)
  const levelOf = () => {
    let x = r() * total
    for (let l = 0; l < weights.length; l++) if ((x -= weights[l]) < 0) return l
    return 9
  }
  const plan = houseRows.map((h) => ({ houseId: Number(h.id), batch: h.batch, level: levelOf() }))
  for (const p of plan) if (p.batch === '第二批' && p.level > 5) p.level = 1 + Math.floor(r() * 5) // the second batch started later
  const withCase = plan.filter((p) => p.level > 0)
  for (const p of withCase) {
    const start = batchStart[p.batch] - 10 * DAY
    p.t = start + r() * (now - start) * (p.level >= 5 ? 0.4 : 0.9)
  }
  const stages = []
  const events = []
  const reservations = []
  const checkins = []
  const inspections = []
  const handovers = []
  const tasks = []
  const docs = []
  const responses = []
  const ev = (caseId, stage, from, to, ms) => events.push({ case_id: caseId, stage, from_status: from, to_status: to, actor_type: 'system', actor_id: null, actor_label: '系统', note: null, at: iso(ms) })
  // rows carry the case's index in withCase until the cases exist (then the real id)
  for (const [caseId, p] of withCase.entries()) {
    const st = Object.fromEntries(STAGES.map((s) => [s, 'locked']))
    st.verify = 'done'
    st.agreements = 'available'
    st.fees = 'available'
    st.documents = 'available'
    let t = p.t
    const step = (h) => (t = Math.min(now - 60e3, t + h * HOUR * (0.5 + r())))
    if (p.level >= 2) {
      step(2)
      st.documents = 'in_progress'
      ev(caseId, 'documents', 'available', 'in_progress', t)
      docs.push({ case_id: caseId, item_code: 'owner_id_card', status: p.level === 2 ? 'submitted' : 'approved', reason: null, submitted_at: iso(t), reviewed_by: null, reviewed_at: null, updated_at: iso(t) })
    }
    if (p.level >= 3) {
      step(20)
      st.documents = 'done'
      ev(caseId, 'documents', 'in_progress', 'done', t)
      st.reserve = 'available'
      ev(caseId, 'reserve', 'locked', 'available', t)
    }
    if (r() < 0.6 && p.level >= 2) {
      step(3)
      st.agreements = 'done'
      ev(caseId, 'agreements', 'available', 'done', t)
    }
    if (p.level >= 4) {
      step(10)
      st.reserve = 'done'
      ev(caseId, 'reserve', 'available', 'done', t)
      const list = slotsOf[p.batch]
      const slot = p.level === 4 ? list[list.length - 1 - Math.floor(r() * 20)] : list[Math.floor(r() * Math.min(list.length, 60))]
      p.slotDate = slot.date
      reservations.push({ case_id: caseId, house_id: p.houseId, slot_id: Number(slot.id), status: 'active', idempotency_key: null, created_at: iso(t) })
      st.checkin = 'locked'
    }
    if (p.level >= 5) {
      step(30)
      st.checkin = 'done'
      ev(caseId, 'checkin', 'locked', 'available', t - HOUR)
      ev(caseId, 'checkin', 'available', 'done', t)
      st.inspection = 'available'
      ev(caseId, 'inspection', 'locked', 'available', t)
      p.checkinAt = t
      const today = p.level === 5 && r() < 0.3
      const arrived = today ? now - r() * 3 * HOUR : t
      checkins.push({ case_id: caseId, date: shanghaiDay(arrived), queue_no: checkins.length + 1, arrived_at: iso(arrived), called_at: today && r() < 0.5 ? null : iso(arrived + 10 * 60e3), finished_at: today ? null : iso(arrived + HOUR) })
    }
    if (p.level >= 6) {
      step(0.5)
      p.defects = r() < 0.35 ? 1 + Math.floor(r() * 3) : 0
      p.inspectedAt = t
      st.inspection = p.level >= 7 ? 'done' : p.defects ? 'attention' : 'in_progress'
      ev(caseId, 'inspection', 'available', st.inspection === 'done' ? 'in_progress' : st.inspection, t)
      inspections.push({ p, round: 1, at: t })
      if (p.defects && p.level >= 7) inspections.push({ p, round: 2, at: t + 3 * DAY })
    }
    if (p.level >= 7) {
      step(p.defects ? 80 : 1)
      ev(caseId, 'inspection', 'in_progress', 'done', t)
      st.keys = 'available'
      ev(caseId, 'keys', 'locked', 'available', t)
      p.signedAt = t
    }
    if (p.level >= 8) {
      step(0.5)
      st.keys = 'done'
      st.done = 'done'
      st.followup = 'available'
      ev(caseId, 'keys', 'available', 'done', t)
      ev(caseId, 'done', 'locked', 'available', t)
      ev(caseId, 'done', 'available', 'done', t)
      ev(caseId, 'followup', 'locked', 'available', t)
      handovers.push({ case_id: caseId, keys: '[]', meters: '[]', owner_signature_key: 'k', staff_signature_key: 'k', staff_user_id: null, handed_at: iso(t) })
      p.doneAt = iso(t)
      const followed = p.level >= 9
      tasks.push({ case_id: caseId, kind: 'first_visit', reason: '入伙后首次回访', due_at: iso(t + 7 * DAY), assignee_role: 'reception', status: followed ? 'done' : 'open', created_at: iso(t), closed_at: followed ? iso(t + 5 * DAY) : null, note: null, closed_by: null })
      if (followed) {
        st.followup = 'done'
        ev(caseId, 'followup', 'available', 'done', t + 5 * DAY)
      }
      if (r() < 0.7) {
        const score = () => 1 + Math.min(4, Math.floor(r() * 5 + 0.8))
        const scores = Object.fromEntries(ITEMS.map(([code]) => [code, score()]))
        const comments = r() < 0.4 ? { overall: COMMENTS[Math.floor(r() * COMMENTS.length)] } : {}
        let sw = 0
        let sws = 0
        for (const [code, , w] of ITEMS) {
          sw += w
          sws += w * scores[code]
        }
        responses.push({ case_id: caseId, scores: JSON.stringify(scores), comments: JSON.stringify(comments), csi: Math.round(((sws / sw - 1) / 4) * 10000) / 100, submitted_at: iso(t + HOUR) })
      }
    }
    for (const s of STAGES) stages.push({ case_id: caseId, stage: s, status: st[s], updated_at: iso(t) })
  }
  const caseRows = await insertChunks(
    db,
    'move_in_cases',
    withCase.map((p) => ({ house_id: p.houseId, owner_id: null, verified_at: iso(p.t), verified_role: 'owner', done_at: p.doneAt ?? null, created_at: iso(p.t), updated_at: iso(p.t) })),
    ['id', 'house_id']
  )
  const caseOf = new Map(caseRows.map((x) => [Number(x.house_id), Number(x.id)]))
  const real = withCase.map((p) => caseOf.get(p.houseId))
  withCase.forEach((p, k) => (p.caseId = real[k]))
  const byCase = new Map(withCase.map((p) => [p.caseId, p]))
  for (const rows of [stages, events, reservations, checkins, docs, handovers, tasks, responses]) for (const row of rows) row.case_id = real[row.case_id]
  await insertChunks(db, 'case_stages', stages)
  await insertChunks(db, 'case_events', events)
  await insertChunks(db, 'reservations', reservations)
  await insertChunks(db, 'checkins', checkins)
  await insertChunks(db, 'document_submissions', docs)
  await insertChunks(db, 'key_handovers', handovers)
  await insertChunks(db, 'followup_tasks', tasks)
  await insertChunks(db, 'survey_responses', responses)

  const insRows = await insertChunks(
    db,
    'inspections',
    inspections.map((x) => ({ case_id: x.p.caseId, round: x.round, inspector_id: null, status: 'completed', result: x.round === 1 && x.p.defects ? 'defects' : 'passed', started_at: iso(x.at - HOUR), completed_at: iso(x.at), owner_signature_key: null, owner_signed_at: x.p.signedAt && (x.round === 2 || !x.p.defects) ? iso(x.p.signedAt) : null })),
    ['id', 'case_id', 'round']
  )
  const defects = []
  for (const row of insRows) {
    if (Number(row.round) !== 1) continue
    const p = byCase.get(Number(row.case_id))
    for (let k = 0; k < p.defects; k++) {
      const severity = ['严重', '一般', '轻微'][Math.floor(r() * 3)]
      const due = shanghaiDay(p.inspectedAt + SEVERITY_DAYS[severity] * DAY)
      const fixed = p.level >= 7 || r() < 0.3
      defects.push({ p, severity, due, fixed, row: { inspection_id: Number(row.id), case_id: p.caseId, room: '客厅', location: '', category: CATEGORIES[Math.floor(r() * CATEGORIES.length)], severity, description: '压测问题', status: p.level >= 7 ? 'confirmed' : fixed ? 'fixed' : 'open', idempotency_key: `bench-${ci}-${p.caseId}-${k}`, due_date: due, created_at: iso(p.inspectedAt), updated_at: iso(p.inspectedAt), confirmed_at: null } })
    }
  }
  const defectRows = await insertChunks(db, 'defects', defects.map((d) => d.row), ['id', 'idempotency_key'])
  const defectId = new Map(defectRows.map((x) => [x.idempotency_key, Number(x.id)]))
  await insertChunks(
    db,
    'repair_orders',
    defects.map((d) => {
      const fixedAt = d.fixed ? d.p.inspectedAt + (r() < 0.8 ? 1 : 20) * DAY * r() : null
      return { defect_id: defectId.get(d.row.idempotency_key), due_date: d.due, status: d.fixed ? 'fixed' : 'open', fixed_at: fixedAt ? iso(Math.min(fixedAt, now - 60e3)) : null, fixed_by: null, created_at: iso(d.p.inspectedAt), note: null }
    })
  )
  return { communityId, cases: withCase.length, events: events.length, defects: defects.length, responses: responses.length }
}

function pct(sorted, p) {
  const pos = (sorted.length - 1) * p
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}

/**
 * Wall time per request, and this process's CPU time per request (the whole request on
 * SQLite, which runs in-process; on PostgreSQL the database's own work is not in it): on a
 * shared machine the wall time grows with the load average, the CPU time much less.
 */
async function timed(app, url, auth, n) {
  const ms = []
  const cpu = []
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage()
    const t0 = process.hrtime.bigint()
    const res = await app.inject({ method: 'GET', url, headers: auth })
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`)
  }
  ms.sort((a, b) => a - b)
  cpu.sort((a, b) => a - b)
  return { p50_ms: round(pct(ms, 0.5)), p95_ms: round(pct(ms, 0.95)), cpu_p50_ms: round(pct(cpu, 0.5)), requests: n, load_avg_1m: round(os.loadavg()[0], 2) }
}

/** The child: signs the manager in and times the routes; prints one JSON line. */
async function measure({ dialect, dataDir, schema }) {
  const { createDb } = mod('db/database.js')
  const { loadConfig } = mod('config.js')
  const { buildApp } = mod('app.js')
  const config = loadConfig({ ANJIA_SECRET_KEY: SECRET, DATA_DIR: dataDir, LOG_LEVEL: 'warn', WEB_ROOT: path.join(dataDir, 'no-web') })
  const handle = createDb(dialect === 'postgres' ? { databaseUrl: process.env.DATABASE_URL, schema } : { dataDir })
  const app = await buildApp({ config, db: handle, logger: false })
  try {
    await app.ready()
    const login = await app.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'bench-manager', password: 'bench-pass-2026' } })
    if (login.statusCode !== 200) throw new Error(`login ${login.statusCode} ${login.body}`)
    const auth = { authorization: `Bearer ${login.json().token}` }
    const first = await app.inject({ method: 'GET', url: '/api/staff/dashboard', headers: auth })
    const d = first.json()
    // a running server is warm: let V8 optimise the hot paths first
    for (let i = 0; i < 10; i++) await app.inject({ method: 'GET', url: '/api/staff/dashboard', headers: auth })
    const dashboard = await timed(app, '/api/staff/dashboard', auth, REQUESTS)
    const filtered = await timed(app, `/api/staff/dashboard?building=${d.options.buildings[0].id}`, auth, Math.max(10, Math.floor(REQUESTS / 2)))
    const drill = await timed(app, '/api/staff/dashboard/houses?metric=funnel%3Akeys%3Adone', auth, Math.max(10, Math.floor(REQUESTS / 2)))
    const exp = await timed(app, '/api/staff/dashboard/export.xlsx', auth, EXPORTS)
    process.stdout.write(JSON.stringify({ d: { houses: d.houses }, dashboard, filtered, drill, exp }) + '\n')
  } finally {
    await app.close().catch(() => undefined)
    await handle.destroy().catch(() => undefined)
  }
}

async function one(dialect) {
  const { createDb, migrateToLatest } = mod('db/database.js')
  const { hashPassword } = mod('lib/crypto.js')
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjia-bench-dash-'))
  let schema
  let dropSchema = async () => undefined
  if (dialect === 'postgres') {
    const pg = require('pg')
    schema = `bench_dash_${process.pid}_${crypto.randomBytes(3).toString('hex')}`
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
  const handle = createDb(dialect === 'postgres' ? { databaseUrl: process.env.DATABASE_URL, schema } : { dataDir })
  try {
    await migrateToLatest(handle.db, handle.schema)
    const now = Date.now()
    const t0 = Date.now()
    let totals = { cases: 0, events: 0, defects: 0, responses: 0 }
    let target = null
    const middle = Math.floor(COMMUNITIES / 2)
    for (let ci = 0; ci < COMMUNITIES; ci++) {
      const s = await handle.db.transaction().execute((tx) => seedCommunity(tx, ci, now))
      for (const k of Object.keys(totals)) totals[k] += s[k]
      if (ci === middle) target = s
    }
    // steady state, as a running server sees it: statistics on PostgreSQL, the WAL folded into the file on SQLite
    if (dialect === 'postgres') await require('kysely').sql`analyze`.execute(handle.db)
    else await require('kysely').sql`pragma wal_checkpoint(truncate)`.execute(handle.db)
    const seed_s = round((Date.now() - t0) / 1000)
    console.log(`  ${dialect}: ${COMMUNITIES * HOUSES} houses (${totals.cases} cases, ${totals.events} stage events, ${totals.defects} defects, ${totals.responses} survey answers) seeded in ${seed_s} s`)
    await handle.db
      .insertInto('staff_users')
      .values({ community_id: target.communityId, username: 'bench-manager', password_hash: await hashPassword('bench-pass-2026'), display_name: '经理', role: 'manager', created_at: new Date().toISOString() })
      .execute()
    await handle.destroy()
    // measured in a fresh process, as a running server meets the data (not the seeder's heap)
    const child = require('node:child_process').spawnSync(process.execPath, [__filename], {
      env: { ...process.env, BENCH_DASH_MEASURE: JSON.stringify({ dialect, dataDir, schema: schema ?? null }) },
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024
    })
    if (child.status !== 0) throw new Error(`measuring failed: ${child.stderr}`)
    const { d, dashboard, filtered, drill, exp } = JSON.parse(child.stdout.trim().split('\n').pop())
    console.log(
      `  ${dialect}: dashboard of one community (${d.houses} houses) p50 ${dashboard.p50_ms} ms, p95 ${dashboard.p95_ms} ms (CPU p50 ${dashboard.cpu_p50_ms} ms, load ${dashboard.load_avg_1m}); one building p95 ${filtered.p95_ms} ms; drill-down p95 ${drill.p95_ms} ms; export p50 ${exp.p50_ms} ms, p95 ${exp.p95_ms} ms`
    )
    return {
      seed_s,
      cases: totals.cases,
      stage_events: totals.events,
      defects: totals.defects,
      survey_answers: totals.responses,
      community_houses: d.houses,
      ...dashboard,
      building_filter: filtered,
      drill_down: drill,
      export: exp
    }
  } finally {
    await handle.destroy().catch(() => undefined)
    await dropSchema().catch(() => undefined)
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

async function main() {
  if (!fs.existsSync(path.join(DIST, 'app.js'))) throw new Error(`${DIST} is missing: run \`npm run build:server\``)
  console.log(`dashboard: ${COMMUNITIES} communities × ${HOUSES} houses, ${REQUESTS} requests of one community, ${os.cpus().length} CPUs`)
  const out = { houses: COMMUNITIES * HOUSES, communities: COMMUNITIES, houses_per_community: HOUSES, sqlite: await one('sqlite') }
  if (process.env.DATABASE_URL) out.postgres = await one('postgres')
  else console.log('  postgres: skipped (DATABASE_URL is not set)')
  // the export figures side by side, as the section's summary
  out.export = { sqlite: out.sqlite.export, ...(out.postgres ? { postgres: out.postgres.export } : {}) }
  const file = path.join(__dirname, 'results.json')
  let results = {}
  try {
    results = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    results = {}
  }
  results.dashboard = out
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n')
  console.log('wrote the dashboard section of bench/results.json')
}

if (require.main === module && process.env.BENCH_DASH_MEASURE) {
  measure(JSON.parse(process.env.BENCH_DASH_MEASURE)).catch((err) => {
    console.error(err)
    process.exit(1)
  })
} else if (require.main === module) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
} else {
  module.exports = { seedCommunity }
}

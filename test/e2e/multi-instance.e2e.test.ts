/*
 * Two API instances on one PostgreSQL and one S3-protocol server (issue 11). Runs only when
 * DATABASE_URL is set; needs the compiled server (npm test builds it before this project).
 *
 * Setup: a scratch database (CREATE DATABASE, dropped at the end, even on failure), s3rver
 * behind its SigV4-verifying front (test/support/s3rver.ts), instance A started first (migrates,
 * seeds the demo and its living activity once), then B with MIGRATE=0 SEED_DEMO=0 once A is
 * ready. Each has its own DATA_DIR: nothing on a local disk is shared. PUBLIC_URL of both is
 * B's address, as a load balancer's would be: the sandbox's payment notifications go to B.
 * Every process is killed and the database dropped in afterAll.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { demoOwnerCredentials } from '../../server/src/seed/demo'
import { startS3rver, S3RVER_KEY, S3RVER_SECRET, type TestS3 } from '../support/s3rver'

const ROOT = path.resolve(__dirname, '../..')
const ENTRY = process.env.ANJIA_E2E_SERVER_ENTRY ?? path.join(ROOT, 'server/dist/server/src/server.js')
const PG_URL = process.env.DATABASE_URL
const SECRET = crypto.createHash('sha256').update('anjia-multi-instance').digest('hex')
// a PNG that decodes (uploads are decoded and re-encoded)
const PNG_1x1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000970485973000003e8000003e801b57b526b' +
    '0000000d4944415408d763f8ffffff7f0009fb03fdd1838cf00000000049454e44ae426082',
  'hex'
)

jest.setTimeout(180_000)

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
  })
}

interface Instance {
  name: string
  url: string
  child: ChildProcess
  logs: string[]
  exit: Promise<number | null>
  dataDir: string
}

/** Counts every request the suite sends (the report says how many). */
let sent = 0

/** One simulated client behind the proxy: its own address in X-Forwarded-For. */
function forwardedFor(label: string): Record<string, string> {
  const h = crypto.createHash('sha256').update(label).digest()
  return { 'x-forwarded-for': `10.${h[0]}.${h[1]}.${h[2]}` }
}

async function call(base: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  sent++
  const res = await fetch(base + url, {
    method,
    headers: { ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body)
  })
  const text = await res.text()
  let json: any = null
  try {
    json = JSON.parse(text)
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

const run = PG_URL ? describe : describe.skip

run('two API instances, one PostgreSQL, one S3 store', () => {
  const dbName = `anjia_multi_${process.pid}_${crypto.randomBytes(3).toString('hex')}`
  let dbUrl = ''
  let s3: TestS3
  let A: Instance
  let B: Instance
  const started: Instance[] = []
  const t0 = Date.now()

  async function startInstance(name: string, port: number, env: Record<string, string>): Promise<Instance> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `anjia-multi-${name}-`))
    const logs: string[] = []
    const child = spawn(process.execPath, [ENTRY], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_PATH: path.join(ROOT, 'node_modules'),
        DATABASE_URL: dbUrl,
        ANJIA_SECRET_KEY: SECRET,
        DATA_DIR: dataDir,
        WEB_ROOT: path.join(dataDir, 'no-web'),
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        // the test's callers stand behind a proxy on loopback: each sends its address in X-Forwarded-For
        TRUST_PROXY: '127.0.0.1',
        RATE_LIMIT_MAX: '100000',
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: s3.bucket,
        S3_ACCESS_KEY: S3RVER_KEY,
        S3_SECRET_KEY: S3RVER_SECRET,
        ...env
      },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    child.stdout!.on('data', (d) => logs.push(String(d)))
    child.stderr!.on('data', (d) => logs.push(String(d)))
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    const inst: Instance = { name, url: `http://127.0.0.1:${port}`, child, logs, exit, dataDir }
    started.push(inst)
    const deadline = Date.now() + 90_000
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${logs.join('')}`)
      try {
        const res = await fetch(`${inst.url}/api/ready`)
        if (res.status === 200) break
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error(`${name} not ready within 90 s:\n${logs.join('')}`)
      await new Promise((r) => setTimeout(r, 200))
    }
    return inst
  }

  beforeAll(async () => {
    if (!fs.existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: npm test compiles the server before this project`)
    const admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${dbName}`)
    await admin.end()
    const u = new URL(PG_URL!)
    u.pathname = `/${dbName}`
    dbUrl = u.toString()
    s3 = await startS3rver()
    const [portA, portB] = [await freePort(), await freePort()]
    const lb = `http://127.0.0.1:${portB}`
    // A first: it migrates and seeds the demo (and its activity) exactly once
    A = await startInstance('A', portA, { PUBLIC_URL: lb, SEED_DEMO: '1', SCHEDULER: '1', LOG_LEVEL: 'info' })
    B = await startInstance('B', portB, { PUBLIC_URL: lb, SEED_DEMO: '0', MIGRATE: '0', SCHEDULER: '1' })
  }, 240_000)

  afterAll(async () => {
    for (const i of started) {
      if (i.child.exitCode === null && i.child.signalCode === null) {
        i.child.kill('SIGKILL')
        await i.exit
      }
      fs.rmSync(i.dataDir, { recursive: true, force: true })
    }
    await s3?.close().catch(() => undefined)
    const admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined)
    await admin.end()
    // eslint-disable-next-line no-console
    console.log(`two-instance suite: ${sent} requests over HTTP in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  })

  const query = async <T = any>(text: string, params: unknown[] = []): Promise<T[]> => {
    const c = new pg.Client({ connectionString: dbUrl })
    await c.connect()
    try {
      return (await c.query(text, params)).rows as T[]
    } finally {
      await c.end()
    }
  }

  async function verify(inst: Instance, houseIndex: number) {
    const c = demoOwnerCredentials(houseIndex)
    const r = await call(inst.url, 'POST', '/api/owner/verify', { token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail }, forwardedFor(`multi-${houseIndex}-${Math.random()}`))
    if (r.status !== 200) throw new Error(`verify ${houseIndex} on ${inst.name}: ${r.status} ${r.text}`)
    return r.json as { sessionToken: string; house: { id: number } }
  }

  async function staffToken(inst: Instance, role: string) {
    const r = await call(inst.url, 'POST', '/api/staff/login', { username: role, password: `anjia-${role}-2026` })
    if (r.status !== 200) throw new Error(`staff login ${role}: ${r.status} ${r.text}`)
    return r.json.token as string
  }

  test('the demo was seeded once, and both instances are ready', async () => {
    expect((await query('select count(*)::int as n from communities'))[0].n).toBe(1)
    expect((await call(A.url, 'GET', '/api/ready')).json).toEqual({ status: 'ready', decryptFailures: 0 })
    expect((await call(B.url, 'GET', '/api/ready')).json).toEqual({ status: 'ready', decryptFailures: 0 })
  })

  test('an owner uploads an ID photo on A; the reviewer opens it on B (from the bucket)', async () => {
    const s = await verify(A, 60)
    expect((await call(A.url, 'POST', '/api/owner/consents', { kind: 'id_photo' }, bearer(s.sessionToken))).status).toBe(200)
    const form = new FormData()
    form.append('file', new Blob([PNG_1x1], { type: 'application/octet-stream' }), 'id.png')
    const up = await call(A.url, 'POST', '/api/owner/documents/owner_id_card/files', form, bearer(s.sessionToken))
    expect(up.status).toBe(200)
    const key = (await query('select storage_key from uploads where id = $1', [up.json.upload.id]))[0].storage_key
    expect(s3.keys()).toContain(key)
    const reviewer = await staffToken(B, 'reviewer')
    sent++
    const res = await fetch(`${B.url}/api/staff/files/${up.json.upload.id}`, { headers: bearer(reviewer) })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    // the stored (re-encoded, metadata-free) image: a PNG of the size the upload reported
    const served = Buffer.from(await res.arrayBuffer())
    expect(served.subarray(0, 8).equals(PNG_1x1.subarray(0, 8))).toBe(true)
    expect(served.length).toBe(up.json.upload.size)
    // and the owner reads it back through B as well
    const own = await call(B.url, 'GET', up.json.upload.url, undefined, bearer(s.sessionToken))
    expect(own.status).toBe(200)
  })

  test('a booking rush split across both instances: never more bookings than seats', async () => {
    const houses = Array.from({ length: 12 }, (_, i) => 70 + i)
    const sessions = await Promise.all(houses.map((h, i) => verify(i % 2 ? B : A, h)))
    const caseIds = (await query<{ id: number }>('select id from move_in_cases where house_id = any($1::int[])', [sessions.map((s) => s.house.id)])).map((r) => r.id)
    expect(caseIds).toHaveLength(houses.length)
    // their documents are approved (a reviewer's work, done here in SQL to keep the suite short)
    const now = new Date().toISOString()
    for (const caseId of caseIds) {
      for (const item of ['owner_id_card', 'purchase_contract']) {
        await query(
          `insert into document_submissions (case_id, item_code, status, reason, submitted_at, reviewed_by, reviewed_at, updated_at)
           values ($1, $2, 'approved', null, $3, null, $3, $3)
           on conflict (case_id, item_code) do update set status = 'approved'`,
          [caseId, item, now]
        )
      }
    }
    const house = (await query<{ batch: string; community_id: number }>('select batch, community_id from houses where id = $1', [sessions[0].house.id]))[0]
    // all twelve in one batch (floors differ), so they race for the same slot
    await query('update houses set batch = $1 where id = any($2::int[])', [house.batch, sessions.map((s) => s.house.id)])
    const d = new Date(Date.now() + 6 * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10)
    const slot = (
      await query<{ id: number }>(
        `insert into slots (community_id, batch, date, start_time, end_time, capacity, booked) values ($1, $2, $3, '21:00', '22:00', 3, 0) returning id`,
        [house.community_id, house.batch, d]
      )
    )[0].id
    const results = await Promise.all(
      sessions.map((s, i) => call((i % 2 ? A : B).url, 'POST', '/api/owner/reservation', { slotId: slot, idempotencyKey: `multi-rush-${i}-${process.pid}` }, bearer(s.sessionToken)))
    )
    const ok = results.filter((r) => r.status === 200)
    const full = results.filter((r) => r.status === 409 && r.json?.error?.code === 'SLOT_FULL')
    expect({ ok: ok.length, full: full.length, other: results.filter((r) => !ok.includes(r) && !full.includes(r)).map((r) => `${r.status} ${r.text}`) }).toEqual({ ok: 3, full: 9, other: [] })
    const active = (await query<{ n: number }>(`select count(*)::int as n from reservations where slot_id = $1 and status = 'active'`, [slot]))[0].n
    const booked = (await query<{ booked: number }>('select booked from slots where id = $1', [slot]))[0].booked
    expect({ active, booked }).toEqual({ active: 3, booked: 3 })
  })

  test('a payment created on A is notified to B and paid exactly once', async () => {
    const s = await verify(A, 84)
    const created = await call(A.url, 'POST', '/api/owner/payments', { idempotencyKey: `multi-pay-${process.pid}-xxxxxxxx`, platform: 'h5' }, bearer(s.sessionToken))
    expect(created.status).toBe(200)
    const orderId = created.json.order.id
    // the sandbox cashier on A pays; "WeChat" posts the signed notification to PUBLIC_URL = B
    const paid = await call(A.url, 'POST', `/api/owner/payments/${orderId}/sandbox-pay`, {}, bearer(s.sessionToken))
    expect(paid.status).toBe(200)
    expect(paid.json).toMatchObject({ status: 'paid', receiptId: expect.any(Number) })
    const notes = await query<{ n: number }>('select count(*)::int as n from payment_notifications where order_id = $1', [orderId])
    expect(notes[0].n).toBe(1)
    expect((await query<{ n: number }>('select count(*)::int as n from receipts where payment_order_id = $1', [orderId]))[0].n).toBe(1)
    // B sees the same order paid
    const onB = await call(B.url, 'GET', `/api/owner/payments/${orderId}`, undefined, bearer(s.sessionToken))
    expect(onB.json).toMatchObject({ status: 'paid' })
    expect(A.logs.join('') + B.logs.join('')).not.toMatch(/notification.*(fail|invalid)/i)
  })

  test('a verification burst split across both instances: at most 5 guesses evaluated for one house', async () => {
    const c = demoOwnerCredentials(90)
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        call((i % 2 ? A : B).url, 'POST', '/api/owner/verify', { token: c.token, ownerName: c.ownerName, ownerIdTail: '000000' }, forwardedFor(`burst-${i}-${Math.random()}`))
      )
    )
    const codes = results.map((r) => r.json?.error?.code ?? String(r.status))
    // eslint-disable-next-line no-console
    console.log(`verification burst: ${codes.filter((x) => x !== 'RATE_LIMITED').length} of 16 evaluated (${codes.join(' ')})`)
    const evaluated = codes.filter((x) => x !== 'RATE_LIMITED')
    const limited = codes.filter((x) => x === 'RATE_LIMITED')
    expect(evaluated.length + limited.length).toBe(16)
    expect(evaluated.length).toBeLessThanOrEqual(5)
    expect(limited.length).toBeGreaterThanOrEqual(11)
    // the right answer is refused too while the house is limited
    const right = await call(B.url, 'POST', '/api/owner/verify', { token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail }, forwardedFor('burst-right'))
    expect(right.json?.error?.code).toBe('RATE_LIMITED')
  })

  test('A gets SIGTERM mid-rush: every answered request is correct, A exits 0, B keeps serving', async () => {
    const s = await verify(B, 95)
    const expected = (await call(B.url, 'GET', '/api/owner/progress', undefined, bearer(s.sessionToken))).json
    const outcomes: { inst: string; kind: 'ok' | '503' | 'refused' | 'wrong'; detail?: string }[] = []
    const one = async (inst: Instance) => {
      try {
        const r = await call(inst.url, 'GET', '/api/owner/progress', undefined, bearer(s.sessionToken))
        if (r.status === 200 && JSON.stringify(r.json.stages) === JSON.stringify(expected.stages)) outcomes.push({ inst: inst.name, kind: 'ok' })
        else if (r.status === 503 && inst === A) outcomes.push({ inst: inst.name, kind: '503' })
        else outcomes.push({ inst: inst.name, kind: 'wrong', detail: `${r.status} ${r.text.slice(0, 200)}` })
      } catch {
        outcomes.push({ inst: inst.name, kind: 'refused' }) // no answer: the client retries elsewhere
      }
    }
    const rush: Promise<void>[] = []
    for (let i = 0; i < 60; i++) {
      rush.push(one(i % 2 ? B : A))
      if (i === 20) A.child.kill('SIGTERM')
      await new Promise((r) => setTimeout(r, 10))
    }
    await Promise.all(rush)
    const code = await Promise.race([A.exit, new Promise<string>((r) => setTimeout(() => r('timeout'), 15_000))])
    expect({ code, log: code === 0 ? '' : A.logs.join('').slice(-3000) }).toEqual({ code: 0, log: '' })
    expect(outcomes.filter((o) => o.kind === 'wrong')).toEqual([])
    expect(outcomes.filter((o) => o.inst === 'B').every((o) => o.kind === 'ok')).toBe(true)
    expect(outcomes.filter((o) => o.inst === 'A' && o.kind === 'ok').length).toBeGreaterThan(0)
    // B still serves after A is gone
    expect((await call(B.url, 'GET', '/api/ready')).status).toBe(200)
  })
})

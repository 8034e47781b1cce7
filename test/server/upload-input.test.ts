/*
 * Bad multipart bodies on every upload route, and authentication before validation.
 * Each malformed request must answer 4xx with a stable code and write nothing (no upload
 * row, no object in the store); a request without a session is 401 whatever its body.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Fastify from 'fastify'
import { registerAuth } from '../../server/src/plugins/auth'
import { PNG_1x1, bearer, createTestApp, dialects, multipart, staffLogin, verifyAs, type TestApp } from './harness'

const MAX = 64 * 1024

interface Case {
  name: string
  headers: Record<string, string>
  payload: Buffer | string
  status: number
  code: string
}

function part(boundary: string, name: string, filename: string | null, body: Buffer | string): Buffer {
  const disp = filename === null ? `form-data; name="${name}"` : `form-data; name="${name}"; filename="${filename}"`
  return Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: ${disp}\r\nContent-Type: application/octet-stream\r\n\r\n`), Buffer.from(body), Buffer.from('\r\n')])
}

/**
 * The malformed requests sent to every upload route; `file` is a file the route accepts.
 * A body that ends before any file part is complete (the parser stops quietly at the cut)
 * carries no file: FILE_EMPTY; everything else that is malformed: MULTIPART_INVALID.
 */
function malformed(file: Buffer): Case[] {
  const b = 'anjia' + crypto.randomBytes(6).toString('hex')
  const ct = { 'content-type': `multipart/form-data; boundary=${b}` }
  const whole = Buffer.concat([part(b, 'file', 'a.bin', file), Buffer.from(`--${b}--\r\n`)])
  const bad = (name: string, headers: Record<string, string>, payload: Buffer | string, code = 'MULTIPART_INVALID', status = 400): Case => ({ name, headers, payload, status, code })
  return [
    bad('no boundary', { 'content-type': 'multipart/form-data' }, whole),
    bad('empty boundary', { 'content-type': 'multipart/form-data; boundary=' }, whole, 'FILE_EMPTY'),
    bad('boundary over 70 characters', { 'content-type': `multipart/form-data; boundary=${'x'.repeat(200)}` }, whole, 'FILE_EMPTY'),
    bad('a boundary the body does not use', { 'content-type': 'multipart/form-data; boundary=other' }, whole, 'FILE_EMPTY'),
    bad('cut off in the middle of the file', ct, whole.subarray(0, whole.length - Math.floor(file.length / 2) - 20)),
    bad('cut off in the part headers', ct, Buffer.from(`--${b}\r\nContent-Disposition: form-da`), 'FILE_EMPTY'),
    bad('cut off right after the opening boundary', ct, Buffer.from(`--${b}\r\n`), 'FILE_EMPTY'),
    bad('garbage after the boundary line', ct, Buffer.concat([Buffer.from(`--${b}\r\n`), crypto.randomBytes(2048)]), 'FILE_EMPTY'),
    bad('a part without Content-Disposition', ct, Buffer.from(`--${b}\r\nContent-Type: image/png\r\n\r\n${'x'.repeat(10)}\r\n--${b}--\r\n`), 'FILE_EMPTY'),
    bad('an empty body', ct, Buffer.alloc(0), 'FILE_EMPTY'),
    bad('only a text field', ct, Buffer.concat([part(b, 'note', null, 'hello'), Buffer.from(`--${b}--\r\n`)])),
    bad('the file under another field name', ct, Buffer.concat([part(b, 'photo', 'a.bin', file), Buffer.from(`--${b}--\r\n`)])),
    bad('two files', ct, Buffer.concat([part(b, 'file', 'a.bin', file), part(b, 'file', 'b.bin', file), Buffer.from(`--${b}--\r\n`)])),
    bad('too many parts', ct, Buffer.concat([...Array.from({ length: 8 }, (_, i) => part(b, `f${i}`, null, 'x')), part(b, 'file', 'a.bin', file), Buffer.from(`--${b}--\r\n`)])),
    bad('an over-long field', ct, Buffer.concat([part(b, 'note', null, 'x'.repeat(5000)), part(b, 'file', 'a.bin', file), Buffer.from(`--${b}--\r\n`)])),
    bad('a file over the size limit', ct, Buffer.concat([part(b, 'file', 'big.bin', Buffer.concat([file, Buffer.alloc(MAX + 1024)])), Buffer.from(`--${b}--\r\n`)]), 'FILE_TOO_LARGE', 413),
    bad('text/plain', { 'content-type': 'text/plain' }, 'hello', 'BAD_REQUEST'),
    bad('JSON', { 'content-type': 'application/json' }, '{"file":"x"}', 'BAD_REQUEST'),
    bad('a form', { 'content-type': 'application/x-www-form-urlencoded' }, 'file=x', 'BAD_REQUEST'),
    bad('no content type', {}, 'hello', 'BAD_REQUEST')
  ]
}

function filesUnder(dir: string): number {
  if (!fs.existsSync(dir)) return 0
  let n = 0
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? filesUnder(path.join(dir, e.name)) : 1
  return n
}

describe.each(dialects())('malformed uploads and authentication first (%s)', (dialect) => {
  let t: TestApp
  let owner: string
  let inspector: string
  let manager: string
  let inspectionId: number
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { uploadMaxBytes: MAX } })
    owner = (await verifyAs(t, 30)).sessionToken
    inspector = await staffLogin(t, 'inspector')
    manager = await staffLogin(t, 'manager')
    // an inspection to upload photos to: a case checked in today
    const s = await verifyAs(t, 31)
    const c = await t.db.handle.db.selectFrom('move_in_cases').select('id').where('house_id', '=', s.house.id).executeTakeFirstOrThrow()
    const at = t.clock.now().toISOString()
    await t.db.handle.db.insertInto('checkins').values({ case_id: c.id, date: at.slice(0, 10), queue_no: 1, arrived_at: at, called_at: null, finished_at: null } as never).execute()
    const started = await t.app.inject({ method: 'POST', url: '/api/staff/inspections', headers: bearer(inspector), payload: { caseId: Number(c.id) } })
    expect(started.statusCode).toBe(201)
    inspectionId = started.json().id
  })
  afterAll(async () => t.close())

  const CSV = Buffer.from('楼栋,单元,房号,业主姓名,手机号,身份证号\n')
  const routes = () => [
    { name: 'document page', url: '/api/owner/documents/purchase_contract/files', token: owner, file: PNG_1x1 },
    { name: 'inspection photo', url: `/api/staff/inspections/${inspectionId}/photos`, token: inspector, file: PNG_1x1 },
    { name: 'owner list import', url: '/api/staff/imports/houses?dryRun=false', token: manager, file: CSV }
  ]

  const written = async () => {
    const uploads = await t.db.handle.db.selectFrom('uploads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const houses = await t.db.handle.db.selectFrom('houses').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    return { uploads: Number(uploads.n), houses: Number(houses.n), files: filesUnder(path.join(t.db.dataDir, 'uploads')) }
  }

  test('every malformed multipart request on every upload route is 4xx with a stable code and writes nothing', async () => {
    const before = await written()
    const wrong: string[] = []
    let fivexx = 0
    let sent = 0
    for (const r of routes()) {
      for (const c of malformed(r.file)) {
        const res = await t.app.inject({ method: 'POST', url: r.url, headers: { ...bearer(r.token), ...c.headers }, payload: c.payload })
        sent++
        if (res.statusCode >= 500) fivexx++
        let code: unknown
        try {
          code = res.json().error?.code
        } catch {
          code = `non-JSON ${res.body.slice(0, 40)}`
        }
        if (res.statusCode !== c.status || code !== c.code) wrong.push(`${r.name} / ${c.name}: ${res.statusCode} ${String(code)} (want ${c.status} ${c.code})`)
      }
    }
    // the figure for the record: how many of these requests answered 5xx
    console.log(`malformed multipart probe: ${sent} requests, ${fivexx} answered 5xx`)
    expect(wrong).toEqual([])
    expect(fivexx).toBe(0)
    expect(await written()).toEqual(before)
  })

  test('the well-formed request still works on each route (the matrix above is not refusing everything)', async () => {
    for (const r of routes()) {
      const m = multipart(r.file, 'a.png')
      const res = await t.app.inject({ method: 'POST', url: r.url.replace('dryRun=false', 'dryRun=true'), headers: { ...bearer(r.token), ...m.headers }, payload: m.payload })
      // the import reads the file and judges its columns: its own IMPORT_* answer shows it got the file
      expect([r.name, res.statusCode]).toEqual([r.name, r.name === 'owner list import' ? 400 : 200])
      if (r.name === 'owner list import') expect(res.json().error.code).toMatch(/^IMPORT_/)
    }
  })

  test('without a session an upload is 401 before its body is read, however malformed', async () => {
    const before = await written()
    for (const r of routes()) {
      for (const c of malformed(r.file)) {
        const res = await t.app.inject({ method: 'POST', url: r.url, headers: c.headers, payload: c.payload })
        expect([r.name, c.name, res.statusCode, res.json().error.code]).toEqual([r.name, c.name, 401, 'UNAUTHORIZED'])
      }
    }
    expect(await written()).toEqual(before)
  })

  test('an invalid body, query or path on an authenticated route without a token is 401, not 400', async () => {
    const cases: { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: string; type?: string }[] = [
      { method: 'POST', url: '/api/owner/consents', payload: '{}' },
      { method: 'POST', url: '/api/owner/consents', payload: '{"kind": ', type: 'application/json' },
      { method: 'POST', url: '/api/owner/consents', payload: 'kind=x', type: 'text/plain' },
      { method: 'GET', url: '/api/owner/files/not-a-number' },
      { method: 'POST', url: '/api/staff/delegates/abc/review', payload: '{"decision":"maybe"}' },
      { method: 'GET', url: '/api/staff/houses?pageSize=100000' },
      { method: 'PUT', url: '/api/staff/setup/profile', payload: '{"unexpected":true}' },
      { method: 'POST', url: `/api/staff/inspections/${inspectionId}/defects`, payload: '[]' }
    ]
    for (const c of cases) {
      const res = await t.app.inject({ method: c.method, url: c.url, headers: { 'content-type': c.type ?? 'application/json' }, ...(c.payload !== undefined ? { payload: c.payload } : {}) })
      expect([c.method, c.url, c.payload, res.statusCode, res.json().error.code]).toEqual([c.method, c.url, c.payload, 401, 'UNAUTHORIZED'])
    }
    // with a session, the same invalid body is still a 400 validation error
    const res = await t.app.inject({ method: 'POST', url: '/api/owner/consents', headers: bearer(owner), payload: {} })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('VALIDATION_FAILED')
    // and a staff member of the wrong role is 403 before validation too
    const wrongRole = await t.app.inject({ method: 'PUT', url: '/api/staff/setup/profile', headers: bearer(inspector), payload: { unexpected: true } })
    expect(wrongRole.statusCode).toBe(403)
  })

  test('the start-up check still refuses an owner or staff route without its guard', async () => {
    const unguarded = async (url: string) => {
      const app = Fastify()
      registerAuth(app)
      app.get(url, async () => ({ ok: true }))
      try {
        await app.ready()
      } finally {
        await app.close()
      }
    }
    await expect(unguarded('/api/staff/secret')).rejects.toThrow(/must use app.requireStaff/)
    await expect(unguarded('/api/owner/secret')).rejects.toThrow(/must use app.requireOwner/)
  })
})

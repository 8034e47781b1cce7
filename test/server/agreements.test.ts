import { createHash } from 'node:crypto'
import { bearer, createTestApp, dialects, makeIdNumber, staffLogin, verifyAs, type TestApp } from './harness'
import { blankPng, dataUrl, makePng, signedPng } from './agreements-png'
import { countInkPixels, decodeSignaturePng, saveSignatureImage } from '../../server/src/modules/agreements/signature'

const sha = (d: string | Buffer) => createHash('sha256').update(d).digest('hex')

/** Independent recomputation of the documented digest (types/agreements.ts). */
function expectedDigest(body: string, png: Buffer, houseId: number, signedAt: string) {
  return sha(`anjia-agreement-v1\n${sha(Buffer.from(body, 'utf8'))}\n${sha(png)}\n${houseId}\n${signedAt}`)
}

describe.each(dialects())('e-signed agreements (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => t.close())

  const list = (token: string) => t.app.inject({ method: 'GET', url: '/api/owner/agreements', headers: bearer(token) })
  const detail = (token: string, id: number) => t.app.inject({ method: 'GET', url: `/api/owner/agreements/${id}`, headers: bearer(token) })
  const sign = (token: string, id: number, body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/owner/agreements/${id}/sign`, headers: bearer(token), payload: body })
  const progress = async (token: string) =>
    (await t.app.inject({ method: 'GET', url: '/api/owner/progress', headers: bearer(token) })).json() as {
      stages: { stage: string; status: string }[]
    }
  const stageOf = async (token: string, stage: string) => (await progress(token)).stages.find((s) => s.stage === stage)?.status

  test('lists both agreements unsigned, with the full text on demand', async () => {
    const s = await verifyAs(t, 10)
    const res = await list(s.sessionToken)
    expect(res.statusCode).toBe(200)
    const items = res.json().items
    expect(items.map((i: { kind: string }) => i.kind).sort()).toEqual(['fee_collection', 'property_service'])
    expect(items.every((i: { signed: boolean; version: number }) => !i.signed && i.version === 1)).toBe(true)
    const d = await detail(s.sessionToken, items[0].id)
    expect(d.statusCode).toBe(200)
    expect(d.json().body).toContain('第一条')
    expect(d.json().houseLabel).toBe(s.house.label)
  })

  test('signing both completes the agreements stage; the hash verifies; a second signature is refused', async () => {
    const s = await verifyAs(t, 11)
    const items = (await list(s.sessionToken)).json().items as { id: number; version: number; title: string }[]
    expect(await stageOf(s.sessionToken, 'agreements')).toBe('available')

    const png1 = signedPng(1)
    const first = await sign(s.sessionToken, items[0].id, { signaturePng: dataUrl(png1), readToEnd: true, version: items[0].version })
    expect(first.statusCode).toBe(200)
    const copy = first.json()
    expect(copy.signedAt).toBe(t.clock.now().toISOString())
    expect(copy.signer).toMatch(/^业主 /)
    const body = (await detail(s.sessionToken, items[0].id)).json().body
    expect(copy.sha256).toBe(expectedDigest(body, png1, s.house.id, copy.signedAt))
    expect(await stageOf(s.sessionToken, 'agreements')).toBe('in_progress')

    const png2 = signedPng(2)
    const second = await sign(s.sessionToken, items[1].id, { signaturePng: dataUrl(png2), readToEnd: true, version: items[1].version })
    expect(second.statusCode).toBe(200)
    expect(await stageOf(s.sessionToken, 'agreements')).toBe('done')

    const again = await sign(s.sessionToken, items[0].id, { signaturePng: dataUrl(png1), readToEnd: true, version: items[0].version })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('ALREADY_SIGNED')

    // the signed copy and its image, byte for byte
    const signed = await t.app.inject({ method: 'GET', url: `/api/owner/agreements/${items[1].id}/signed`, headers: bearer(s.sessionToken) })
    expect(signed.statusCode).toBe(200)
    const img = await t.app.inject({ method: 'GET', url: signed.json().signatureUrl, headers: bearer(s.sessionToken) })
    expect(img.statusCode).toBe(200)
    expect(img.headers['content-type']).toBe('image/png')
    expect(img.rawPayload.equals(png2)).toBe(true)
    expect(signed.json().sha256).toBe(expectedDigest(signed.json().body, img.rawPayload, s.house.id, signed.json().signedAt))

    const l = (await list(s.sessionToken)).json().items
    expect(l.every((i: { signed: boolean }) => i.signed)).toBe(true)

    // events recorded for the stage, and the owner was notified
    const events = await t.db.handle.db.selectFrom('case_events').select(['stage', 'to_status']).where('stage', '=', 'agreements').execute()
    expect(events.map((e) => e.to_status)).toEqual(expect.arrayContaining(['in_progress', 'done']))
    // signing them one after another is one message naming each agreement (not one per signature)
    const notes = await t.db.handle.db.selectFrom('notifications').select(['kind', 'title', 'body']).where('kind', '=', 'agreement_signed').execute()
    const mine = notes.find((n) => n.title === `${l.length}份协议已签署`)!
    expect(mine).toBeDefined()
    expect(mine.body.split('\n')).toHaveLength(l.length)
    for (const a of l) expect(mine.body).toContain(`《${a.title}》`)
  })

  test('refuses a signature when the text was not read to the end', async () => {
    const s = await verifyAs(t, 12)
    const [a] = (await list(s.sessionToken)).json().items
    const res = await sign(s.sessionToken, a.id, { signaturePng: dataUrl(signedPng()), readToEnd: false, version: a.version })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('AGREEMENT_NOT_READ')
    expect((await list(s.sessionToken)).json().items[0].signed).toBe(false)
  })

  test.each([
    ['not a data URL', 'hello', 400, 'SIGNATURE_INVALID'],
    ['a JPEG data URL', `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]).toString('base64')}`, 415, 'UNSUPPORTED_FILE_TYPE'],
    ['PNG label over PDF bytes', `data:image/png;base64,${Buffer.from('%PDF-1.4 fake pdf body').toString('base64')}`, 415, 'UNSUPPORTED_FILE_TYPE'],
    ['broken base64', 'data:image/png;base64,@@@@', 400, 'SIGNATURE_INVALID'],
    ['a blank pad', dataUrl(blankPng()), 400, 'SIGNATURE_EMPTY'],
    ['a fully transparent pad', dataUrl(makePng(80, 40, () => [0, 0, 0, 0])), 400, 'SIGNATURE_EMPTY'],
    ['a truncated PNG', dataUrl(signedPng().subarray(0, 40)), 400, 'SIGNATURE_INVALID'],
    ['an image over 1 MB', `data:image/png;base64,${Buffer.alloc(1024 * 1024 + 10, 1).toString('base64')}`, 413, 'SIGNATURE_TOO_LARGE']
  ])('refuses %s with %s %s', async (_name, signaturePng, status, code) => {
    const s = await verifyAs(t, 13)
    const [a] = (await list(s.sessionToken)).json().items
    const res = await sign(s.sessionToken, a.id, { signaturePng, readToEnd: true, version: a.version })
    expect(res.statusCode).toBe(status)
    expect(res.json().error.code).toBe(code)
  })

  test('a body far beyond the limit is 413, not 500', async () => {
    const s = await verifyAs(t, 13)
    const [a] = (await list(s.sessionToken)).json().items
    const res = await sign(s.sessionToken, a.id, { signaturePng: 'data:image/png;base64,' + 'A'.repeat(3 * 1024 * 1024), readToEnd: true, version: a.version })
    expect(res.statusCode).toBe(413)
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  test('another house cannot open the signed copy or its signature image', async () => {
    const owner = await verifyAs(t, 14)
    const other = await verifyAs(t, 15)
    const [a] = (await list(owner.sessionToken)).json().items
    const res = await sign(owner.sessionToken, a.id, { signaturePng: dataUrl(signedPng()), readToEnd: true, version: a.version })
    expect(res.statusCode).toBe(200)
    const url = res.json().signatureUrl

    const copy = await t.app.inject({ method: 'GET', url: `/api/owner/agreements/${a.id}/signed`, headers: bearer(other.sessionToken) })
    expect(copy.statusCode).toBe(404)
    const img = await t.app.inject({ method: 'GET', url, headers: bearer(other.sessionToken) })
    expect(img.statusCode).toBe(404)
    expect(img.rawPayload.subarray(0, 4).toString('latin1')).not.toBe('\x89PNG')
    const anon = await t.app.inject({ method: 'GET', url })
    expect(anon.statusCode).toBe(401)
  })

  test('a delegate whose power of attorney is not approved cannot sign yet (409 STAGE_LOCKED)', async () => {
    const s = await verifyAs(t, 16, { delegate: { name: '钱委托', idNumber: makeIdNumber() } })
    const [a] = (await list(s.sessionToken)).json().items
    const res = await sign(s.sessionToken, a.id, { signaturePng: dataUrl(signedPng()), readToEnd: true, version: a.version })
    expect(res.statusCode).toBe(409)
    expect(res.json().error.code).toBe('STAGE_LOCKED')
  })

  test('a new version makes an unread old one stale, and keeps what was signed signed', async () => {
    const early = await verifyAs(t, 17)
    const late = await verifyAs(t, 18)
    const before = (await list(early.sessionToken)).json().items as { id: number; kind: string; version: number }[]
    const ps = before.find((i) => i.kind === 'property_service')!
    const manager = await staffLogin(t, 'manager')
    const countOf = async (id: number) =>
      (await t.app.inject({ method: 'GET', url: '/api/staff/agreements', headers: bearer(manager) })).json().items.find((i: { id: number }) => i.id === id)
    const signedBefore = (await countOf(ps.id)).signedCount as number
    const signedEarly = await sign(early.sessionToken, ps.id, { signaturePng: dataUrl(signedPng()), readToEnd: true, version: 1 })
    expect(signedEarly.statusCode).toBe(200)

    const pub = await t.app.inject({
      method: 'POST',
      url: '/api/staff/agreements',
      headers: bearer(manager),
      payload: { kind: 'property_service', title: '物业服务协议', body: '第一条 服务内容（第二版）。乙方提供前期物业服务，具体内容见附件。' }
    })
    expect(pub.statusCode).toBe(201)
    expect(pub.json()).toMatchObject({ version: 2, active: true })

    // the late owner read version 1 and signs it: refused as stale
    const stale = await sign(late.sessionToken, ps.id, { signaturePng: dataUrl(signedPng()), readToEnd: true, version: 1 })
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error.code).toBe('AGREEMENT_VERSION_STALE')
    const v2 = (await list(late.sessionToken)).json().items.find((i: { kind: string }) => i.kind === 'property_service')
    expect(v2).toMatchObject({ version: 2, signed: false })
    const staleVersion = await sign(late.sessionToken, v2.id, { signaturePng: dataUrl(signedPng()), readToEnd: true, version: 1 })
    expect(staleVersion.json().error.code).toBe('AGREEMENT_VERSION_STALE')
    expect((await sign(late.sessionToken, v2.id, { signaturePng: dataUrl(signedPng()), readToEnd: true, version: 2 })).statusCode).toBe(200)

    // the early owner keeps the version-1 signature
    const mine = (await list(early.sessionToken)).json().items.find((i: { kind: string }) => i.kind === 'property_service')
    expect(mine).toMatchObject({ version: 2, signed: true, signedVersion: 1 })
    const copy = await t.app.inject({ method: 'GET', url: `/api/owner/agreements/${mine.id}/signed`, headers: bearer(early.sessionToken) })
    expect(copy.json()).toMatchObject({ version: 1, id: ps.id })

    expect(await countOf(ps.id)).toMatchObject({ active: false, version: 1, signedCount: signedBefore + 1 })
    expect(await countOf(v2.id)).toMatchObject({ active: true, version: 2, signedCount: 1 })
  })

  test('only a manager publishes versions; bad bodies are 400', async () => {
    const reviewer = await staffLogin(t, 'reviewer')
    const forbidden = await t.app.inject({ method: 'POST', url: '/api/staff/agreements', headers: bearer(reviewer), payload: { kind: 'fee_collection', title: '协议', body: 'x'.repeat(30) } })
    expect(forbidden.statusCode).toBe(403)
    const manager = await staffLogin(t, 'manager')
    const bad = await t.app.inject({ method: 'POST', url: '/api/staff/agreements', headers: bearer(manager), payload: { kind: 'other', title: '协议', body: 'x'.repeat(30) } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('VALIDATION_FAILED')
  })

  test('two simultaneous signatures of the same agreement: exactly one wins', async () => {
    const s = await verifyAs(t, 19)
    const a = (await list(s.sessionToken)).json().items.find((i: { kind: string }) => i.kind === 'fee_collection')
    const results = await Promise.all(
      [1, 2, 3].map((n) => sign(s.sessionToken, a.id, { signaturePng: dataUrl(signedPng(n)), readToEnd: true, version: a.version }))
    )
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409])
    expect(results.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === 'ALREADY_SIGNED')).toBe(true)
    const kase = await t.db.handle.db.selectFrom('move_in_cases').select('id').where('house_id', '=', s.house.id).executeTakeFirstOrThrow()
    const rows = await t.db.handle.db.selectFrom('signatures').select('id').where('case_id', '=', kase.id).execute()
    expect(rows).toHaveLength(1)
  })
})

describe('saveSignatureImage', () => {
  const memory = () => {
    const files = new Map<string, Buffer>()
    return { files, storage: { kind: 'local' as const, put: async (k: string, b: Buffer) => void files.set(k, b), get: async (k: string) => files.get(k) ?? null, remove: async (k: string) => void files.delete(k) } }
  }

  test('stores a drawn PNG and returns its key and hash', async () => {
    const m = memory()
    const png = signedPng()
    const saved = await saveSignatureImage(m.storage, dataUrl(png), new Date('2026-03-02T02:00:00Z'))
    expect(saved.key).toMatch(/^2026\/03\/[0-9a-f]{24}\.png$/)
    expect(saved.sha256).toBe(sha(png))
    expect(m.files.get(saved.key)?.equals(png)).toBe(true)
  })

  test('stores nothing for a blank pad', async () => {
    const m = memory()
    await expect(saveSignatureImage(m.storage, dataUrl(blankPng()), new Date())).rejects.toMatchObject({ code: 'SIGNATURE_EMPTY' })
    expect(m.files.size).toBe(0)
  })

  test('decodes every PNG row filter: counts exactly the drawn pixels', () => {
    // a 3-pixel-wide vertical bar on white, 30 rows, rows cycling through filters 0-4
    const bar = (x: number) => x >= 10 && x < 13
    const png = makePng(40, 30, (x) => (bar(x) ? [20, 20, 20, 255] : [255, 255, 255, 255]), { allFilters: true })
    expect(countInkPixels(png)).toBe(3 * 30)
    expect(countInkPixels(makePng(40, 30, () => [255, 255, 255, 255], { allFilters: true }))).toBe(0)
  })

  test('decodeSignaturePng refuses a non-string', () => {
    expect(() => decodeSignaturePng(undefined)).toThrow('请先签名')
  })
})

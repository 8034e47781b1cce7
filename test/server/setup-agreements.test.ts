import { createHash } from 'node:crypto'
import { bearer, createTestApp, dialects, staffLogin, verifyAs, type TestApp } from './harness'
import { dataUrl, signedPng } from './agreements-png'

jest.setTimeout(60000)

const sha = (d: string | Buffer) => createHash('sha256').update(d).digest('hex')
/** Independent recomputation of the documented digest (agreements/service.ts signatureDigest). */
const expectedDigest = (body: string, png: Buffer, houseId: number, signedAt: string) =>
  sha(`anjia-agreement-v1\n${sha(Buffer.from(body, 'utf8'))}\n${sha(png)}\n${houseId}\n${signedAt}`)

const V2_BODY = ['甲方（业主）：见签署信息', '', '第一条 服务内容（第二版）。乙方提供前期物业服务，新增夜间巡逻与快递代收服务。', '第二条 其余条款不变。'].join('\n')

describe.each(dialects())('agreement versions published from set-up (%s)', (dialect) => {
  let t: TestApp
  let manager: string
  beforeAll(async () => {
    t = await createTestApp(dialect)
    manager = await staffLogin(t, 'manager')
  })
  afterAll(async () => t.close())

  const setup = (method: 'GET' | 'POST', payload?: unknown, token = manager) =>
    t.app.inject({ method, url: '/api/staff/setup/agreements', headers: bearer(token), ...(payload ? { payload: payload as object } : {}) })
  const ownerGet = (token: string, url: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) })
  const sign = (token: string, id: number, version: number, png: Buffer) =>
    t.app.inject({ method: 'POST', url: `/api/owner/agreements/${id}/sign`, headers: bearer(token), payload: { signaturePng: dataUrl(png), readToEnd: true, version } })
  const stage = async (token: string) =>
    ((await ownerGet(token, '/api/owner/progress')).json().stages as { stage: string; status: string }[]).find((s) => s.stage === 'agreements')?.status

  test('owner A signs v1; v2 is published; A keeps the v1 copy and stays signed; owner B sees and signs only v2', async () => {
    // owner A signs both v1 agreements
    const a = await verifyAs(t, 20)
    const itemsA = (await ownerGet(a.sessionToken, '/api/owner/agreements')).json().items as { id: number; kind: string; version: number }[]
    const v1 = itemsA.find((i) => i.kind === 'property_service')!
    expect(v1.version).toBe(1)
    const v1Body = (await ownerGet(a.sessionToken, `/api/owner/agreements/${v1.id}`)).json().body as string
    const pngA = signedPng(3)
    const signedA = await sign(a.sessionToken, v1.id, 1, pngA)
    expect(signedA.statusCode).toBe(200)
    const other = itemsA.find((i) => i.kind === 'fee_collection')!
    expect((await sign(a.sessionToken, other.id, other.version, signedPng(4))).statusCode).toBe(200)
    expect(await stage(a.sessionToken)).toBe('done')
    const copyBefore = signedA.json()

    // the manager sees v1 as current, then publishes v2
    const before = (await setup('GET')).json().kinds.find((k: { kind: string }) => k.kind === 'property_service')
    expect(before.current).toMatchObject({ version: 1, active: true, signedCount: 1 })
    const published = await setup('POST', { kind: 'property_service', title: '物业服务协议（2026 修订）', body: V2_BODY })
    expect(published.statusCode).toBe(201)
    const kind = published.json().kinds.find((k: { kind: string }) => k.kind === 'property_service')
    expect(kind.current).toMatchObject({ version: 2, active: true, title: '物业服务协议（2026 修订）', signedCount: 0 })
    expect(kind.versions.map((v: { version: number; active: boolean; signedCount: number }) => [v.version, v.active, v.signedCount])).toEqual([
      [2, true, 0],
      [1, false, 1]
    ])
    const v2Id = kind.current.id as number
    const audit = await t.db.handle.db.selectFrom('audit_log').select(['target', 'detail']).where('action', '=', 'setup.agreement.publish').execute()
    expect(audit).toEqual([{ target: `agreement:${v2Id}`, detail: JSON.stringify({ kind: 'property_service', version: 2 }) }])

    // A: still signed (the engine counts a signature of an older version), the copy is v1's text and hash
    expect(await stage(a.sessionToken)).toBe('done')
    const listA = (await ownerGet(a.sessionToken, '/api/owner/agreements')).json().items.find((i: { kind: string }) => i.kind === 'property_service')
    expect(listA).toMatchObject({ signed: true, signedVersion: 1, version: 2 })
    const copyAfter = (await ownerGet(a.sessionToken, `/api/owner/agreements/${v2Id}/signed`)).json()
    expect(copyAfter).toMatchObject({ id: v1.id, version: 1, body: v1Body, sha256: copyBefore.sha256 })
    expect(copyAfter.sha256).toBe(expectedDigest(v1Body, pngA, a.house.id, copyBefore.signedAt))
    // and signing again (v2) is refused: one signature per kind
    expect((await sign(a.sessionToken, v2Id, 2, signedPng(5))).json().error.code).toBe('ALREADY_SIGNED')

    // B: sees only v2; signing the stale v1 is refused; v2 signs
    const b = await verifyAs(t, 21)
    const itemsB = (await ownerGet(b.sessionToken, '/api/owner/agreements')).json().items as { id: number; kind: string; version: number; title: string }[]
    const ps = itemsB.filter((i) => i.kind === 'property_service')
    expect(ps).toEqual([expect.objectContaining({ id: v2Id, version: 2, title: '物业服务协议（2026 修订）' })])
    expect((await ownerGet(b.sessionToken, `/api/owner/agreements/${v1.id}`)).statusCode).toBe(404)
    const stale = await sign(b.sessionToken, v1.id, 1, signedPng(6))
    expect(stale.statusCode).toBe(409)
    expect(stale.json().error.code).toBe('AGREEMENT_VERSION_STALE')
    const pngB = signedPng(7)
    const signedB = await sign(b.sessionToken, v2Id, 2, pngB)
    expect(signedB.statusCode).toBe(200)
    expect(signedB.json()).toMatchObject({ version: 2, body: V2_BODY })
    expect(signedB.json().sha256).toBe(expectedDigest(V2_BODY, pngB, b.house.id, signedB.json().signedAt))

    const counts = (await setup('GET')).json().kinds.find((k: { kind: string }) => k.kind === 'property_service').versions
    expect(counts.map((v: { version: number; signedCount: number }) => [v.version, v.signedCount])).toEqual([
      [2, 1],
      [1, 1]
    ])
  })

  test('publishing validates the body and needs the manager role', async () => {
    expect((await setup('POST', { kind: 'property_service', title: '物业服务协议', body: '太短' })).statusCode).toBe(400)
    expect((await setup('POST', { kind: 'parking', title: '车位协议', body: V2_BODY })).statusCode).toBe(400)
    expect((await setup('POST', { kind: 'property_service', title: '物业服务协议', body: V2_BODY, active: false })).statusCode).toBe(400)
    const cashier = await staffLogin(t, 'cashier')
    expect((await setup('POST', { kind: 'property_service', title: '物业服务协议', body: V2_BODY }, cashier)).statusCode).toBe(403)
    expect((await setup('GET', undefined, cashier)).statusCode).toBe(403)
  })
})

import path from 'node:path'
import QRCode from 'qrcode'
import { buildApp } from '../../server/src/app'
import { loadConfig } from '../../server/src/config'
import { seedDemo, demoOwnerCredentials, demoOwnerIdNumber, demoHouses } from '../../server/src/seed/demo'
import { syncStages } from '../../server/src/modules/cases/service'
import { deriveProgress } from '../../server/src/modules/cases/engine'
import { loadContext } from '../../server/src/modules/cases/service'
import { httpWxacode, WxacodeError, type Wxacode } from '../../server/src/modules/notices/wxacode'
import { entryUrlOf } from '../../server/src/modules/notices/service'
import { newInviteToken } from '../../server/src/lib/crypto'
import { maskName } from '../../server/src/lib/crypto'
import { bearer, Clock, createTestApp, createTestDb, dialects, staffLogin, TEST_SECRET, verifyAs, type TestApp } from './harness'
import { caseOf, inspectionSigned, ownerWithReservation } from './checkin-fixtures'
import { crop, pdfPages, pdfText, renderPage, scanQr } from './notices-helpers'

// PDF rendering and QR scanning are CPU work on a shared 2-core machine
jest.setTimeout(120_000)

const SHOT_DIR = path.join(__dirname, '..', '..', 'test-artifacts', 'notices')
const B1 = encodeURIComponent('1栋')
/** where the notice's QR sits: the top right of the page (scanning the whole page is slow) */
const topRight = (png: import('pngjs').PNG) => crop(png, Math.floor(png.width / 2), 0, Math.ceil(png.width / 2), Math.floor(png.height / 3))

describe.each(dialects())('printed notices (%s)', (dialect) => {
  let t: TestApp
  let manager: string
  beforeAll(async () => {
    t = await createTestApp(dialect)
    manager = await staffLogin(t, 'manager')
  })
  afterAll(async () => t.close())

  const get = (url: string, token = manager) => t.app.inject({ method: 'GET', url, headers: bearer(token) })

  test('a building prints one page per house, in building / unit / room order, with masked names only', async () => {
    const res = await get(`/api/staff/notices.pdf?building=${B1}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    const pdf = res.rawPayload
    const houses = demoHouses().filter((h) => h.building === '1栋')
    expect(houses).toHaveLength(60)
    expect(pdfPages(pdf)).toBe(60)
    const pages = pdfText(pdf)
    expect(pages).toHaveLength(60)
    houses.forEach((h, i) => {
      const text = pages[i].replace(/\s+/g, '')
      expect(text).toContain(`房号：${h.label}`)
      expect(text).toContain(`尊敬的${maskName(h.owner.name)}业主`)
      expect(text).not.toContain(h.owner.name.length > 1 ? `尊敬的${h.owner.name}业主` : '\u0000')
      expect(text).not.toContain(h.owner.idNumber)
      expect(text).not.toContain(h.owner.idNumber.slice(-6))
    })
    const p1 = pages[0].replace(/\s+/g, '')
    for (const s of ['入伙通知书', '安家示范小区', '业主身份证', '购房合同', '付款凭证', '物业费', '合计', '服务电话', '微信扫码', '核验身份', '预约']) expect(p1).toContain(s)
    expect(p1).toContain(entryUrlOf(t.config.publicUrl, houses[0].token))
  })

  test('page 1 carries a QR of the house entry URL, at least 3 cm wide on paper', async () => {
    const pdf = (await get(`/api/staff/notices.pdf?building=${B1}`)).rawPayload
    const png = renderPage(pdf, 1, 150, path.join(SHOT_DIR, `notice-page1-${dialect}.png`))
    const qr = scanQr(topRight(png), 150)
    expect(qr).not.toBeNull()
    expect(qr!.text).toBe(entryUrlOf(t.config.publicUrl, demoOwnerCredentials(0).token))
    expect(qr!.text).toBe(`${t.config.publicUrl}/#/pages/entry/index?scene=${demoOwnerCredentials(0).token}`)
    expect(qr!.widthCm).toBeGreaterThanOrEqual(3)
    expect(qr!.widthCm).toBeGreaterThan(4.2)
    expect(qr!.widthCm).toBeLessThan(4.8)
  })

  test('houseIds prints just those houses, sorted by building, unit, room whatever the order asked', async () => {
    const ids = await t.db.handle.db.selectFrom('houses').select('id').orderBy('id').execute()
    const [a, b] = [Number(ids[0].id), Number(ids[61].id)]
    const res = await get(`/api/staff/notices.pdf?houseIds=${b},${a}`)
    expect(res.statusCode).toBe(200)
    const pages = pdfText(res.rawPayload).map((p) => p.replace(/\s+/g, ''))
    expect(pages).toHaveLength(2)
    expect(pages[0]).toContain(`房号：${demoHouses()[0].label}`)
    expect(pages[1]).toContain(`房号：${demoHouses()[61].label}`)
  })

  test('a batch prints its houses with the batch’s own date window and place when the set-up gave them', async () => {
    const db = t.db.handle.db
    const community = await db.selectFrom('communities').select('id').executeTakeFirstOrThrow()
    const before = pdfText((await get(`/api/staff/notices.pdf?batch=${encodeURIComponent('第二批')}`)).rawPayload)
    const second = demoHouses().filter((h) => h.batch === '第二批')
    expect(before).toHaveLength(second.length)
    // without a batches row: the window of the batch's slots, the community's address
    expect(before[0].replace(/\s+/g, '')).toMatch(/时间：第二批，2026年\d+月\d+日至\d+月\d+日/)
    await db
      .insertInto('batches')
      .values({ community_id: community.id, code: '第二批', title: '第二批（高区）', buildings: '[]', starts_on: '2026-04-01', ends_on: '2026-04-10', place: '2栋架空层入伙大厅', sort: 2, created_at: t.clock.now().toISOString() })
      .execute()
    const after = pdfText((await get(`/api/staff/notices.pdf?batch=${encodeURIComponent('第二批')}`)).rawPayload)
    const p1 = after[0].replace(/\s+/g, '')
    expect(p1).toContain('时间：第二批（高区），2026年4月1日至4月10日')
    expect(p1).toContain('地点：2栋架空层入伙大厅')
    expect(p1).toContain(`房号：${second[0].label}`)
  })

  test('the sticker sheet has 12 QR stickers per A4 page with the house label under each', async () => {
    const res = await get(`/api/staff/notices/stickers.pdf?building=${B1}`)
    expect(res.statusCode).toBe(200)
    expect(pdfPages(res.rawPayload)).toBe(5)
    const text = pdfText(res.rawPayload)[0].replace(/\s+/g, '')
    for (const h of demoHouses().slice(0, 12)) expect(text).toContain(h.label)
    const png = renderPage(res.rawPayload, 1, 150, path.join(SHOT_DIR, `stickers-page1-${dialect}.png`))
    // the first cell: a third of the width, a quarter of the height
    const cell = crop(png, 0, 0, Math.floor(png.width / 3), Math.floor(png.height / 4))
    const qr = scanQr(cell, 150)
    expect(qr?.text).toBe(entryUrlOf(t.config.publicUrl, demoOwnerCredentials(0).token))
    expect(qr!.widthCm).toBeGreaterThanOrEqual(3)
  })

  test('invalid filters answer 400, a building without houses 404, over 2,000 houses 400 with the reason', async () => {
    const none = await get('/api/staff/notices.pdf')
    expect(none.statusCode).toBe(400)
    expect(none.json().error.code).toBe('NOTICE_FILTER_INVALID')
    const two = await get(`/api/staff/notices.pdf?building=${B1}&batch=${encodeURIComponent('第一批')}`)
    expect(two.json().error.code).toBe('NOTICE_FILTER_INVALID')
    const bad = await get('/api/staff/notices.pdf?houseIds=1,,x')
    expect(bad.statusCode).toBe(400)
    const unknown = await get(`/api/staff/notices.pdf?building=${encodeURIComponent('9栋')}`)
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().error.code).toBe('NOTICE_NO_HOUSES')
    const foreign = await get('/api/staff/notices.pdf?houseIds=999999')
    expect(foreign.statusCode).toBe(404)
    const many = await get(`/api/staff/notices/stickers.pdf?houseIds=${Array.from({ length: 2001 }, (_, i) => i + 1).join(',')}`)
    expect(many.statusCode).toBe(400)
    expect(many.json().error.code).toBe('NOTICE_TOO_MANY')
    expect(many.json().error.message).toContain('2000')
  })

  test('reception may print; cashier is refused 403, an owner token 401; generating codes is the manager’s', async () => {
    const reception = await staffLogin(t, 'reception')
    expect((await get(`/api/staff/notices.pdf?houseIds=1`, reception)).statusCode).toBe(200)
    const cashier = await staffLogin(t, 'cashier')
    expect((await get(`/api/staff/notices.pdf?building=${B1}`, cashier)).statusCode).toBe(403)
    expect((await get(`/api/staff/notices/stickers.pdf?building=${B1}`, cashier)).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'POST', url: '/api/staff/houses/1/invitation', headers: bearer(cashier) })).statusCode).toBe(403)
    expect((await get('/api/staff/houses', cashier)).statusCode).toBe(403)
    const owner = await verifyAs(t, 5)
    expect((await get(`/api/staff/notices.pdf?building=${B1}`, owner.sessionToken)).statusCode).toBe(401)
    expect((await t.app.inject({ method: 'POST', url: '/api/staff/houses/1/invitation', headers: bearer(owner.sessionToken) })).statusCode).toBe(401)
    const gen = await t.app.inject({ method: 'POST', url: '/api/staff/notices/wxacodes', headers: bearer(reception), payload: { building: '1栋' } })
    expect(gen.statusCode).toBe(403)
    // without WeChat configured there is nothing to generate: the notices carry the H5 QR
    const noWx = await t.app.inject({ method: 'POST', url: '/api/staff/notices/wxacodes', headers: bearer(manager), payload: { building: '1栋' } })
    expect(noWx.statusCode).toBe(409)
  })

  test('printing is audited with the houses printed', async () => {
    await get(`/api/staff/notices.pdf?houseIds=2`)
    const rows = await t.db.handle.db.selectFrom('audit_log').select(['detail']).where('action', '=', 'notice.print').execute()
    expect(rows.some((r) => JSON.parse(r.detail).houses.includes(2))).toBe(true)
  })

  test('a reissued invitation: the old QR stops opening the house, the new one works, the signed-in owner stays signed in', async () => {
    const c = demoOwnerCredentials(3)
    const signedIn = await verifyAs(t, 3)
    expect((await t.app.inject({ method: 'POST', url: '/api/entry', payload: { token: c.token } })).statusCode).toBe(200)
    const reception = await staffLogin(t, 'reception')
    const res = await t.app.inject({ method: 'POST', url: `/api/staff/houses/${signedIn.house.id}/invitation`, headers: bearer(reception) })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.label).toBe(c.label)
    const m = /\?scene=([0-9A-Za-z]{10})$/.exec(body.entryUrl)
    expect(m).not.toBeNull()
    expect(body.entryUrl).toBe(entryUrlOf(t.config.publicUrl, m![1]))
    const old = await t.app.inject({ method: 'POST', url: '/api/entry', payload: { token: c.token } })
    expect(old.statusCode).toBe(404)
    expect(old.json().error.code).toBe('INVITE_NOT_FOUND')
    const oldVerify = await t.app.inject({
      method: 'POST',
      url: '/api/owner/verify',
      payload: { token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail }
    })
    expect(oldVerify.statusCode).toBe(404)
    const fresh = await t.app.inject({ method: 'POST', url: '/api/entry', payload: { token: m![1] } })
    expect(fresh.statusCode).toBe(200)
    expect(fresh.json().houseLabel).toBe(c.label)
    const verify = await t.app.inject({ method: 'POST', url: '/api/owner/verify', payload: { token: m![1], ownerName: c.ownerName, ownerIdTail: c.idTail } })
    expect(verify.statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/owner/me', headers: bearer(signedIn.sessionToken) })).statusCode).toBe(200)
    const house = await t.db.handle.db.selectFrom('houses').select(['invite_token', 'token_issued_at']).where('id', '=', signedIn.house.id).executeTakeFirstOrThrow()
    expect(house.invite_token).toBe(m![1])
    expect(house.token_issued_at).toBe(t.clock.now().toISOString())
    const audit = await t.db.handle.db.selectFrom('audit_log').select(['target']).where('action', '=', 'invitation.reissue').execute()
    expect(audit.map((a) => a.target)).toContain(`house:${signedIn.house.id}`)
    // the printed notice follows the new token
    const pdf = (await get(`/api/staff/notices.pdf?houseIds=${signedIn.house.id}`)).rawPayload
    expect(scanQr(topRight(renderPage(pdf, 1)), 150)?.text).toBe(body.entryUrl)
    expect((await t.app.inject({ method: 'POST', url: '/api/staff/houses/999999/invitation', headers: bearer(reception) })).statusCode).toBe(404)
  })
})

describe.each(dialects())('house list (%s)', (dialect) => {
  let t: TestApp
  let manager: string
  beforeAll(async () => {
    t = await createTestApp(dialect)
    manager = await staffLogin(t, 'manager')
  })
  afterAll(async () => t.close())

  const list = async (qs: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/staff/houses${qs}`, headers: bearer(manager) })
    expect(res.statusCode).toBe(200)
    return res.json() as { total: number; items: { houseId: number; label: string; ownerName: string; currentStage: string }[] }
  }

  test('without q the manager pages through the whole community, sorted by building, unit, room', async () => {
    const all = demoHouses()
    const first = await list('')
    expect(first.total).toBe(120)
    expect(first.items.map((i) => i.label)).toEqual(all.slice(0, 20).map((h) => h.label))
    const third = await list('?page=3&pageSize=50')
    expect(third.items.map((i) => i.label)).toEqual(all.slice(100).map((h) => h.label))
    expect(first.items[0].ownerName).toBe(maskName(all[0].owner.name))
    const beyond = await list('?page=9&pageSize=50')
    expect(beyond).toMatchObject({ total: 120, items: [] })
    expect(first).toMatchObject({ buildings: ['1栋', '2栋'], batches: ['第一批', '第二批'] })
  })

  test('building and batch filter, together and with q', async () => {
    const b2 = await list(`?building=${encodeURIComponent('2栋')}&pageSize=100`)
    expect(b2.total).toBe(60)
    expect(b2.items.every((i) => i.label.startsWith('2栋'))).toBe(true)
    expect(b2.items[0].label).toBe('2栋1单元101')
    const second = await list(`?batch=${encodeURIComponent('第二批')}`)
    expect(second.total).toBe(demoHouses().filter((h) => h.batch === '第二批').length)
    const both = await list(`?building=${encodeURIComponent('1栋')}&batch=${encodeURIComponent('第二批')}&q=1501`)
    expect(both.items.map((i) => i.label)).toEqual(['1栋1单元1501', '1栋2单元1501'])
  })

  test('bad paging is refused with 400', async () => {
    for (const qs of ['?pageSize=101', '?page=0', '?stage=nowhere', '?pageSize=x']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/staff/houses${qs}`, headers: bearer(manager) })
      expect(res.statusCode).toBe(400)
    }
  })

  test('the stage filter agrees with the derived stage of houses at different stages', async () => {
    const db = t.db.handle.db
    const actor = { type: 'system' as const, id: null, label: 'test' }
    // house 10: verified (documents); house 11: reserved for today, inspected and signed (on site);
    // house 12: verified, reservation day passed without a write (derived only, see stage-index.ts)
    await verifyAs(t, 10)
    const today = '2026-03-02'
    const onSite = await ownerWithReservation(t, 11, today)
    await inspectionSigned(t, onSite.caseId)
    const at = t.clock.now().toISOString()
    for (const code of ['owner_id_card', 'purchase_contract']) {
      await db.deleteFrom('document_submissions').where('case_id', '=', onSite.caseId).where('item_code', '=', code).execute()
      await db
        .insertInto('document_submissions')
        .values({ case_id: onSite.caseId, item_code: code, status: 'approved', reason: null, submitted_at: at, reviewed_by: null, reviewed_at: at, updated_at: at })
        .execute()
    }
    await db.transaction().execute((tx) => syncStages(tx, onSite.caseId, actor as never, t.clock.now()))
    const houses = await db.selectFrom('houses').select('id').orderBy('id').execute()
    const idOf = (i: number) => Number(houses[i].id)
    const derived = async (i: number) => {
      const ctx = await loadContext(db, await caseOf(t, idOf(i)))
      return deriveProgress(ctx.facts, ctx.policy, t.clock.now()).currentStage
    }
    const expected = new Map<number, string>([
      [idOf(0), 'verify'],
      [idOf(10), await derived(10)],
      [idOf(11), await derived(11)]
    ])
    expect(expected.get(idOf(10))).toBe('documents')
    expect(['verify', 'documents']).not.toContain(expected.get(idOf(11)))
    for (const [houseId, stage] of expected) {
      const res = await list(`?stage=${stage}&pageSize=100`)
      expect(res.items.map((i) => i.houseId)).toContain(houseId)
      // every house the filter returns shows that stage on the page (derived live)
      expect(res.items.every((i) => i.currentStage === stage)).toBe(true)
    }
    const verifyOnly = await list('?stage=verify&pageSize=100')
    expect(verifyOnly.items.map((i) => i.houseId)).not.toContain(idOf(10))
    const docs = await list('?stage=documents&pageSize=100')
    expect(docs.total).toBe(1)
    expect(verifyOnly.total + docs.total + (await list(`?stage=${expected.get(idOf(11))}`)).total).toBe(120)
  })

  test('each list request is audited with the filters and the houses shown', async () => {
    await list(`?building=${encodeURIComponent('2栋')}&page=2`)
    const rows = await t.db.handle.db.selectFrom('audit_log').select(['detail']).where('action', '=', 'house.lookup').orderBy('id', 'desc').limit(1).execute()
    const d = JSON.parse(rows[0].detail)
    expect(d).toMatchObject({ q: null, building: '2栋', page: 2 })
    expect(d.houses).toHaveLength(20)
  })
})

describe.each(dialects())('mini-program codes (%s)', (dialect) => {
  /** A stub of the real adapter: 1栋1单元102 has a bad scene, 1栋1单元201 an unpublished page. */
  function stub(badTokens: Map<string, number>) {
    const calls: string[] = []
    let generic: Buffer | undefined
    const wx: Wxacode = {
      kind: 'wechat',
      async getUnlimited(scene) {
        calls.push(scene)
        const code = badTokens.get(scene)
        if (code) throw new WxacodeError(code, code === 40169 ? 'invalid scene' : 'invalid page')
        // PNG encoding is slow inside jest's VM (~0.3 s each): a real code for the house the
        // test scans, one shared image for the rest
        if (scene !== demoHouses()[0].token) return (generic ??= await QRCode.toBuffer('wxacode:generic', { type: 'png', margin: 2, scale: 4 }))
        return QRCode.toBuffer(`wxacode:${scene}`, { type: 'png', margin: 2, scale: 8 })
      }
    }
    return { wx, calls }
  }

  async function appWith(env: Record<string, string>, wxacode?: Wxacode) {
    const db = await createTestDb(dialect)
    const clock = new Clock()
    const config = loadConfig({ ANJIA_SECRET_KEY: TEST_SECRET, DATA_DIR: db.dataDir, WEB_ROOT: path.join(db.dataDir, 'no-web'), ...env }, { now: clock.now })
    await seedDemo(db.handle.db, config)
    const app = await buildApp({ config, db: db.handle, logger: false, ...(wxacode ? { wxacode } : {}) })
    await app.ready()
    const t = { app, db, config, clock, logs: [], close: async () => (await app.close(), await db.drop()) } as unknown as TestApp
    return t
  }

  test('with WeChat configured: 409 until generated, failures per house with the errcode, cached on the second call, cache dropped on reissue', async () => {
    const h = demoHouses()
    const t = stubbed
    {
      const manager = await staffLogin(t, 'manager')
      const first12 = (await t.db.handle.db.selectFrom('houses').select('id').orderBy('id').limit(12).execute()).map((r) => Number(r.id))
      const missing = await t.app.inject({ method: 'GET', url: `/api/staff/notices.pdf?houseIds=${first12[0]}`, headers: bearer(manager) })
      expect(missing.statusCode).toBe(409)
      expect(missing.json().error.code).toBe('WXACODE_MISSING')
      const gen = await t.app.inject({ method: 'POST', url: '/api/staff/notices/wxacodes', headers: bearer(manager), payload: { building: '1栋' } })
      expect(gen.statusCode).toBe(200)
      expect(gen.json()).toEqual({
        generated: 58,
        cached: 0,
        failed: [
          { houseId: first12[1], label: h[1].label, code: 40169, message: expect.stringContaining('scene') },
          { houseId: first12[2], label: h[2].label, code: 41030, message: expect.stringContaining('未发布') }
        ]
      })
      expect(calls).toHaveLength(60)
      const again = await t.app.inject({ method: 'POST', url: '/api/staff/notices/wxacodes', headers: bearer(manager), payload: { building: '1栋' } })
      expect(again.json()).toMatchObject({ generated: 0, cached: 58 })
      expect(again.json().failed.map((f: { code: number }) => f.code)).toEqual([40169, 41030])
      expect(calls).toHaveLength(62) // only the failures were asked again
      // a house whose code failed blocks its print job, naming it
      const blocked = await t.app.inject({ method: 'GET', url: `/api/staff/notices.pdf?building=${B1}`, headers: bearer(manager) })
      expect(blocked.statusCode).toBe(409)
      expect(blocked.json().error.message).toContain(h[1].label)
      // a house with a code prints with the mini-program code from the cache
      const ok = await t.app.inject({ method: 'GET', url: `/api/staff/notices.pdf?houseIds=${first12[0]}`, headers: bearer(manager) })
      expect(ok.statusCode).toBe(200)
      expect(scanQr(topRight(renderPage(ok.rawPayload, 1)), 150)?.text).toBe(`wxacode:${h[0].token}`)
      const stored = await t.db.handle.db.selectFrom('wxacodes').select(['storage_key']).where('house_id', '=', first12[0]).execute()
      expect(stored).toHaveLength(1)
      // a new invitation drops the cached code of the old token
      await t.app.inject({ method: 'POST', url: `/api/staff/houses/${first12[0]}/invitation`, headers: bearer(manager) })
      expect(await t.db.handle.db.selectFrom('wxacodes').select('id').where('house_id', '=', first12[0]).execute()).toHaveLength(0)
      expect(await t.app.storage.get(stored[0].storage_key!)).toBeNull()
      const after = await t.app.inject({ method: 'GET', url: `/api/staff/notices.pdf?houseIds=${first12[0]}`, headers: bearer(manager) })
      expect(after.statusCode).toBe(409)
    }
  }, 120_000)

  test('the sandbox adapter (credentials set, sandbox WeChat) prints a code that opens the H5 entry URL', async () => {
    const t = sandboxed
    {
      const manager = await staffLogin(t, 'manager')
      const id = Number((await t.db.handle.db.selectFrom('houses').select('id').orderBy('id').executeTakeFirstOrThrow()).id)
      const gen = await t.app.inject({ method: 'POST', url: '/api/staff/notices/wxacodes', headers: bearer(manager), payload: { houseIds: String(id) } })
      expect(gen.json()).toEqual({ generated: 1, cached: 0, failed: [] })
      const pdf = await t.app.inject({ method: 'GET', url: `/api/staff/notices.pdf?houseIds=${id}`, headers: bearer(manager) })
      expect(pdf.statusCode).toBe(200)
      expect(scanQr(topRight(renderPage(pdf.rawPayload, 1)), 150)?.text).toBe(entryUrlOf(t.config.publicUrl, demoOwnerCredentials(0).token))
    }
  }, 60_000)

  const h0 = demoHouses()
  const { wx, calls } = stub(new Map([[h0[1].token, 40169], [h0[2].token, 41030]]))
  let stubbed: TestApp
  let sandboxed: TestApp
  beforeAll(async () => {
    stubbed = await appWith({ WX_APPID: 'wx-test-appid', WX_SECRET: 'wx-test-secret' }, wx)
    sandboxed = await appWith({ WX_APPID: 'wx-test-appid', WX_SECRET: 'wx-test-secret', WX_CODE2SESSION_URL: 'sandbox:' })
  }, 120_000)
  afterAll(async () => {
    await stubbed?.close()
    await sandboxed?.close()
  })
})

describe('wxacode over HTTP (fetch stubbed)', () => {
  test('the access token is fetched once and cached until expiry; errcodes come back as WxacodeError', async () => {
    const seen: string[] = []
    let now = new Date('2026-03-02T00:00:00Z')
    const fetchImpl = (async (input: string | URL, init?: RequestInit) => {
      const url = String(input)
      seen.push(url.replace(/\?.*/, ''))
      if (url.includes('/cgi-bin/token')) {
        expect(url).toContain('appid=app1')
        return new Response(JSON.stringify({ access_token: `tok${seen.length}`, expires_in: 7200 }), { headers: { 'content-type': 'application/json' } })
      }
      const body = JSON.parse(String(init?.body))
      expect(body).toMatchObject({ page: 'pages/entry/index', check_path: false })
      if (body.scene === 'bad') return new Response(JSON.stringify({ errcode: 40169, errmsg: 'invalid scene' }), { headers: { 'content-type': 'application/json' } })
      if (body.scene === 'nopage') return new Response(JSON.stringify({ errcode: 41030, errmsg: 'invalid page' }), { headers: { 'content-type': 'application/json' } })
      return new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { headers: { 'content-type': 'image/jpeg' } })
    }) as typeof fetch
    const wx = httpWxacode({ appId: 'app1', secret: 's', baseUrl: 'https://wx.test', fetchImpl, now: () => now })
    expect((await wx.getUnlimited('ok1')).subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    await wx.getUnlimited('ok2')
    await expect(wx.getUnlimited('bad')).rejects.toMatchObject({ code: 40169 })
    await expect(wx.getUnlimited('nopage')).rejects.toMatchObject({ code: 41030 })
    expect(seen.filter((u) => u.endsWith('/cgi-bin/token'))).toHaveLength(1)
    now = new Date(now.getTime() + 7200 * 1000)
    await wx.getUnlimited('ok3')
    expect(seen.filter((u) => u.endsWith('/cgi-bin/token'))).toHaveLength(2)
  })

  test('invite tokens are 10 base62 characters', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const tok = newInviteToken()
      expect(tok).toMatch(/^[0-9A-Za-z]{10}$/)
      seen.add(tok)
    }
    expect(seen.size).toBe(200)
  })
})

test('a full name and ID never reach the page text (demo owner 0)', () => {
  // guard for the masked-name assertion above: the demo names are at least two characters
  expect(demoOwnerCredentials(0).ownerName.length).toBeGreaterThan(1)
  expect(demoOwnerIdNumber(0)).toHaveLength(18)
})

describe('notice layout', () => {
  test('a crowded notice (four co-owners, long place, many fees and documents) still fits one page', async () => {
    const { renderNotices } = await import('../../server/src/modules/notices/pdf')
    const page = {
      communityName: '安家示范小区二期（北区）',
      houseLabel: '12栋3单元2701',
      ownerNames: ['欧阳*华', '李*', '王*伟', '张*芳'],
      batchTitle: '第三批',
      dateWindow: '2026年12月28日至2027年1月15日',
      place: '广东省深圳市南山区科苑南路 3388 号安家示范小区二期北区 5 栋一楼物业服务中心入伙办理大厅（北门进入，沿指示牌前行）',
      documents: ['业主身份证', '购房合同', '户口簿', '房屋质量验收表', '购房发票', '付款凭证（购房款发票或收据）'],
      fees: Array.from({ length: 8 }, (_, i) => ({ label: `费用项目${i + 1}`, detail: '3.80 元/m²·月 × 189.5 m² × 12 个月', amount: '¥18,081.20' })),
      feesTotal: '¥144,649.60',
      servicePhone: '0755-8888 6666',
      serviceHours: '每天 9:00-18:00（节假日 9:00-17:00）',
      company: '安家物业服务有限公司',
      entryUrl: 'https://anjia.example.com/#/pages/entry/index?scene=AbCdEfGh12',
      qr: { kind: 'url' as const, text: 'https://anjia.example.com/#/pages/entry/index?scene=AbCdEfGh12' },
      issuedOn: '2026年12月1日'
    }
    const pdf = await renderNotices([page, page])
    expect(pdfPages(pdf)).toBe(2)
    renderPage(pdf, 1, 100, path.join(SHOT_DIR, 'notice-crowded.png'))
  })
})

describe.each(dialects())('500 houses (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => t.close())

  test('a 500-house building prints in one request; size and time are logged', async () => {
    const db = t.db.handle.db
    const community = await db.selectFrom('communities').select('id').executeTakeFirstOrThrow()
    const b = await db.insertInto('buildings').values({ community_id: community.id, name: '8栋', sort: 8 }).returning('id').executeTakeFirstOrThrow()
    const at = t.clock.now().toISOString()
    const houses = Array.from({ length: 500 }, (_, i) => ({
      community_id: Number(community.id),
      building_id: Number(b.id),
      unit: String(1 + Math.floor(i / 100)),
      floor: 1 + Math.floor((i % 100) / 4),
      room: `${1 + Math.floor((i % 100) / 4)}${String((i % 4) + 1).padStart(2, '0')}`,
      area: 80 + (i % 7) * 10.5,
      batch: '第一批',
      invite_token: newInviteToken(),
      created_at: at
    }))
    for (let i = 0; i < houses.length; i += 100) await db.insertInto('houses').values(houses.slice(i, i + 100)).execute()
    const ids = await db.selectFrom('houses').select('id').where('building_id', '=', Number(b.id)).execute()
    const owners = ids.map((r, i) => ({ house_id: Number(r.id), name: `测试业主${i}`, id_cipher: 'x', id_hmac: `h${i}`, id_tail_hmac: `t${i}`, phone_cipher: null, created_at: at }))
    for (let i = 0; i < owners.length; i += 100) await db.insertInto('registered_owners').values(owners.slice(i, i + 100)).execute()
    const manager = await staffLogin(t, 'manager')
    const started = Date.now()
    const res = await t.app.inject({ method: 'GET', url: `/api/staff/notices.pdf?building=${encodeURIComponent('8栋')}`, headers: bearer(manager) })
    const ms = Date.now() - started
    expect(res.statusCode).toBe(200)
    expect(res.headers['x-anjia-pages']).toBe('500')
    expect(pdfPages(res.rawPayload)).toBe(500)
    const s0 = Date.now()
    const stickers = await t.app.inject({ method: 'GET', url: `/api/staff/notices/stickers.pdf?building=${encodeURIComponent('8栋')}`, headers: bearer(manager) })
    const sms = Date.now() - s0
    expect(pdfPages(stickers.rawPayload)).toBe(42)
    // the figures the README quotes (measured under jest on the shared machine)
    console.log(`[notices] ${dialect}: 500 notices ${res.rawPayload.length} bytes in ${ms} ms; 500 stickers ${stickers.rawPayload.length} bytes in ${sms} ms`)
  }, 300_000) // CPU-bound: ~4 s on a quiet core, much longer when the shared machine is busy
})

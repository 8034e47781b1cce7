/*
 * Message centre (issue 10 item 4): one message per event. Notices written in one transaction
 * (a payment and the stage it completes) become one row with one subscription message;
 * reviews of the same kind minutes apart, still unread, become one message listing them;
 * a message the owner read is never rewritten.
 */
import { BATCH_WINDOW_MS, notifyOwner } from '../../server/src/modules/notifications/service'
import { JPEG_2x2, PNG_1x1, bearer, createTestApp, dialects, multipart, staffLogin, verifyAs, type TestApp } from './harness'
import { idemKey, ownerOf } from './payments.helpers'

// Counts the writes (every caller's notices) to compare with the rows they became.
jest.mock('../../server/src/modules/notifications/service', () => {
  const actual = jest.requireActual('../../server/src/modules/notifications/service')
  return { ...actual, notifyOwner: jest.fn(actual.notifyOwner) }
})
const writes = notifyOwner as jest.MockedFunction<typeof notifyOwner>

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')

describe.each(dialects())('one message per event (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { publicUrl: 'http://127.0.0.1:9' } })
  })
  afterAll(async () => {
    delete process.env.WX_TEMPLATE_REVIEW
    delete process.env.WX_TEMPLATE_PROGRESS
    await t.close()
  })
  const get = (token: string, url: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) })
  const post = (token: string, url: string, payload?: object) => t.app.inject({ method: 'POST', url, headers: bearer(token), ...(payload ? { payload } : {}) })
  const upload = (token: string, item: string, file: Buffer, name: string) => {
    const m = multipart(file, name)
    return t.app.inject({ method: 'POST', url: `/api/owner/documents/${item}/files`, headers: { ...bearer(token), ...m.headers }, payload: m.payload })
  }
  const caseIdOf = async (houseId: number) =>
    Number((await t.app.db.selectFrom('move_in_cases').select('id').where('house_id', '=', houseId).executeTakeFirstOrThrow()).id)

  const notes = (caseId: number) =>
    t.app.db.selectFrom('notifications').select(['id', 'kind', 'title', 'body', 'created_at']).where('case_id', '=', caseId).orderBy('id').execute()

  test('paying the whole bill: 缴费成功 once, not also 「缴费」已完成', async () => {
    const o = await ownerOf(t, 40)
    const bill = (await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: o.headers })).json()
    const kase = await t.app.db.selectFrom('move_in_cases').select('id').where('house_id', '=', o.house.id).executeTakeFirstOrThrow()
    const caseId = Number(kase.id)
    const before = (await notes(caseId)).length
    const cashier = await staffLogin(t, 'cashier')
    t.clock.advance(60_000)
    const paid = await t.app.inject({
      method: 'POST',
      url: '/api/staff/payments',
      headers: bearer(cashier),
      payload: { houseId: o.house.id, method: 'cash', amountCents: bill.balanceCents, idempotencyKey: idemKey() }
    })
    expect(paid.statusCode).toBe(200)
    const added = (await notes(caseId)).slice(before)
    expect(added.map((n) => n.title)).toEqual(['缴费成功'])
    expect(added[0].body).toContain('入伙费用已缴清')
    expect(added[0].body).not.toContain('「缴费」已完成')
    const queued = await t.app.db.selectFrom('wx_messages').select('id').where('notification_id', '=', added[0].id).execute()
    expect(queued.length).toBeLessThanOrEqual(1)

    // the owner's unread count follows: one, not two
    const progress = (await t.app.inject({ method: 'GET', url: '/api/owner/progress', headers: o.headers })).json()
    expect(progress.unreadNotifications).toBe(before + 1)
  })

  test('the owner journey (verify, documents, three reviews, paying): count of messages before and after merging', async () => {
    writes.mockClear()
    const s = await verifyAs(t, 41)
    const caseId = await caseIdOf(s.house.id)
    await post(s.sessionToken, '/api/owner/consents', { kind: 'id_photo' })
    await upload(s.sessionToken, 'owner_id_card', PNG_1x1, 'front.png')
    await upload(s.sessionToken, 'owner_id_card', JPEG_2x2, 'back.jpg')
    await upload(s.sessionToken, 'purchase_contract', PDF, 'c.pdf')
    await post(s.sessionToken, '/api/owner/documents/owner_id_card/submit')
    await post(s.sessionToken, '/api/owner/documents/purchase_contract/submit')
    const reviewer = await staffLogin(t, 'reviewer')
    // the reviewer rejects one page set, the owner re-uploads, then both are approved minutes apart
    t.clock.advance(60_000)
    await post(reviewer, `/api/staff/reviews/${caseId}/items/owner_id_card`, { decision: 'reject', reason: '照片模糊' })
    t.clock.advance(60_000)
    await upload(s.sessionToken, 'owner_id_card', PNG_1x1, 'clear.png')
    await post(s.sessionToken, '/api/owner/documents/owner_id_card/submit')
    t.clock.advance(2 * 60_000)
    await post(reviewer, `/api/staff/reviews/${caseId}/items/purchase_contract`, { decision: 'approve' })
    t.clock.advance(2 * 60_000)
    await post(reviewer, `/api/staff/reviews/${caseId}/items/owner_id_card`, { decision: 'approve' })
    const bill = (await get(s.sessionToken, '/api/owner/bill')).json()
    const cashier = await staffLogin(t, 'cashier')
    t.clock.advance(60_000)
    const paid = await t.app.inject({
      method: 'POST',
      url: '/api/staff/payments',
      headers: bearer(cashier),
      payload: { houseId: s.house.id, method: 'cash', amountCents: bill.balanceCents, idempotencyKey: idemKey() }
    })
    expect(paid.statusCode).toBe(200)
    const before = writes.mock.calls.filter(([, n]) => n.caseId === caseId).length
    const list = (await get(s.sessionToken, '/api/owner/notifications?pageSize=50')).json()
    // the old contract wrote one row per notifyOwner call
    // eslint-disable-next-line no-console
    console.log(`owner journey (${dialect}): ${before} messages before, ${list.total} after`, list.items.map((n: { title: string }) => n.title))
    expect(list.total).toBeLessThan(before)
    expect(list.items.map((n: { title: string }) => n.title)).toEqual([
      '缴费成功',
      '2项资料已审核通过',
      '「业主身份证」未通过审核',
      expect.stringMatching(/已可办理$/)
    ])
    const docs = list.items[1]
    expect(docs.body.split('\n')).toEqual(['「购房合同」已审核通过', '「业主身份证」已审核通过', expect.stringMatching(/^同时：「[^」]+」已可办理$/)])
    expect(list.items[2].body).toContain('照片模糊')
    expect(list.items.every((n: { readAt: string | null }) => n.readAt === null)).toBe(true)
    expect((await get(s.sessionToken, '/api/owner/progress')).json().unreadNotifications).toBe(list.total)
  })

  test('a batch stops when the owner read it, or after the window; another case is never merged in', async () => {
    const a = await ownerOf(t, 42)
    const b = await ownerOf(t, 43)
    const caseA = await caseIdOf(a.house.id)
    const caseB = await caseIdOf(b.house.id)
    await post(a.token, '/api/owner/notifications/read-all')
    const write = (caseId: number, title: string) =>
      t.app.db.transaction().execute((tx) => notifyOwner(tx, { caseId, kind: 'document_approved', title, body: '感谢您的配合。', at: t.clock.now() }))
    t.clock.advance(1000)
    const first = await write(caseA, '「甲」已审核通过')
    t.clock.advance(1000)
    expect(await write(caseB, '「乙」已审核通过')).not.toBe(first)
    t.clock.advance(1000)
    expect(await write(caseA, '「丙」已审核通过')).toBe(first)
    const row = await t.app.db.selectFrom('notifications').select(['title', 'body', 'created_at']).where('id', '=', first).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ title: '2项资料已审核通过', body: '「甲」已审核通过\n「丙」已审核通过', created_at: t.clock.now().toISOString() })
    // read: the next approval is news of its own, the read message stays as the owner saw it
    expect((await post(a.token, `/api/owner/notifications/${first}/read`)).statusCode).toBe(204)
    t.clock.advance(1000)
    const afterRead = await write(caseA, '「丁」已审核通过')
    expect(afterRead).not.toBe(first)
    expect((await t.app.db.selectFrom('notifications').select('title').where('id', '=', first).executeTakeFirstOrThrow()).title).toBe('2项资料已审核通过')
    // past the window: a new message even while unread
    t.clock.advance(BATCH_WINDOW_MS + 1000)
    expect(await write(caseA, '「戊」已审核通过')).not.toBe(afterRead)
    // signing the agreements one after another: one message naming each
    const sign = (body: string) =>
      t.app.db.transaction().execute((tx) => notifyOwner(tx, { caseId: caseA, kind: 'agreement_signed', title: '协议已签署', body, at: t.clock.now() }))
    const s1 = await sign('《物业服务协议》（第 1 版）已签署，可随时查看签署副本。')
    expect(await sign('《前期物业费代收代缴协议》（第 1 版）已签署，可随时查看签署副本。')).toBe(s1)
    expect(await t.app.db.selectFrom('notifications').select(['title', 'body']).where('id', '=', s1).executeTakeFirstOrThrow()).toEqual({
      title: '2份协议已签署',
      body: '《物业服务协议》（第 1 版）已签署，可随时查看签署副本。\n《前期物业费代收代缴协议》（第 1 版）已签署，可随时查看签署副本。'
    })
    // kinds that are not batches are separate events across transactions
    const r1 = await t.app.db.transaction().execute((tx) => notifyOwner(tx, { caseId: caseA, kind: 'reservation', title: '预约成功', body: 'x', at: t.clock.now() }))
    const r2 = await t.app.db.transaction().execute((tx) => notifyOwner(tx, { caseId: caseA, kind: 'reservation', title: '改约成功', body: 'y', at: t.clock.now() }))
    expect(r2).not.toBe(r1)
  })

  test('one transaction: the event leads, 已完成 echoes are dropped, at most one subscription message', async () => {
    process.env.WX_TEMPLATE_REVIEW = 'tpl-review-m'
    process.env.WX_TEMPLATE_PROGRESS = 'tpl-progress-m'
    const a = await ownerOf(t, 44)
    const caseId = await caseIdOf(a.house.id)
    for (let i = 0; i < 3; i++) await post(a.token, '/api/owner/subscriptions', { accepted: ['tpl-review-m', 'tpl-progress-m'] })
    await post(a.token, '/api/owner/notifications/read-all')
    t.clock.advance(1000)
    const id = await t.app.db.transaction().execute(async (tx) => {
      // a stage notice first (syncStages runs before the event's own notice in payments)
      const x = await notifyOwner(tx, { caseId, kind: 'stage_done', title: '「入伙资料」已完成', body: '全部资料已审核通过', at: t.clock.now() })
      expect(await notifyOwner(tx, { caseId, kind: 'document_approved', title: '「购房合同」已审核通过', body: '感谢您的配合。', link: '/owner/documents/index', at: t.clock.now() })).toBe(x)
      expect(await notifyOwner(tx, { caseId, kind: 'stage_available', title: '「预约办理」已可办理', body: 'z', at: t.clock.now() })).toBe(x)
      return x
    })
    const row = await t.app.db.selectFrom('notifications').select(['kind', 'title', 'body', 'link']).where('id', '=', id).executeTakeFirstOrThrow()
    expect(row).toEqual({ kind: 'document_approved', title: '「购房合同」已审核通过', body: '感谢您的配合。\n同时：「预约办理」已可办理', link: '/owner/documents/index' })
    const queued = await t.app.db.selectFrom('wx_messages').select('id').where('notification_id', '=', id).execute()
    expect(queued).toHaveLength(1)
    expect((await get(a.token, '/api/owner/notifications')).json().unread).toBe(1)
    // outside a transaction (the shared handle) nothing merges
    const n1 = await notifyOwner(t.app.db, { caseId, kind: 'stage_done', title: '「缴费」已完成', body: 'a', at: t.clock.now() })
    const n2 = await notifyOwner(t.app.db, { caseId, kind: 'payment', title: '缴费成功', body: 'b', at: t.clock.now() })
    expect(n2).not.toBe(n1)
  })
})

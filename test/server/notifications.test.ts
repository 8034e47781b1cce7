import { bearer, createTestApp, dialects, makeIdNumber, multipart, staffLogin, verifyAs, type TestApp } from './harness'
import { notifyOwner } from '../../server/src/modules/notifications/service'
import { flushOutbox, subscribeConfig } from '../../server/src/modules/notifications/subscribe'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')

describe.each(dialects())('owner notifications (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => t.close())
  afterEach(() => {
    delete process.env.WX_TEMPLATE_REVIEW
    delete process.env.WX_TEMPLATE_PROGRESS
  })

  const get = (token: string, url: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) })
  const post = (token: string, url: string, payload?: object) => t.app.inject({ method: 'POST', url, headers: bearer(token), ...(payload ? { payload } : {}) })
  const caseIdOf = async (houseId: number) =>
    Number((await t.db.handle.db.selectFrom('move_in_cases').select('id').where('house_id', '=', houseId).executeTakeFirstOrThrow()).id)

  test('a stage change produces one owner notification; stages opening together make one message', async () => {
    const s = await verifyAs(t, 1, { delegate: { name: '孙委托', idNumber: makeIdNumber() } })
    // a delegate's case opens nothing until the power of attorney is approved
    expect((await get(s.sessionToken, '/api/owner/notifications')).json()).toMatchObject({ items: [], total: 0, unread: 0 })
    const m = multipart(PDF, 'poa.pdf')
    await t.app.inject({ method: 'POST', url: '/api/owner/documents/power_of_attorney/files', headers: { ...bearer(s.sessionToken), ...m.headers }, payload: m.payload })
    // submitting is the owner's own act: no notification
    expect((await get(s.sessionToken, '/api/owner/notifications')).json().total).toBe(0)
    const reviewer = await staffLogin(t, 'reviewer')
    const caseId = await caseIdOf(s.house.id)
    t.clock.advance(60_000)
    await post(reviewer, `/api/staff/reviews/${caseId}/items/power_of_attorney`, { decision: 'approve' })
    const list = (await get(s.sessionToken, '/api/owner/notifications')).json()
    // one event, one message: the review leads, the stages it opened are one line of it
    expect(list.items).toHaveLength(1)
    expect(list.items[0]).toMatchObject({ kind: 'delegate_review', readAt: null })
    const opened = list.items[0].body.split('\n').filter((l: string) => l.startsWith('同时：'))
    expect(opened).toHaveLength(1)
    expect(opened[0]).toMatch(/^同时：(「[^」]+」){2,}已可办理$/)
    const p = (await get(s.sessionToken, '/api/owner/progress')).json()
    expect(p.unreadNotifications).toBe(list.unread)
  })

  test('newest first and paged; read one, read all; another case cannot read mine', async () => {
    const a = await verifyAs(t, 2)
    const b = await verifyAs(t, 3)
    const caseA = await caseIdOf(a.house.id)
    // verification itself opened the next stages: one message
    const welcome = (await get(a.sessionToken, '/api/owner/notifications')).json()
    expect(welcome.items.map((n: { kind: string }) => n.kind)).toEqual(['stage_available'])
    await post(a.sessionToken, '/api/owner/notifications/read-all')
    // five separate events (one transaction each: writes of one transaction are one message)
    for (let i = 1; i <= 5; i++) {
      t.clock.advance(1000)
      await t.db.handle.db.transaction().execute(async (tx) => {
        await notifyOwner(tx, { caseId: caseA, kind: 'reservation_reminder', title: `提醒${i}`, body: `正文${i}`, link: '/owner/reserve/index', at: t.clock.now() })
      })
    }
    const p1 = (await get(a.sessionToken, '/api/owner/notifications?page=1&pageSize=2')).json()
    expect(p1.items.map((n: { title: string }) => n.title)).toEqual(['提醒5', '提醒4'])
    expect(p1).toMatchObject({ total: 6, unread: 5, page: 1, pageSize: 2 })
    expect(p1.items[0].link).toBe('/owner/reserve/index')
    const p3 = (await get(a.sessionToken, '/api/owner/notifications?page=3&pageSize=2')).json()
    expect(p3.items.map((n: { kind: string; title: string }) => n.kind === 'stage_available' ? 'welcome' : n.title)).toEqual(['提醒1', 'welcome'])
    expect((await get(a.sessionToken, '/api/owner/notifications?pageSize=500')).statusCode).toBe(400)

    const id = p1.items[0].id
    expect((await post(b.sessionToken, `/api/owner/notifications/${id}/read`)).statusCode).toBe(404)
    expect((await get(b.sessionToken, '/api/owner/notifications')).json().items.map((n: { title: string }) => n.title)).not.toContain('提醒5')
    expect((await post(a.sessionToken, `/api/owner/notifications/${id}/read`)).statusCode).toBe(204)
    expect((await post(a.sessionToken, `/api/owner/notifications/${id}/read`)).statusCode).toBe(204)
    const after = (await get(a.sessionToken, '/api/owner/notifications')).json()
    expect(after.unread).toBe(4)
    expect(after.items[0].readAt).toBe(t.clock.now().toISOString())
    const all = (await post(a.sessionToken, '/api/owner/notifications/read-all')).json()
    expect(all).toEqual({ updated: 4, unread: 0 })
    expect((await get(a.sessionToken, '/api/owner/progress')).json().unreadNotifications).toBe(0)
    expect((await post(a.sessionToken, '/api/owner/notifications/abc/read')).statusCode).toBe(400)
  })

  test('notifyOwner joins the caller transaction: a rollback leaves no notification', async () => {
    const a = await verifyAs(t, 4)
    const caseId = await caseIdOf(a.house.id)
    const before = (await get(a.sessionToken, '/api/owner/notifications')).json().total
    await expect(
      t.db.handle.db.transaction().execute(async (tx) => {
        await notifyOwner(tx, { caseId, kind: 'x', title: 't', body: 'b', at: t.clock.now() })
        throw new Error('boom')
      })
    ).rejects.toThrow('boom')
    expect((await get(a.sessionToken, '/api/owner/notifications')).json().total).toBe(before)
  })

  test('subscription messages: sandbox by default, one credit per acceptance, no personal data stored', async () => {
    expect(subscribeConfig({}).sandbox).toBe(true)
    process.env.WX_TEMPLATE_REVIEW = 'tpl-review-1'
    process.env.WX_TEMPLATE_PROGRESS = 'tpl-progress-1'
    const a = await verifyAs(t, 5)
    const caseId = await caseIdOf(a.house.id)
    const offered = (await get(a.sessionToken, '/api/owner/subscriptions')).json()
    expect(offered).toMatchObject({ sandbox: true })
    expect(offered.templates.map((x: { templateId: string }) => x.templateId)).toEqual(['tpl-review-1', 'tpl-progress-1'])
    // more than 3 at once is refused; unknown ids are ignored
    expect((await post(a.sessionToken, '/api/owner/subscriptions', { accepted: ['a', 'b', 'c', 'd'] })).statusCode).toBe(400)
    const rec = (await post(a.sessionToken, '/api/owner/subscriptions', { accepted: ['tpl-review-1', 'unknown'] })).json()
    expect(rec.recorded).toEqual(['tpl-review-1'])

    await t.db.handle.db.transaction().execute(async (tx) => {
      await notifyOwner(tx, { caseId, kind: 'document_rejected', title: '「业主身份证」未通过审核', body: '原因：照片模糊', at: t.clock.now() })
      await notifyOwner(tx, { caseId, kind: 'document_approved', title: '第二条', body: '无额度', at: t.clock.now() })
      await notifyOwner(tx, { caseId, kind: 'stage_done', title: '未订阅', body: '无额度', at: t.clock.now() })
    })
    await flushOutbox(t.db.handle.db, { now: t.clock.now })
    const rows = await t.db.handle.db.selectFrom('wx_messages').selectAll().where('case_id', '=', caseId).execute()
    expect(rows).toHaveLength(1) // one credit, one message
    expect(rows[0]).toMatchObject({ template_id: 'tpl-review-1', kind: 'document_rejected', status: 'sandbox' })
    expect(JSON.stringify(rows)).not.toContain('照片模糊')
  })

  test('real sending calls subscribe/send with the linked openid and records the result', async () => {
    process.env.WX_TEMPLATE_REVIEW = 'tpl-review-1'
    const a = await verifyAs(t, 6)
    const caseId = await caseIdOf(a.house.id)
    await t.db.handle.db
      .insertInto('wechat_links')
      .values({ openid: 'openid-6', house_id: a.house.id, case_id: caseId, owner_id: null, role: 'owner', delegate_id: null, created_at: t.clock.now().toISOString() })
      .execute()
    await post(a.sessionToken, '/api/owner/subscriptions', { accepted: ['tpl-review-1'] })
    await t.db.handle.db.transaction().execute((tx) => notifyOwner(tx, { caseId, kind: 'document_approved', title: '「购房合同」已审核通过', body: '感谢', at: t.clock.now() }))
    const calls: { url: string; body?: string }[] = []
    const fetch = async (url: string, init?: { body?: string }) => {
      calls.push({ url, body: init?.body })
      return { ok: true, json: async () => (url.includes('/cgi-bin/token') ? { access_token: 'AT', expires_in: 7200 } : { errcode: 0 }) }
    }
    const cfg = { ...subscribeConfig({ WX_APPID: 'wxapp', WX_SECRET: 's', WX_TEMPLATE_REVIEW: 'tpl-review-1' }) }
    expect(cfg.sandbox).toBe(false)
    expect(await flushOutbox(t.db.handle.db, { cfg, fetch, now: t.clock.now })).toBe(1)
    const send = calls.find((c) => c.url.includes('/cgi-bin/message/subscribe/send'))!
    expect(send.url).toContain('access_token=AT')
    expect(JSON.parse(send.body!)).toMatchObject({ touser: 'openid-6', template_id: 'tpl-review-1' })
    const row = await t.db.handle.db.selectFrom('wx_messages').select('status').where('case_id', '=', caseId).executeTakeFirstOrThrow()
    expect(row.status).toBe('sent')
  })

  test('a subscription message states the China wall-clock time, also across midnight (15:59:59Z vs 16:00Z)', async () => {
    process.env.WX_TEMPLATE_REVIEW = 'tpl-review-1'
    const a = await verifyAs(t, 7)
    const caseId = await caseIdOf(a.house.id)
    await t.db.handle.db
      .insertInto('wechat_links')
      .values({ openid: 'openid-7', house_id: a.house.id, case_id: caseId, owner_id: null, role: 'owner', delegate_id: null, created_at: t.clock.now().toISOString() })
      .execute()
    await post(a.sessionToken, '/api/owner/subscriptions', { accepted: ['tpl-review-1'] })
    await post(a.sessionToken, '/api/owner/subscriptions', { accepted: ['tpl-review-1'] })
    // two events (separate transactions, kinds that do not batch: each is its own message)
    await t.db.handle.db.transaction().execute(async (tx) => {
      await notifyOwner(tx, { caseId, kind: 'document_approved', title: '「购房合同」已审核通过', body: '感谢', at: new Date('2026-03-01T15:59:59.000Z') })
    })
    await t.db.handle.db.transaction().execute(async (tx) => {
      await notifyOwner(tx, { caseId, kind: 'delegate_review', title: '委托人已审核通过', body: '感谢', at: new Date('2026-03-01T16:00:00.000Z') })
    })
    const sent: string[] = []
    const fetch = async (url: string, init?: { body?: string }) => {
      if (url.includes('/subscribe/send')) sent.push(JSON.parse(init!.body!).data.time2.value)
      return { ok: true, json: async () => (url.includes('/cgi-bin/token') ? { access_token: 'AT', expires_in: 7200 } : { errcode: 0 }) }
    }
    const cfg = subscribeConfig({ WX_APPID: 'wxapp', WX_SECRET: 's', WX_TEMPLATE_REVIEW: 'tpl-review-1' })
    expect(await flushOutbox(t.db.handle.db, { cfg, fetch, now: t.clock.now })).toBe(2)
    expect(sent.sort()).toEqual(['2026-03-01 23:59', '2026-03-02 00:00'])
  })
})

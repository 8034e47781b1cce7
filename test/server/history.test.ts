import { demoOwnerCredentials, demoOwnerIdNumber } from '../../server/src/seed/demo'
import { PNG_1x1, bearer, createTestApp, dialects, multipart, staffLogin, verifyAs, type TestApp } from './harness'

/*
 * 房屋档案 (GET /api/staff/houses/:houseId/history): a demo house is driven over the API
 * through verification, documents (one rejected, then approved), a reservation and a counter
 * payment; the history then shows every stage event with who and when, the identity masked,
 * file links only for the roles that may open files, and nothing of another community.
 */
const HOUSE = 7
let keySeq = 0
const newKey = () => `hist-${process.pid}-${++keySeq}-abcdef`

describe.each(dialects())('house history (%s)', (dialect) => {
  let t: TestApp
  let houseId: number
  let caseId: number
  let reviewer: string
  let manager: string
  let reception: string
  let slot: { id: number; date: string; start_time: string; end_time: string }

  const get = (token: string, url: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) })
  const post = (token: string, url: string, payload?: object) => t.app.inject({ method: 'POST', url, headers: bearer(token), payload: payload ?? {} })
  const history = (token: string, id = houseId) => get(token, `/api/staff/houses/${id}/history`)
  const upload = (token: string, item: string) => {
    const m = multipart(PNG_1x1, 'page.png')
    return t.app.inject({ method: 'POST', url: `/api/owner/documents/${item}/files`, headers: { ...bearer(token), ...m.headers }, payload: m.payload })
  }
  const ok = (res: { statusCode: number; body: string }) => {
    if (res.statusCode >= 300) throw new Error(`${res.statusCode} ${res.body}`)
    return res
  }

  beforeAll(async () => {
    t = await createTestApp(dialect)
    reviewer = await staffLogin(t, 'reviewer')
    manager = await staffLogin(t, 'manager')
    reception = await staffLogin(t, 'reception')

    // verification, then the two required documents; the contract is rejected once
    const s = await verifyAs(t, HOUSE)
    houseId = s.house.id
    const owner = s.sessionToken
    ok(await post(owner, '/api/owner/consents', { kind: 'id_photo' }))
    for (const item of ['owner_id_card', 'purchase_contract']) {
      ok(await upload(owner, item))
      ok(await post(owner, `/api/owner/documents/${item}/submit`))
    }
    caseId = Number((await t.db.handle.db.selectFrom('move_in_cases').select('id').where('house_id', '=', houseId).executeTakeFirstOrThrow()).id)
    t.clock.advance(60 * 60_000)
    ok(await post(reviewer, `/api/staff/reviews/${caseId}/items/owner_id_card`, { decision: 'approve' }))
    ok(await post(reviewer, `/api/staff/reviews/${caseId}/items/purchase_contract`, { decision: 'reject', reason: '缺少页面' }))
    t.clock.advance(60 * 60_000)
    ok(await upload(owner, 'purchase_contract'))
    ok(await post(owner, '/api/owner/documents/purchase_contract/submit'))
    t.clock.advance(30 * 60_000)
    ok(await post(reviewer, `/api/staff/reviews/${caseId}/items/purchase_contract`, { decision: 'approve' }))

    // a seeded slot of the house's batch, a week or more ahead
    const house = await t.db.handle.db.selectFrom('houses').select(['community_id', 'batch']).where('id', '=', houseId).executeTakeFirstOrThrow()
    slot = await t.db.handle.db
      .selectFrom('slots')
      .select(['id', 'date', 'start_time', 'end_time'])
      .where('community_id', '=', house.community_id)
      .where('batch', '=', house.batch)
      .where('date', '>=', '2026-03-09')
      .orderBy('date')
      .orderBy('start_time')
      .executeTakeFirstOrThrow()
    t.clock.advance(10 * 60_000)
    ok(await post(owner, '/api/owner/reservation', { slotId: Number(slot.id), idempotencyKey: newKey() }))

    // the bill, paid in full at the counter
    const bill = (await get(owner, '/api/owner/bill')).json()
    const cashier = await staffLogin(t, 'cashier')
    ok(await post(cashier, '/api/staff/payments', { caseId, method: 'cash', amountCents: bill.totalCents ?? bill.bill?.totalCents, idempotencyKey: newKey() }))
  })
  afterAll(async () => t.close())

  test('every stage event is listed oldest first with the actor and the time', async () => {
    const res = await history(manager)
    expect(res.statusCode).toBe(200)
    const h = res.json()
    expect(h.house).toMatchObject({ id: houseId, caseId, label: demoOwnerCredentials(HOUSE).label, verifiedRole: 'owner' })
    const events = h.events as { stage: string; fromStatus: string; toStatus: string; actorType: string; actorLabel: string; at: string }[]
    const times = events.map((e) => e.at)
    expect([...times].sort()).toEqual(times)
    for (const e of events) expect(Number.isNaN(Date.parse(e.at))).toBe(false)
    expect(events.find((e) => e.stage === 'verify' && e.toStatus === 'done')).toMatchObject({ actorType: 'owner', actorLabel: '业主' })
    // the reviewer's approval finished the documents stage: the staff member's name, at the review time
    const docsDone = events.find((e) => e.stage === 'documents' && e.toStatus === 'done')!
    expect(docsDone.actorType).toBe('staff')
    expect(docsDone.actorLabel).not.toBe('')
    const review = await t.db.handle.db
      .selectFrom('document_submissions')
      .select('reviewed_at')
      .where('case_id', '=', caseId)
      .where('item_code', '=', 'purchase_contract')
      .executeTakeFirstOrThrow()
    expect(docsDone.at).toBe(review.reviewed_at)
    // the rejection put the documents stage in attention, by the reviewer
    expect(events.some((e) => e.stage === 'documents' && e.toStatus === 'attention' && e.actorType === 'staff')).toBe(true)
    expect(events.some((e) => e.stage === 'reserve' && e.toStatus === 'done')).toBe(true)
    expect(events.some((e) => e.stage === 'fees' && e.toStatus === 'done')).toBe(true)
  })

  test('the sections: documents with review, the reservation, payments with the receipt', async () => {
    const h = (await history(manager)).json()
    const contract = h.documents.find((d: { itemCode: string }) => d.itemCode === 'purchase_contract')
    expect(contract).toMatchObject({ status: 'approved', title: expect.any(String) })
    expect(contract.reviewedBy).toBeTruthy()
    expect(contract.files.length).toBeGreaterThanOrEqual(1)
    expect(h.reservation).toMatchObject({ date: slot.date, startTime: slot.start_time, endTime: slot.end_time, status: 'active' })
    expect(h.payments.bill.status).toBe('paid')
    const paid = h.payments.orders.filter((o: { status: string }) => o.status === 'paid')
    expect(paid).toHaveLength(1)
    expect(paid[0]).toMatchObject({ method: 'cash', amountCents: h.payments.bill.totalCents })
    expect(paid[0].receipt.number).toBeTruthy()
    expect(h.defects).toEqual([])
    expect(h.keys).toBeNull()
    expect(h.survey).toBeNull()
    expect(h.house.stages.find((s: { stage: string }) => s.stage === 'documents').status).toBe('done')
  })

  test('identity is masked and the full ID number appears nowhere, nor in the logs', async () => {
    const res = await history(reception)
    expect(res.statusCode).toBe(200)
    const full = demoOwnerIdNumber(HOUSE)
    const name = demoOwnerCredentials(HOUSE).ownerName
    expect(res.body).not.toContain(full)
    expect(res.body).not.toContain(name)
    const [owner] = res.json().house.owners
    expect(owner.idMasked).toBe(`${full.slice(0, 4)}${'*'.repeat(10)}${full.slice(-4)}`)
    expect(owner.name.startsWith(name[0])).toBe(true)
    expect(owner.name).toContain('*')
    expect(t.logs.join('\n')).not.toContain(full)
  })

  test('file links only for the reviewer and the manager; reception sees that files exist', async () => {
    for (const token of [reviewer, manager]) {
      const h = (await history(token)).json()
      expect(h.filesVisible).toBe(true)
      const file = h.documents.find((d: { itemCode: string }) => d.itemCode === 'owner_id_card').files[0]
      expect(file.url).toBe(`/api/staff/files/${file.uploadId}`)
      const open = await get(token, file.url)
      expect(open.statusCode).toBe(200)
      expect(open.headers['content-type']).toContain('image/png')
    }
    const res = await history(reception)
    const h = res.json()
    expect(h.filesVisible).toBe(false)
    const files = h.documents.flatMap((d: { files: { url: string | null }[] }) => d.files)
    expect(files.length).toBeGreaterThanOrEqual(2)
    expect(files.every((f: { url: string | null }) => f.url === null)).toBe(true)
    expect(res.body).not.toContain('/api/staff/files/')
  })

  test('cashier and inspector are refused with 403, owners and strangers with 401', async () => {
    for (const role of ['cashier', 'inspector']) {
      const res = await history(await staffLogin(t, role))
      expect([role, res.statusCode]).toEqual([role, 403])
    }
    const owner = await verifyAs(t, HOUSE)
    expect((await history(owner.sessionToken)).statusCode).toBe(401)
    expect((await t.app.inject({ method: 'GET', url: `/api/staff/houses/${houseId}/history` })).statusCode).toBe(401)
  })

  test("another community's house is 404, like a house that does not exist", async () => {
    const db = t.db.handle.db
    const at = t.clock.now().toISOString()
    const c = await db.insertInto('communities').values({ name: '别的小区', created_at: at }).returning('id').executeTakeFirstOrThrow()
    const b = await db.insertInto('buildings').values({ community_id: Number(c.id), name: '9栋' }).returning('id').executeTakeFirstOrThrow()
    const other = await db
      .insertInto('houses')
      .values({ community_id: Number(c.id), building_id: Number(b.id), unit: '1', room: '101', area: 90, batch: '第一批', invite_token: `other-${process.pid}`, created_at: at, token_issued_at: at })
      .returning('id')
      .executeTakeFirstOrThrow()
    const res = await history(manager, Number(other.id))
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('NOT_FOUND')
    expect(res.body).not.toContain('9栋')
    expect((await history(manager, 2147483000)).statusCode).toBe(404)
    expect((await get(manager, '/api/staff/houses/abc/history')).statusCode).toBe(400)
  })

  test('a house nobody has verified yet: no case, the checklist all missing, no events', async () => {
    const fresh = await t.db.handle.db
      .selectFrom('houses')
      .leftJoin('move_in_cases as mc', 'mc.house_id', 'houses.id')
      .select('houses.id')
      .where('mc.id', 'is', null)
      .orderBy('houses.id')
      .executeTakeFirstOrThrow()
    const h = (await history(reception, Number(fresh.id))).json()
    expect(h.house).toMatchObject({ caseId: null, currentStage: 'verify', verifiedAt: null })
    expect(h.events).toEqual([])
    expect(h.documents.length).toBeGreaterThan(0)
    expect(h.documents.every((d: { status: string }) => d.status === 'missing')).toBe(true)
  })

  test('each look at a history is audited as a staff access, a refused one too', async () => {
    const before = await t.db.handle.db.selectFrom('audit_log').select(['actor_id', 'target', 'detail']).where('action', '=', 'house.history').execute()
    await history(reception)
    await history(reception, 2147483000)
    const after = await t.db.handle.db.selectFrom('audit_log').select(['actor_id', 'target', 'detail']).where('action', '=', 'house.history').execute()
    const added = after.slice(before.length)
    expect(added.map((a) => [a.target, a.detail])).toEqual([
      [`house:${houseId}`, ''],
      ['house:2147483000', 'not_found']
    ])
    expect(added.every((a) => a.actor_id !== null)).toBe(true)
  })
})

describe.each(dialects())('house history over the living demo (%s)', (dialect) => {
  let t: TestApp
  let manager: string
  beforeAll(async () => {
    t = await createTestApp(dialect)
    const { seedDemoActivity } = await import('../../server/src/seed/activity')
    await seedDemoActivity(t.db.handle.db, t.config)
    manager = await staffLogin(t, 'manager')
  }, 300_000)
  afterAll(async () => t.close())
  const history = (houseId: number) => t.app.inject({ method: 'GET', url: `/api/staff/houses/${houseId}/history`, headers: bearer(manager) })

  test('a handed-over house shows the inspection, the keys with counts and the survey scores', async () => {
    const db = t.db.handle.db
    const row = await db
      .selectFrom('key_handovers as k')
      .innerJoin('move_in_cases as mc', 'mc.id', 'k.case_id')
      .innerJoin('survey_responses as s', 's.case_id', 'k.case_id')
      .select(['mc.house_id'])
      .orderBy('mc.house_id')
      .executeTakeFirstOrThrow()
    const h = (await history(Number(row.house_id))).json()
    expect(h.keys.keys.length).toBeGreaterThan(0)
    expect(h.keys.keys.every((k: { label: string; count: number }) => k.label !== '' && k.count > 0)).toBe(true)
    expect(h.keys.staff).not.toBe('')
    expect(h.inspections.length).toBeGreaterThan(0)
    expect(h.survey.items.length).toBe(6)
    expect(h.survey.items.every((i: { title: string; score: number }) => i.title !== '' && i.score >= 1 && i.score <= 5)).toBe(true)
    expect(h.survey.csi).toBeGreaterThanOrEqual(0)
    expect(h.events.some((e: { stage: string; toStatus: string }) => e.stage === 'keys' && e.toStatus === 'done')).toBe(true)
  })

  test('a house with open repairs lists its defects with the repair status; an overdue one is marked', async () => {
    const db = t.db.handle.db
    const defects = await db
      .selectFrom('defects as d')
      .innerJoin('move_in_cases as mc', 'mc.id', 'd.case_id')
      .innerJoin('repair_orders as r', 'r.defect_id', 'd.id')
      .select(['mc.house_id', 'r.due_date', 'r.status'])
      .execute()
    expect(defects.length).toBeGreaterThan(0)
    const today = t.clock.now().toISOString().slice(0, 10)
    const late = defects.find((d) => d.status === 'open' && d.due_date !== null && d.due_date < today)
    const h = (await history(Number((late ?? defects[0]).house_id))).json()
    expect(h.defects.length).toBeGreaterThan(0)
    expect(h.defects.every((d: { repair: { status: string } | null }) => d.repair !== null)).toBe(true)
    if (late) expect(h.defects.some((d: { overdue: boolean }) => d.overdue)).toBe(true)
  })

  test('every house of the demo community answers (the response schema holds for every stage)', async () => {
    const houses = await t.db.handle.db.selectFrom('move_in_cases').select('house_id').execute()
    for (const { house_id } of houses) {
      const res = await history(Number(house_id))
      expect([house_id, res.statusCode]).toEqual([house_id, 200])
    }
  }, 60_000)
})

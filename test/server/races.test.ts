/*
 * Read-then-write races (issue 9 item 7) and errors that used to be swallowed (item 8).
 * Each burst is many requests at once through app.inject; the bursts run on PostgreSQL only,
 * where READ COMMITTED lets two transactions read the same state (SQLite serialises writers,
 * so a burst there proves nothing).
 */
import { bearer, createTestApp, dialects, makeIdNumber, multipart, rejectionOf, staffLogin, verifyAs, type TestApp } from './harness'
import { createOrder, ownerOf, paidTx, postNotify, signedNotification } from './payments.helpers'

const HOUR = 3_600_000
/** A minimal PDF page (images are decoded on upload; a PDF page keeps these tests about the race). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')

describe.each(dialects())('read-then-write races and swallowed errors (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { uploadMaxBytes: 64 * 1024, publicUrl: 'http://127.0.0.1:9' } })
  })
  afterAll(async () => t.close())

  const upload = (token: string, item: string, name = 'page.pdf') => {
    const m = multipart(PDF, name)
    return t.app.inject({ method: 'POST', url: `/api/owner/documents/${item}/files`, headers: { ...bearer(token), ...m.headers }, payload: m.payload })
  }
  const livePages = (caseItem: { caseId?: number }, item: string) =>
    t.app.db
      .selectFrom('uploads')
      .select(['id', 'page'])
      .where('item_code', '=', item)
      .where('deleted_at', 'is', null)
      .where('purpose', '=', 'document')
      .$if(caseItem.caseId !== undefined, (q) => q.where('case_id', '=', caseItem.caseId!))
      .orderBy('page')
      .execute()
  const caseOfHouse = async (houseId: number) =>
    Number((await t.app.db.selectFrom('move_in_cases').select('id').where('house_id', '=', houseId).executeTakeFirstOrThrow()).id)
  const readyCount = async () => (await t.app.inject({ method: 'GET', url: '/api/ready' })).json().decryptFailures as number

  test('an ID number that does not decrypt shows （无法解密）, is logged by its kind without data, and is counted in /api/ready', async () => {
    const s = await verifyAs(t, 30)
    const owner = await t.app.db.selectFrom('registered_owners').select(['id', 'id_cipher']).where('house_id', '=', s.house.id).executeTakeFirstOrThrow()
    const broken = `${owner.id_cipher.slice(0, -6)}AAAAAA`
    await t.app.db.updateTable('registered_owners').set({ id_cipher: broken }).where('id', '=', owner.id).execute()
    const before = await readyCount()
    const logsBefore = t.logs.length

    const reception = await staffLogin(t, 'reception')
    const label = encodeURIComponent(s.house.label.split(' ').pop() ?? s.house.label)
    const list = await t.app.inject({ method: 'GET', url: `/api/staff/houses?q=${label}`, headers: bearer(reception) })
    expect(list.statusCode).toBe(200)
    const row = list.json().items.find((i: { houseId: number }) => i.houseId === s.house.id)
    expect(row.ownerIdMasked).toBe('（无法解密）')
    // the owner sees nothing there rather than the mark; it is counted too
    const me = (await t.app.inject({ method: 'GET', url: '/api/owner/me', headers: bearer(s.sessionToken) })).json()
    expect(me.ownerIdMasked).toBe('')

    expect(await readyCount()).toBe(before + 2)
    const lines = t.logs.slice(logsBefore).filter((l) => l.includes('decrypt failed'))
    expect(lines).toHaveLength(2)
    for (const l of lines) {
      expect(JSON.parse(l)).toMatchObject({ level: 50, kind: 'registered_owners.id_cipher', msg: 'decrypt failed' })
      expect(l).not.toContain(broken.slice(0, 12))
      // no record id or any other data field: only the logger's own fields and the kind (a digit
      // search would also match the timestamp)
      expect(Object.keys(JSON.parse(l)).sort()).toEqual(['hostname', 'kind', 'level', 'msg', 'pid', 'time'])
    }
    await t.app.db.updateTable('registered_owners').set({ id_cipher: owner.id_cipher }).where('id', '=', owner.id).execute()
  })

  test('an overpayment opens a refund task that the cashier sees and closes', async () => {
    const o = await ownerOf(t, 31)
    const { order: first } = await createOrder(t, o.headers)
    // an order older than two hours is not handed off again: the owner gets a second one
    t.clock.advance(3 * HOUR)
    const { order: second } = await createOrder(t, o.headers)
    expect(second.id).not.toBe(first.id)
    expect((await postNotify(t, await signedNotification(t, paidTx(first)))).statusCode).toBe(204)
    expect((await postNotify(t, await signedNotification(t, paidTx(second, { transaction_id: '4200000000202603029999999999' })))).statusCode).toBe(204)

    const cashier = await staffLogin(t, 'cashier')
    const tasks = (await t.app.inject({ method: 'GET', url: '/api/staff/tasks', headers: bearer(cashier) })).json()
    const caseId = await caseOfHouse(o.house.id)
    const task = tasks.items.find((x: { caseId: number; kind: string }) => x.caseId === caseId && x.kind === 'overpayment_refund')
    expect(task).toMatchObject({ kindLabel: '超额缴费退款', assigneeRole: 'cashier', status: 'open' })
    const over = /^超额缴纳 ¥([\d,]+\.\d{2})（收据 AJ-\d{8}-\d{6}）/.exec(task.reason)
    expect(Number(over?.[1].replace(/,/g, ''))).toBe(second.amountCents / 100)
    const done = await t.app.inject({ method: 'POST', url: `/api/staff/tasks/${task.id}/done`, headers: bearer(cashier), payload: { note: '已原路退回微信' } })
    expect(done.statusCode).toBe(200)
    expect(done.json()).toMatchObject({ status: 'done', note: '已原路退回微信' })
  })

  test('a card or transfer counter payment without its slip / transfer reference is refused with a code and records nothing', async () => {
    const o = await ownerOf(t, 32)
    const cashier = await staffLogin(t, 'cashier')
    for (const method of ['card', 'bank_transfer'] as const) {
      for (const reference of [undefined, '   ']) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/staff/payments',
          headers: bearer(cashier),
          payload: { houseId: o.house.id, method, amountCents: 1000, ...(reference !== undefined ? { reference } : {}) }
        })
        expect(res.statusCode).toBe(400)
        expect(res.json().error.code).toBe('PAYMENT_REFERENCE_REQUIRED')
      }
    }
    const bill = (await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: o.headers })).json()
    expect(bill.paidCents).toBe(0)
    const card = await t.app.inject({ method: 'POST', url: '/api/staff/payments', headers: bearer(cashier), payload: { houseId: o.house.id, method: 'card', amountCents: 1000, reference: 'POS 001234' } })
    expect(card.statusCode).toBe(200)
    expect(card.json().receipt.reference).toBe('POS 001234')
    const cash = await t.app.inject({ method: 'POST', url: '/api/staff/payments', headers: bearer(cashier), payload: { houseId: o.house.id, method: 'cash', amountCents: 1000 } })
    expect(cash.statusCode).toBe(200)
  })

  if (dialect !== 'postgres') return

  test('12 uploads of one item at once: 10 stored as pages 1..10, 2 refused with the page limit', async () => {
    const s = await verifyAs(t, 33)
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => upload(s.sessionToken, 'purchase_contract', `p${i}.pdf`)))
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(10)
    const refused = results.filter((r) => r.statusCode !== 200)
    expect(refused.map((r) => r.statusCode)).toEqual([409, 409])
    expect(refused[0].json().error.message).toContain('最多上传 10 页')
    const pages = await livePages({ caseId: await caseOfHouse(s.house.id) }, 'purchase_contract')
    expect(pages.map((p) => Number(p.page))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  test('the database refuses a second live page with the same number (the backstop of the lock)', async () => {
    const s = await verifyAs(t, 34)
    expect((await upload(s.sessionToken, 'purchase_contract')).statusCode).toBe(200)
    const caseId = await caseOfHouse(s.house.id)
    const refused = await rejectionOf(
      t.app.db
        .insertInto('uploads')
        .values({ case_id: caseId, item_code: 'purchase_contract', purpose: 'document', storage_key: `dup-${caseId}`, mime: 'image/png', size: 1, sha256: 'x', page: 1, uploaded_by: 'owner', created_at: new Date().toISOString(), deleted_at: null })
        .execute()
    )
    expect(refused).toMatch(/uploads_document_page_uq|UNIQUE constraint failed: uploads\./)
  })

  test('deleting both pages of a submitted item at once: one deletion, one page kept', async () => {
    const s = await verifyAs(t, 35)
    const ids: number[] = []
    for (const n of ['a.pdf', 'b.pdf']) ids.push((await upload(s.sessionToken, 'purchase_contract', n)).json().upload.id)
    expect((await t.app.inject({ method: 'POST', url: '/api/owner/documents/purchase_contract/submit', headers: bearer(s.sessionToken) })).statusCode).toBe(200)
    const results = await Promise.all(
      ids.map((id) => t.app.inject({ method: 'DELETE', url: `/api/owner/documents/purchase_contract/files/${id}`, headers: bearer(s.sessionToken) }))
    )
    expect(results.map((r) => r.statusCode).sort()).toEqual([204, 409])
    const pages = await livePages({ caseId: await caseOfHouse(s.house.id) }, 'purchase_contract')
    expect(pages.map((p) => Number(p.page))).toEqual([1])
  })

  test('the ID-photo consent tapped 6 times at once: one consent, one time', async () => {
    const s = await verifyAs(t, 36)
    const results = await Promise.all(
      Array.from({ length: 6 }, () => t.app.inject({ method: 'POST', url: '/api/owner/consents', headers: bearer(s.sessionToken), payload: { kind: 'id_photo' } }))
    )
    expect(results.every((r) => r.statusCode === 200)).toBe(true)
    expect(new Set(results.map((r) => r.json().at)).size).toBe(1)
    const rows = await t.app.db.selectFrom('consents').select('id').where('case_id', '=', await caseOfHouse(s.house.id)).execute()
    expect(rows).toHaveLength(1)
  })

  test('two reviewers decide one delegate at once: one decision, one notification', async () => {
    const s = await verifyAs(t, 37, { delegate: { name: '郑委托', idNumber: makeIdNumber('44030519800101001') } })
    expect((await upload(s.sessionToken, 'power_of_attorney', 'poa.pdf')).statusCode).toBe(200)
    const [reviewer, manager] = [await staffLogin(t, 'reviewer'), await staffLogin(t, 'manager')]
    const list = (await t.app.inject({ method: 'GET', url: '/api/staff/delegates?status=pending_review', headers: bearer(reviewer) })).json()
    const id = list.items.find((i: { houseId: number }) => i.houseId === s.house.id).id
    const results = await Promise.all([
      t.app.inject({ method: 'POST', url: `/api/staff/delegates/${id}/review`, headers: bearer(reviewer), payload: { decision: 'approve' } }),
      t.app.inject({ method: 'POST', url: `/api/staff/delegates/${id}/review`, headers: bearer(manager), payload: { decision: 'reject', reason: '委托书缺少签字' } }),
      t.app.inject({ method: 'POST', url: `/api/staff/delegates/${id}/review`, headers: bearer(reviewer), payload: { decision: 'approve' } })
    ])
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1)
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(2)
    const notes = await t.app.db.selectFrom('notifications').select('id').where('case_id', '=', await caseOfHouse(s.house.id)).where('kind', '=', 'delegate_review').execute()
    expect(notes).toHaveLength(1)
  })

  test('the same building name saved 5 times at once: one building, the rest SETUP_DUPLICATE', async () => {
    const manager = await staffLogin(t, 'manager')
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.app.inject({ method: 'POST', url: '/api/staff/setup/buildings', headers: bearer(manager), payload: { name: '并发楼' } }))
    )
    expect(results.filter((r) => r.statusCode < 300)).toHaveLength(1)
    expect(results.filter((r) => r.statusCode === 409).map((r) => r.json().error.code)).toEqual(Array(4).fill('SETUP_DUPLICATE'))
    expect(await t.app.db.selectFrom('buildings').select('id').where('name', '=', '并发楼').execute()).toHaveLength(1)
  })

  test('the same fee item code saved 5 times at once: one fee item', async () => {
    const manager = await staffLogin(t, 'manager')
    const payload = { kind: 'race_fee', label: '并发收费', basis: 'flat', rateCents: 1000 }
    const results = await Promise.all(Array.from({ length: 5 }, () => t.app.inject({ method: 'POST', url: '/api/staff/setup/fees', headers: bearer(manager), payload })))
    expect(results.filter((r) => r.statusCode < 300)).toHaveLength(1)
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(4)
    expect(await t.app.db.selectFrom('fee_rates').select('id').where('kind', '=', 'race_fee').execute()).toHaveLength(1)
  })

  test('the same contractor name created 5 times at once: one 201, the rest 409 (not 500)', async () => {
    const manager = await staffLogin(t, 'manager')
    const payload = { name: '并发施工队', trades: [], contactName: '', contactPhone: '' }
    const results = await Promise.all(Array.from({ length: 5 }, () => t.app.inject({ method: 'POST', url: '/api/staff/contractors', headers: bearer(manager), payload })))
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409])
  })

  test('three online payments of one balance settling at once: one refund task, not two', async () => {
    const o = await ownerOf(t, 38)
    const orders = []
    for (let i = 0; i < 3; i++) {
      orders.push((await createOrder(t, o.headers)).order)
      t.clock.advance(3 * HOUR)
    }
    const results = await Promise.all(
      orders.map(async (order, i) => postNotify(t, await signedNotification(t, paidTx(order, { transaction_id: `42000000002026030200000000${i}0` }))))
    )
    expect(results.map((r) => r.statusCode)).toEqual([204, 204, 204])
    const tasks = await t.app.db
      .selectFrom('followup_tasks')
      .select('id')
      .where('case_id', '=', await caseOfHouse(o.house.id))
      .where('kind', '=', 'overpayment_refund')
      .where('status', '=', 'open')
      .execute()
    expect(tasks).toHaveLength(1)
  })
})

import { PNG_1x1, bearer, createTestApp, dialects, makeIdNumber, multipart, staffLogin, verifyAs, type TestApp } from './harness'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(64)])

describe.each(dialects())('documents and the delegate power of attorney (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { uploadMaxBytes: 64 * 1024 } })
  })
  afterAll(async () => t.close())

  const upload = (token: string, item: string, file: Buffer, name = 'poa.pdf') => {
    const m = multipart(file, name)
    return t.app.inject({ method: 'POST', url: `/api/owner/documents/${item}/files`, headers: { ...bearer(token), ...m.headers }, payload: m.payload })
  }

  test('delegate uploads the power of attorney; reviewer approves; verify becomes done', async () => {
    const s = await verifyAs(t, 1, { delegate: { name: '孙委托', idNumber: makeIdNumber() } })
    const res = await upload(s.sessionToken, 'power_of_attorney', PDF)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.submission).toEqual({ itemCode: 'power_of_attorney', status: 'submitted' })
    expect(body.upload.mime).toBe('application/pdf')
    expect(body.upload.size).toBe(PDF.length)

    const file = await t.app.inject({ method: 'GET', url: body.upload.url, headers: bearer(s.sessionToken) })
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toBe('application/pdf')
    expect(file.headers['cache-control']).toBe('private, no-store')
    expect(file.rawPayload.equals(PDF)).toBe(true)

    const reviewer = await staffLogin(t, 'reviewer')
    const list = await t.app.inject({ method: 'GET', url: '/api/staff/delegates?status=pending_review', headers: bearer(reviewer) })
    expect(list.statusCode).toBe(200)
    const item = list.json().items.find((i: { houseId: number }) => i.houseId === s.house.id)
    expect(item.delegateName).toBe('孙委托')
    expect(item.delegateIdMasked).toMatch(/^1101\*{10}\d{3}[\dX]$/)
    expect(item.files).toHaveLength(1)
    const staffFile = await t.app.inject({ method: 'GET', url: `/api/staff/files/${item.files[0].uploadId}`, headers: bearer(reviewer) })
    expect(staffFile.statusCode).toBe(200)

    const review = await t.app.inject({ method: 'POST', url: `/api/staff/delegates/${item.id}/review`, headers: bearer(reviewer), payload: { decision: 'approve' } })
    expect(review.statusCode).toBe(200)
    expect(review.json()).toEqual({ id: item.id, status: 'approved' })
    const again = await t.app.inject({ method: 'POST', url: `/api/staff/delegates/${item.id}/review`, headers: bearer(reviewer), payload: { decision: 'approve' } })
    expect(again.statusCode).toBe(409)

    const p = (await t.app.inject({ method: 'GET', url: '/api/owner/progress', headers: bearer(s.sessionToken) })).json()
    expect(p.stages.find((x: { stage: string }) => x.stage === 'verify').status).toBe('done')
    expect(p.events).toEqual(expect.arrayContaining([expect.objectContaining({ stage: 'verify', to: 'done', actor: 'staff:客服 张敏' })]))
    // the review result, and the stages that became available to the delegate: one event, so
    // one message that says both
    expect(p.unreadNotifications).toBe(1)
    const msgs = (await t.app.inject({ method: 'GET', url: '/api/owner/notifications', headers: bearer(s.sessionToken) })).json().items
    expect(msgs).toHaveLength(1)
    expect(msgs[0].kind).toBe('delegate_review')
    expect(msgs[0].body).toMatch(/\n同时：(「[^」]+」)+已可办理$/)
    const audit = await t.db.handle.db.selectFrom('audit_log').select('action').where('action', '=', 'delegate.approve').execute()
    expect(audit).toHaveLength(1)
  })

  test('a rejected power of attorney needs a reason, puts verify in attention, and a new upload goes back to review', async () => {
    const s = await verifyAs(t, 2, { delegate: { name: '周委托', idNumber: makeIdNumber('44030519851010123') } })
    expect((await upload(s.sessionToken, 'power_of_attorney', PNG_1x1, 'poa.png')).statusCode).toBe(200)
    const reviewer = await staffLogin(t, 'manager')
    const list = (await t.app.inject({ method: 'GET', url: '/api/staff/delegates?status=pending_review', headers: bearer(reviewer) })).json()
    const id = list.items.find((i: { houseId: number }) => i.houseId === s.house.id).id
    const noReason = await t.app.inject({ method: 'POST', url: `/api/staff/delegates/${id}/review`, headers: bearer(reviewer), payload: { decision: 'reject' } })
    expect(noReason.statusCode).toBe(400)
    const rej = await t.app.inject({ method: 'POST', url: `/api/staff/delegates/${id}/review`, headers: bearer(reviewer), payload: { decision: 'reject', reason: '委托书缺少业主签字' } })
    expect(rej.statusCode).toBe(200)
    const p = (await t.app.inject({ method: 'GET', url: '/api/owner/progress', headers: bearer(s.sessionToken) })).json()
    expect(p.stages.find((x: { stage: string }) => x.stage === 'verify').status).toBe('attention')
    expect((await upload(s.sessionToken, 'power_of_attorney', PDF)).statusCode).toBe(200)
    const me = (await t.app.inject({ method: 'GET', url: '/api/owner/me', headers: bearer(s.sessionToken) })).json()
    expect(me.delegateStatus).toBe('pending_review')
  })

  test('approving before any power of attorney was uploaded is refused', async () => {
    const s = await verifyAs(t, 3, { delegate: { name: '吴委托', idNumber: makeIdNumber('44030519900101001') } })
    const reviewer = await staffLogin(t, 'reviewer')
    const list = (await t.app.inject({ method: 'GET', url: '/api/staff/delegates', headers: bearer(reviewer) })).json()
    const id = list.items.find((i: { houseId: number }) => i.houseId === s.house.id).id
    const res = await t.app.inject({ method: 'POST', url: `/api/staff/delegates/${id}/review`, headers: bearer(reviewer), payload: { decision: 'approve' } })
    expect(res.statusCode).toBe(409)
  })

  test('the file content decides the type: an executable renamed .pdf is refused with 415', async () => {
    const s = await verifyAs(t, 5, { delegate: { name: '郑委托', idNumber: makeIdNumber('44030519900101002') } })
    const res = await upload(s.sessionToken, 'power_of_attorney', ELF, 'poa.pdf')
    expect(res.statusCode).toBe(415)
    expect(res.json().error.code).toBe('UNSUPPORTED_FILE_TYPE')
    const rows = await t.db.handle.db.selectFrom('uploads').select('id').where('item_code', '=', 'power_of_attorney').execute()
    expect(rows.length).toBe(3) // only the earlier good uploads
  })

  test('an empty file answers FILE_EMPTY, an oversized one 413 FILE_TOO_LARGE, a non-multipart body 400', async () => {
    const s = await verifyAs(t, 6, { delegate: { name: '冯委托', idNumber: makeIdNumber('44030519900101003') } })
    const empty = await upload(s.sessionToken, 'power_of_attorney', Buffer.alloc(0))
    expect(empty.statusCode).toBe(400)
    expect(empty.json().error.code).toBe('FILE_EMPTY')
    const big = await upload(s.sessionToken, 'power_of_attorney', Buffer.concat([PDF, Buffer.alloc(70 * 1024)]))
    expect(big.statusCode).toBe(413)
    expect(big.json().error.code).toBe('FILE_TOO_LARGE')
    const json = await t.app.inject({ method: 'POST', url: '/api/owner/documents/power_of_attorney/files', headers: bearer(s.sessionToken), payload: { file: 'x' } })
    expect(json.statusCode).toBe(400)
    expect(json.json().error.code).toBe('BAD_REQUEST')
  })

  test('an unknown item answers 404; a not-applicable conditional item too', async () => {
    const s = await verifyAs(t, 7)
    expect((await upload(s.sessionToken, 'no_such_item', PDF)).statusCode).toBe(404)
    // an owner acting alone has no power-of-attorney item
    expect((await upload(s.sessionToken, 'power_of_attorney', PDF)).statusCode).toBe(404)
  })

  test('the ID card photo needs the separate consent first', async () => {
    const s = await verifyAs(t, 8)
    const before = await upload(s.sessionToken, 'owner_id_card', PNG_1x1, 'id.png')
    expect(before.statusCode).toBe(403)
    expect(before.json().error.code).toBe('CONSENT_REQUIRED')
    const consent = await t.app.inject({ method: 'POST', url: '/api/owner/consents', headers: bearer(s.sessionToken), payload: { kind: 'id_photo' } })
    expect(consent.statusCode).toBe(200)
    const after = await upload(s.sessionToken, 'owner_id_card', PNG_1x1, 'id.png')
    expect(after.statusCode).toBe(200)
    expect(after.json().upload.mime).toBe('image/png')
    // pages are a draft until the item is submitted
    expect(after.json().submission).toEqual({ itemCode: 'owner_id_card', status: 'missing' })
    const submit = await t.app.inject({ method: 'POST', url: '/api/owner/documents/owner_id_card/submit', headers: bearer(s.sessionToken) })
    expect(submit.statusCode).toBe(200)
    const p = (await t.app.inject({ method: 'GET', url: '/api/owner/progress', headers: bearer(s.sessionToken) })).json()
    expect(p.stages.find((x: { stage: string }) => x.stage === 'documents').status).toBe('in_progress')
  })

  test('a delegate awaiting review cannot upload other documents yet (STAGE_LOCKED)', async () => {
    const s = await verifyAs(t, 9, { delegate: { name: '陈委托', idNumber: makeIdNumber('44030519900101004') } })
    const res = await upload(s.sessionToken, 'purchase_contract', PDF)
    expect(res.statusCode).toBe(409)
    expect(res.json().error.code).toBe('STAGE_LOCKED')
  })
})

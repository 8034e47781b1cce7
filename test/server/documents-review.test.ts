import { JPEG_2x2, PNG_1x1, bearer, createTestApp, dialects, multipart, staffLogin, verifyAs, type TestApp } from './harness'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')
// uploads are decoded: a JPEG fixture has to be a real one
const JPEG = JPEG_2x2
/** A Windows executable renamed to .jpg */
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(128, 0x90)])
const MINUTE = 60_000
const HOUR = 60 * MINUTE

describe.each(dialects())('document checklist and staff review (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { uploadMaxBytes: 64 * 1024 } })
  })
  afterAll(async () => t.close())

  const upload = (token: string, item: string, file: Buffer, name = 'page.png') => {
    const m = multipart(file, name)
    return t.app.inject({ method: 'POST', url: `/api/owner/documents/${item}/files`, headers: { ...bearer(token), ...m.headers }, payload: m.payload })
  }
  const get = (token: string, url: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) })
  const post = (token: string, url: string, payload?: object) => t.app.inject({ method: 'POST', url, headers: bearer(token), ...(payload ? { payload } : {}) })
  const checklist = async (token: string) => (await get(token, '/api/owner/documents')).json()
  const item = (c: { items: { code: string }[] }, code: string) => c.items.find((i) => i.code === code) as any
  const consent = (token: string) => post(token, '/api/owner/consents', { kind: 'id_photo' })
  const stageOf = async (token: string, stage: string) =>
    (await get(token, '/api/owner/progress')).json().stages.find((s: { stage: string }) => s.stage === stage).status

  test('the checklist lists required, optional and (for a delegate only) conditional items', async () => {
    const s = await verifyAs(t, 1)
    const res = await get(s.sessionToken, '/api/owner/documents')
    expect(res.statusCode).toBe(200)
    const c = res.json()
    expect(c.items.map((i: { code: string }) => i.code)).toEqual(['owner_id_card', 'purchase_contract', 'fee_agreement', 'quality_acceptance', 'household_register'])
    expect(item(c, 'owner_id_card')).toMatchObject({ required: true, status: 'missing', pages: [], needsIdConsent: true, editable: true, canSubmit: false })
    expect(item(c, 'fee_agreement')).toMatchObject({ required: false, requirement: 'optional' })
    expect(c).toMatchObject({ idPhotoConsent: false, open: true, reservationOpen: false, maxBytes: 64 * 1024 })
  })

  test('uploads: wrong type, renamed executable, empty and oversize are refused with codes and store nothing', async () => {
    const s = await verifyAs(t, 2)
    const text = await upload(s.sessionToken, 'purchase_contract', Buffer.from('hello, not a picture'), 'contract.jpg')
    expect(text.statusCode).toBe(415)
    expect(text.json().error.code).toBe('UNSUPPORTED_FILE_TYPE')
    const exe = await upload(s.sessionToken, 'purchase_contract', EXE, 'contract.jpg')
    expect(exe.statusCode).toBe(415)
    expect(exe.json().error.code).toBe('UNSUPPORTED_FILE_TYPE')
    const empty = await upload(s.sessionToken, 'purchase_contract', Buffer.alloc(0))
    expect(empty.statusCode).toBe(400)
    expect(empty.json().error.code).toBe('FILE_EMPTY')
    const big = await upload(s.sessionToken, 'purchase_contract', Buffer.concat([PDF, Buffer.alloc(65 * 1024)]), 'c.pdf')
    expect(big.statusCode).toBe(413)
    expect(big.json().error.code).toBe('FILE_TOO_LARGE')
    expect(item(await checklist(s.sessionToken), 'purchase_contract').pages).toEqual([])
  })

  test('several pages per item; a page can be deleted while not approved; pages renumber', async () => {
    const s = await verifyAs(t, 3)
    const ids: number[] = []
    for (const [file, name] of [[PNG_1x1, 'a.png'], [JPEG, 'b.jpg'], [PDF, 'c.pdf']] as const) {
      const r = await upload(s.sessionToken, 'purchase_contract', file, name)
      expect(r.statusCode).toBe(200)
      ids.push(r.json().upload.id)
    }
    let c = item(await checklist(s.sessionToken), 'purchase_contract')
    expect(c.pages.map((p: { mime: string; page: number }) => [p.mime, p.page])).toEqual([['image/png', 1], ['image/jpeg', 2], ['application/pdf', 3]])
    expect(c).toMatchObject({ status: 'missing', canSubmit: true })
    const del = await t.app.inject({ method: 'DELETE', url: `/api/owner/documents/purchase_contract/files/${ids[0]}`, headers: bearer(s.sessionToken) })
    expect(del.statusCode).toBe(204)
    c = item(await checklist(s.sessionToken), 'purchase_contract')
    expect(c.pages.map((p: { id: number; page: number }) => [p.id, p.page])).toEqual([[ids[1], 1], [ids[2], 2]])
    expect((await get(s.sessionToken, `/api/owner/files/${ids[0]}`)).statusCode).toBe(404)
    // a page id of another item is not found under this item
    const wrong = await t.app.inject({ method: 'DELETE', url: `/api/owner/documents/owner_id_card/files/${ids[1]}`, headers: bearer(s.sessionToken) })
    expect(wrong.statusCode).toBe(404)
  })

  test("another house's file is refused with 404 to owners; staff of the community may view it (audited)", async () => {
    const a = await verifyAs(t, 4)
    const b = await verifyAs(t, 5)
    const up = await upload(b.sessionToken, 'purchase_contract', PDF, 'c.pdf')
    const url = up.json().upload.url
    const res = await get(a.sessionToken, url)
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('NOT_FOUND')
    // and A cannot delete it through its own item either
    const del = await t.app.inject({ method: 'DELETE', url: `/api/owner/documents/purchase_contract/files/${up.json().upload.id}`, headers: bearer(a.sessionToken) })
    expect(del.statusCode).toBe(404)
    expect((await get(b.sessionToken, url)).statusCode).toBe(200)
    const cashier = await staffLogin(t, 'cashier')
    expect((await get(cashier, `/api/staff/files/${up.json().upload.id}`)).statusCode).toBe(403)
    const reviewer = await staffLogin(t, 'reviewer')
    expect((await get(reviewer, `/api/staff/files/${up.json().upload.id}`)).statusCode).toBe(200)
    const views = await t.db.handle.db.selectFrom('audit_log').select('target').where('action', '=', 'upload.view').execute()
    expect(views.map((v) => v.target)).toContain(`upload:${up.json().upload.id}`)
  })

  test('the ID-card item needs the separate consent; consenting twice keeps the first time', async () => {
    const s = await verifyAs(t, 6)
    const before = await upload(s.sessionToken, 'owner_id_card', PNG_1x1)
    expect(before.statusCode).toBe(403)
    expect(before.json().error.code).toBe('CONSENT_REQUIRED')
    // other items need no consent
    expect((await upload(s.sessionToken, 'purchase_contract', PNG_1x1)).statusCode).toBe(200)
    const first = (await consent(s.sessionToken)).json()
    t.clock.advance(MINUTE)
    const second = (await consent(s.sessionToken)).json()
    expect(second.at).toBe(first.at)
    expect((await checklist(s.sessionToken)).idPhotoConsent).toBe(true)
    expect((await upload(s.sessionToken, 'owner_id_card', PNG_1x1)).statusCode).toBe(200)
    const bad = await post(s.sessionToken, '/api/owner/consents', { kind: 'everything' })
    expect(bad.statusCode).toBe(400)
  })

  test('submitting needs a page, and twice is a conflict', async () => {
    const s = await verifyAs(t, 7)
    const none = await post(s.sessionToken, '/api/owner/documents/purchase_contract/submit')
    expect(none.statusCode).toBe(409)
    expect(none.json().error.message).toMatch(/上传/)
    await upload(s.sessionToken, 'purchase_contract', PDF, 'c.pdf')
    expect((await post(s.sessionToken, '/api/owner/documents/purchase_contract/submit')).json()).toEqual({ itemCode: 'purchase_contract', status: 'submitted' })
    expect((await post(s.sessionToken, '/api/owner/documents/purchase_contract/submit')).statusCode).toBe(409)
    expect((await post(s.sessionToken, '/api/owner/documents/no_such_item/submit')).statusCode).toBe(404)
    expect((await post(s.sessionToken, '/api/owner/documents/Bad-Code/submit')).statusCode).toBe(400)
  })

  test('review flow: reject with reason → owner sees it → re-upload replaces → approve → reserve opens', async () => {
    const s = await verifyAs(t, 8)
    await consent(s.sessionToken)
    await upload(s.sessionToken, 'owner_id_card', PNG_1x1)
    await upload(s.sessionToken, 'owner_id_card', JPEG, 'back.jpg')
    await upload(s.sessionToken, 'purchase_contract', PDF, 'c.pdf')
    await post(s.sessionToken, '/api/owner/documents/owner_id_card/submit')
    await post(s.sessionToken, '/api/owner/documents/purchase_contract/submit')
    expect(await stageOf(s.sessionToken, 'documents')).toBe('in_progress')
    const reviewer = await staffLogin(t, 'reviewer')
    const queued = (await get(reviewer, '/api/staff/reviews')).json().items.find((i: { houseLabel: string }) => i.houseLabel === s.house.label)
    expect(queued.pendingItems.map((i: { code: string }) => i.code)).toEqual(['owner_id_card', 'purchase_contract'])
    const caseId: number = queued.caseId
    const reasons = (await get(reviewer, '/api/staff/review-reasons')).json().reasons
    expect(reasons).toEqual(expect.arrayContaining(['照片模糊，请重新拍摄', '证件已过期', '缺少页面', '与备案信息不一致']))
    const detail = (await get(reviewer, `/api/staff/reviews/${caseId}`)).json()
    expect(detail.items.find((i: { code: string }) => i.code === 'owner_id_card').pages).toHaveLength(2)
    expect(detail.ownerNameMasked).not.toBe('')
    expect(JSON.stringify(detail)).not.toMatch(/\d{17}[\dX]/)

    const noReason = await post(reviewer, `/api/staff/reviews/${caseId}/items/owner_id_card`, { decision: 'reject', reason: '  ' })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().error.code).toBe('VALIDATION_FAILED')
    t.clock.advance(MINUTE)
    const rej = await post(reviewer, `/api/staff/reviews/${caseId}/items/owner_id_card`, { decision: 'reject', reason: '照片模糊，请重新拍摄' })
    expect(rej.statusCode).toBe(200)
    expect(rej.json()).toMatchObject({ status: 'rejected', reservationOpen: false })
    const again = await post(reviewer, `/api/staff/reviews/${caseId}/items/owner_id_card`, { decision: 'approve' })
    expect(again.statusCode).toBe(409)

    // the owner sees the reason, a notification, and documents needs attention
    let id = item(await checklist(s.sessionToken), 'owner_id_card')
    expect(id).toMatchObject({ status: 'rejected', reason: '照片模糊，请重新拍摄', canSubmit: false })
    expect(await stageOf(s.sessionToken, 'documents')).toBe('attention')
    const msgs = (await get(s.sessionToken, '/api/owner/notifications')).json()
    expect(msgs.items.map((m: { kind: string }) => m.kind)).toEqual(expect.arrayContaining(['document_rejected']))
    expect(msgs.items.find((m: { kind: string }) => m.kind === 'document_rejected').body).toContain('照片模糊')
    // one message for one rejection (the stage's attention is not announced twice)
    expect(msgs.items.filter((m: { kind: string }) => m.kind === 'stage_attention')).toHaveLength(0)
    // resubmitting without a new page is refused
    expect((await post(s.sessionToken, '/api/owner/documents/owner_id_card/submit')).statusCode).toBe(409)

    t.clock.advance(MINUTE)
    const fresh = await upload(s.sessionToken, 'owner_id_card', PNG_1x1, 'clear.png')
    id = item(await checklist(s.sessionToken), 'owner_id_card')
    expect(id.pages.map((p: { replacement: boolean }) => p.replacement)).toEqual([false, false, true])
    expect(id.canSubmit).toBe(true)
    expect((await post(s.sessionToken, '/api/owner/documents/owner_id_card/submit')).statusCode).toBe(200)
    id = item(await checklist(s.sessionToken), 'owner_id_card')
    expect(id.status).toBe('submitted')
    expect(id.pages.map((p: { id: number; page: number }) => [p.id, p.page])).toEqual([[fresh.json().upload.id, 1]])

    expect((await post(reviewer, `/api/staff/reviews/${caseId}/items/owner_id_card`, { decision: 'approve' })).json()).toMatchObject({ status: 'approved', reservationOpen: false })
    expect(await stageOf(s.sessionToken, 'reserve')).toBe('locked')
    const last = await post(reviewer, `/api/staff/reviews/${caseId}/items/purchase_contract`, { decision: 'approve' })
    expect(last.json()).toMatchObject({ status: 'approved', reservationOpen: true })
    expect(await stageOf(s.sessionToken, 'documents')).toBe('done')
    expect(await stageOf(s.sessionToken, 'reserve')).toBe('available')
    expect((await checklist(s.sessionToken)).reservationOpen).toBe(true)
    // the two approvals (minutes apart, still unread) are one message listing both; the stage
    // they completed is not repeated (「入伙资料」已完成 echoes them), the one they opened is a line
    const inbox = (await get(s.sessionToken, '/api/owner/notifications')).json().items
    expect(inbox.map((m: { kind: string }) => m.kind)).toEqual(expect.arrayContaining(['document_approved', 'stage_available']))
    expect(inbox.map((m: { kind: string }) => m.kind)).not.toContain('stage_done')
    const approved = inbox.filter((m: { kind: string }) => m.kind === 'document_approved')
    expect(approved).toHaveLength(1)
    expect(approved[0].title).toBe('2项资料已审核通过')
    expect(approved[0].body.split('\n')).toEqual(['「业主身份证」已审核通过', '「购房合同」已审核通过', expect.stringMatching(/^同时：「[^」]+」已可办理$/)])

    // approved items are final for the owner
    expect((await upload(s.sessionToken, 'owner_id_card', PNG_1x1)).statusCode).toBe(409)
    const del = await t.app.inject({ method: 'DELETE', url: `/api/owner/documents/owner_id_card/files/${fresh.json().upload.id}`, headers: bearer(s.sessionToken) })
    expect(del.statusCode).toBe(409)
    const audit = await t.db.handle.db.selectFrom('audit_log').select('action').where('target', 'like', `case:${caseId}:%`).execute()
    expect(audit.map((a) => a.action).sort()).toEqual(['document.approve', 'document.approve', 'document.reject'])
  })

  test('staff role checks: only reviewer and manager review; other communities are not found', async () => {
    for (const role of ['cashier', 'inspector', 'reception']) {
      const token = await staffLogin(t, role)
      expect((await get(token, '/api/staff/reviews')).statusCode).toBe(403)
      expect((await post(token, '/api/staff/reviews/1/items/owner_id_card', { decision: 'approve' })).statusCode).toBe(403)
    }
    const s = await verifyAs(t, 9)
    expect((await get(s.sessionToken, '/api/staff/reviews')).statusCode).toBe(401)
    const manager = await staffLogin(t, 'manager')
    expect((await get(manager, '/api/staff/reviews')).statusCode).toBe(200)
    expect((await get(manager, '/api/staff/reviews/999999')).statusCode).toBe(404)
    const bad = await post(manager, '/api/staff/reviews/1/items/owner_id_card', { decision: 'maybe' })
    expect(bad.statusCode).toBe(400)
  })

  test('the queue is oldest first with waiting time against the 24-hour target', async () => {
    const first = await verifyAs(t, 10)
    await upload(first.sessionToken, 'purchase_contract', PDF, 'c.pdf')
    await post(first.sessionToken, '/api/owner/documents/purchase_contract/submit')
    t.clock.advance(2 * HOUR)
    const second = await verifyAs(t, 11)
    await upload(second.sessionToken, 'purchase_contract', PDF, 'c.pdf')
    await post(second.sessionToken, '/api/owner/documents/purchase_contract/submit')
    t.clock.advance(23 * HOUR)
    const reviewer = await staffLogin(t, 'reviewer')
    const q = (await get(reviewer, '/api/staff/reviews')).json()
    const mine = q.items.filter((i: { houseLabel: string }) => [first.house.label, second.house.label].includes(i.houseLabel))
    expect(mine.map((i: { houseLabel: string }) => i.houseLabel)).toEqual([first.house.label, second.house.label])
    expect(mine[0]).toMatchObject({ waitingMinutes: 25 * 60, overdue: true, targetHours: 24 })
    expect(mine[1]).toMatchObject({ waitingMinutes: 23 * 60, overdue: false })
    expect(mine[0].pendingItems).toEqual([{ code: 'purchase_contract', title: '购房合同' }])
    expect(q.overdueCount).toBeGreaterThanOrEqual(1)
    // the queue shows masked names only
    expect(JSON.stringify(q)).not.toMatch(/\d{17}[\dX]/)
  })

  test("a delegate's power of attorney approved in review also approves the delegate", async () => {
    const { makeIdNumber } = await import('./harness')
    const s = await verifyAs(t, 12, { delegate: { name: '钱委托', idNumber: makeIdNumber('44030519900101009') } })
    expect((await upload(s.sessionToken, 'power_of_attorney', PDF, 'poa.pdf')).json().submission.status).toBe('submitted')
    const reviewer = await staffLogin(t, 'reviewer')
    const q = (await get(reviewer, '/api/staff/reviews')).json()
    const entry = q.items.find((i: { houseLabel: string }) => i.houseLabel === s.house.label)
    expect(entry.role).toBe('delegate')
    const r = await post(reviewer, `/api/staff/reviews/${entry.caseId}/items/power_of_attorney`, { decision: 'approve' })
    expect(r.statusCode).toBe(200)
    const me = (await get(s.sessionToken, '/api/owner/me')).json()
    expect(me.delegateStatus).toBe('approved')
    expect(await stageOf(s.sessionToken, 'verify')).toBe('done')
    expect(item(await checklist(s.sessionToken), 'power_of_attorney').status).toBe('approved')
  })
})

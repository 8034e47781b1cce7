import { PNG_1x1, bearer, createTestApp, dialects, makeIdNumber, multipart, verifyAs, type TestApp } from './harness'

describe.each(dialects())('owner isolation between houses (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => t.close())

  test("a session for house A never reaches house B's data", async () => {
    const a = await verifyAs(t, 11)
    const b = await verifyAs(t, 12, { delegate: { name: '林委托', idNumber: makeIdNumber() } })
    const m = multipart(PNG_1x1, 'poa.png')
    const up = await t.app.inject({ method: 'POST', url: '/api/owner/documents/power_of_attorney/files', headers: { ...bearer(b.sessionToken), ...m.headers }, payload: m.payload })
    expect(up.statusCode).toBe(200)
    const fileUrl = up.json().upload.url

    // B's file: A gets 404, B gets it
    expect((await t.app.inject({ method: 'GET', url: fileUrl, headers: bearer(a.sessionToken) })).statusCode).toBe(404)
    expect((await t.app.inject({ method: 'GET', url: fileUrl, headers: bearer(b.sessionToken) })).statusCode).toBe(200)

    // progress and me are always the session's own house, whatever the URL or query says
    const pa = await t.app.inject({ method: 'GET', url: `/api/owner/progress?houseId=${b.house.id}`, headers: bearer(a.sessionToken) })
    expect(pa.statusCode).toBe(200)
    expect(pa.json().stages.find((s: { stage: string }) => s.stage === 'verify').status).toBe('done') // A's, not B's in_progress
    const meA = (await t.app.inject({ method: 'GET', url: '/api/owner/me', headers: bearer(a.sessionToken) })).json()
    expect(meA.house.id).toBe(a.house.id)
    expect(meA.house.id).not.toBe(b.house.id)

    // A cannot upload into B's case by naming B anywhere
    const m2 = multipart(PNG_1x1, 'x.png')
    const cross = await t.app.inject({ method: 'POST', url: `/api/owner/documents/power_of_attorney/files?caseId=${b.house.id}`, headers: { ...bearer(a.sessionToken), ...m2.headers }, payload: m2.payload })
    expect(cross.statusCode).toBe(404) // A has no delegate, so no such item for A
    const rows = await t.db.handle.db.selectFrom('uploads').select('case_id').execute()
    expect(new Set(rows.map((r) => r.case_id)).size).toBe(1)
  })

  test('a non-existent or deleted upload id answers 404', async () => {
    const a = await verifyAs(t, 13)
    expect((await t.app.inject({ method: 'GET', url: '/api/owner/files/999999', headers: bearer(a.sessionToken) })).statusCode).toBe(404)
    await t.db.handle.db.updateTable('uploads').set({ deleted_at: new Date().toISOString() }).execute()
    const b = await t.db.handle.db.selectFrom('uploads').select('id').executeTakeFirstOrThrow()
    expect((await t.app.inject({ method: 'GET', url: `/api/owner/files/${b.id}`, headers: bearer(a.sessionToken) })).statusCode).toBe(404)
  })
})

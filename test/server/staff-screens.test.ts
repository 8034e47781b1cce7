/* Staff screens (issue 10 item 7): the reviewer's identity comparison (audited) and the home tile counts. */
import { bearer, createTestApp, dialects, multipart, staffLogin, verifyAs, type TestApp } from './harness'
import { demoOwnerCredentials } from '../../server/src/seed/demo'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')

describe.each(dialects())('staff screens (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { uploadMaxBytes: 64 * 1024 } })
  })
  afterAll(async () => t.close())

  const get = (token: string, url: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) })
  async function submitted(houseIndex: number) {
    const s = await verifyAs(t, houseIndex)
    const m = multipart(PDF, 'contract.pdf')
    const up = await t.app.inject({ method: 'POST', url: '/api/owner/documents/purchase_contract/files', headers: { ...bearer(s.sessionToken), ...m.headers }, payload: m.payload })
    expect(up.statusCode).toBe(200)
    expect((await t.app.inject({ method: 'POST', url: '/api/owner/documents/purchase_contract/submit', headers: bearer(s.sessionToken) })).statusCode).toBe(200)
    const caseId = Number((await t.app.db.selectFrom('move_in_cases').select('id').where('house_id', '=', s.house.id).executeTakeFirstOrThrow()).id)
    return { s, caseId }
  }

  test('the reviewer sees the registered name in full and the masked ID number; every view is audited', async () => {
    const { caseId } = await submitted(50)
    const reviewer = await staffLogin(t, 'reviewer')
    const first = await get(reviewer, `/api/staff/reviews/${caseId}`)
    expect(first.statusCode).toBe(200)
    const body = first.json()
    expect(body.ownerName).toBe(demoOwnerCredentials(50).ownerName)
    expect(body.ownerNameMasked).not.toBe(body.ownerName)
    expect(body.ownerIdMasked).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/)
    expect(body.ownerIdMasked.endsWith(demoOwnerCredentials(50).idTail.slice(-4))).toBe(true)
    expect(JSON.stringify(body)).not.toMatch(/\d{17}[\dX]/)
    expect(body).toMatchObject({ delegateName: null, delegateIdMasked: null })
    expect((await get(reviewer, `/api/staff/reviews/${caseId}`)).statusCode).toBe(200)
    const rows = await t.app.db.selectFrom('audit_log').select(['action', 'detail', 'actor_id']).where('target', '=', `case:${caseId}`).where('action', '=', 'review.view').execute()
    expect(rows).toHaveLength(2)
    expect(rows[0].detail).toContain('owner name')
    // the audit names what was shown, never the values
    expect(rows[0].detail).not.toContain(body.ownerName)
    // reception does not review: refused, and nothing shown
    const reception = await staffLogin(t, 'reception')
    expect((await get(reception, `/api/staff/reviews/${caseId}`)).statusCode).toBe(403)
  })

  test('home counts: each role gets the counts of what waits for it, the rest null', async () => {
    const reviewer = await staffLogin(t, 'reviewer')
    const before = (await get(reviewer, '/api/staff/home-counts')).json()
    expect(before).toMatchObject({ reviewWaiting: expect.any(Number), delegatesWaiting: expect.any(Number), checkinWaiting: null, repairsOpen: null, unpaid: null, tasksOpen: null, alertsOpen: expect.any(Number) })
    await submitted(51)
    expect((await get(reviewer, '/api/staff/home-counts')).json().reviewWaiting).toBe(before.reviewWaiting + 1)

    const cashier = (await get(await staffLogin(t, 'cashier'), '/api/staff/home-counts')).json()
    expect(cashier).toMatchObject({ reviewWaiting: null, tasksOpen: expect.any(Number) })
    // verified, nothing paid: the two owners above owe their fees (no bill row was made yet)
    const verifiedCases = await t.app.db.selectFrom('move_in_cases').select('id').where('verified_at', 'is not', null).execute()
    expect(cashier.unpaid).toBe(verifiedCases.length)
    const reception = (await get(await staffLogin(t, 'reception'), '/api/staff/home-counts')).json()
    expect(reception).toMatchObject({ checkinWaiting: expect.any(Number), tasksOpen: expect.any(Number), unpaid: null })
    const inspector = (await get(await staffLogin(t, 'inspector'), '/api/staff/home-counts')).json()
    expect(inspector).toMatchObject({ repairsOpen: expect.any(Number), reviewWaiting: null })
    const manager = (await get(await staffLogin(t, 'manager'), '/api/staff/home-counts')).json()
    for (const k of ['reviewWaiting', 'delegatesWaiting', 'checkinWaiting', 'repairsOpen', 'unpaid', 'tasksOpen', 'alertsOpen']) expect(typeof manager[k]).toBe('number')
    expect(manager.reviewWaiting).toBe(before.reviewWaiting + 1)
  })

  test('house search is refused to roles whose home does not offer it (cashier, inspector)', async () => {
    for (const role of ['cashier', 'inspector']) {
      const res = await get(await staffLogin(t, role), '/api/staff/houses?q=1')
      expect(res.statusCode).toBe(403)
    }
    expect((await get(await staffLogin(t, 'reception'), '/api/staff/houses?q=1')).statusCode).toBe(200)
  })
})

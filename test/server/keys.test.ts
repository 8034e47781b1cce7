import { bearer, createTestApp, dialects, staffLogin, type TestApp } from './harness'
import { demoOwnerIdNumber } from '../../server/src/seed/demo'
import { agreementsSigned, feesSettled, inspectionSigned, ownerWithReservation, setPolicy, signaturePng } from './checkin-fixtures'

const DAY = '2026-03-03'

describe.each(dialects())('key handover (%s)', (dialect) => {
  let t: TestApp
  let reception: string
  beforeAll(async () => {
    t = await createTestApp(dialect)
    t.clock.set('2026-03-03T02:00:00.000Z')
  })
  afterAll(async () => t.close())
  beforeEach(async () => {
    reception = await staffLogin(t, 'reception')
  })

  const body = (extra: Record<string, unknown> = {}) => ({
    keys: [
      { code: 'door_key', count: 3 },
      { code: 'unit_card', count: 2 }
    ],
    ownerSignaturePng: signaturePng(1),
    staffSignaturePng: signaturePng(2),
    ownerConfirmedHouse: true,
    ...extra
  })
  const handOver = (caseId: number, token = reception, payload: object = body()) =>
    t.app.inject({ method: 'POST', url: `/api/staff/keys/${caseId}`, headers: bearer(token), payload })

  test('policy requiring fees and agreements: refused with the reasons until both are done', async () => {
    await setPolicy(t, { fees: true, agreements: true })
    const o = await ownerWithReservation(t, 60, DAY)
    const noInspection = await handOver(o.caseId)
    expect(noInspection.statusCode).toBe(409)
    expect(noInspection.json().error.message).toContain('交接单')

    await inspectionSigned(t, o.caseId)
    const locked = await handOver(o.caseId)
    expect(locked.statusCode).toBe(409)
    expect(locked.json().error.code).toBe('STAGE_LOCKED')
    expect(locked.json().error.message).toContain('入伙费用')
    expect(locked.json().error.message).toContain('尚未签署')

    const view = (await t.app.inject({ method: 'GET', url: `/api/staff/keys/${o.caseId}`, headers: bearer(reception) })).json()
    expect(view.guard.ok).toBe(false)
    expect(view.guard.requirements.map((r: { code: string; required: boolean; met: boolean }) => [r.code, r.required, r.met])).toEqual([
      ['inspection', true, true],
      ['fees', true, false],
      ['agreements', true, false]
    ])

    await feesSettled(t, o.caseId)
    expect((await handOver(o.caseId)).json().error.message).not.toContain('入伙费用')
    await agreementsSigned(t, o.caseId)
    const ok = await handOver(o.caseId)
    expect(ok.statusCode).toBe(200)
    expect(ok.json().handover.keys).toEqual([
      { code: 'door_key', label: '入户门钥匙', count: 3 },
      { code: 'unit_card', label: '单元门禁卡', count: 2 }
    ])
    expect(ok.json().handover.meters.map((m: { kind: string }) => m.kind)).toEqual(['water', 'electricity'])
  })

  test('policy not requiring fees or agreements: inspection signed is enough, never less', async () => {
    await setPolicy(t, { fees: false, agreements: false })
    const o = await ownerWithReservation(t, 61, DAY)
    const noInspection = await handOver(o.caseId)
    expect(noInspection.statusCode).toBe(409)
    expect(noInspection.json().error.message).toContain('验房')
    await inspectionSigned(t, o.caseId)
    const ownerView = (await t.app.inject({ method: 'GET', url: '/api/owner/keys', headers: bearer(o.token) })).json()
    expect(ownerView.guard.ok).toBe(true)
    expect(ownerView.guard.policyText).toContain('缴费、签署协议不影响交钥匙')
    expect(ownerView.handover).toBeNull()
    const ok = await handOver(o.caseId)
    expect(ok.statusCode).toBe(200)
    const second = await handOver(o.caseId)
    expect(second.statusCode).toBe(409)
    expect(second.json().error.code).toBe('KEYS_ALREADY_HANDED_OVER')
    const rows = await t.db.handle.db.selectFrom('key_handovers').select('id').where('case_id', '=', o.caseId).execute()
    expect(rows).toHaveLength(1)
  })

  test('handing over the keys ends the owner\'s visit on the day board', async () => {
    await setPolicy(t, { fees: false, agreements: false })
    const o = await ownerWithReservation(t, 90, DAY)
    const checkin = await t.app.inject({ method: 'POST', url: '/api/owner/checkin', headers: bearer(o.token) })
    expect(checkin.statusCode).toBeLessThan(300)
    await inspectionSigned(t, o.caseId)
    expect((await handOver(o.caseId)).statusCode).toBe(200)
    const row = await t.db.handle.db.selectFrom('checkins').select(['called_at', 'finished_at']).where('case_id', '=', o.caseId).executeTakeFirstOrThrow()
    expect(row.finished_at).toBe(t.clock.now().toISOString())
    expect(row.called_at).not.toBeNull()
  })

  test('only reception hands over keys; the manager may view; owner tokens are refused', async () => {
    await setPolicy(t, { fees: false, agreements: false })
    const o = await ownerWithReservation(t, 62, DAY)
    await inspectionSigned(t, o.caseId)
    for (const role of ['inspector', 'cashier', 'manager']) {
      const token = await staffLogin(t, role)
      const res = await handOver(o.caseId, token)
      expect([role, res.statusCode]).toEqual([role, 403])
    }
    expect((await handOver(o.caseId, o.token)).statusCode).toBe(401)
    const noToken = await t.app.inject({ method: 'POST', url: `/api/staff/keys/${o.caseId}`, payload: body() })
    expect(noToken.statusCode).toBe(401)
    const manager = await staffLogin(t, 'manager')
    expect((await t.app.inject({ method: 'GET', url: `/api/staff/keys/${o.caseId}`, headers: bearer(manager) })).statusCode).toBe(200)
    const inspector = await staffLogin(t, 'inspector')
    expect((await t.app.inject({ method: 'GET', url: `/api/staff/keys/${o.caseId}`, headers: bearer(inspector) })).statusCode).toBe(403)
    expect(await t.db.handle.db.selectFrom('key_handovers').select('id').where('case_id', '=', o.caseId).execute()).toHaveLength(0)
  })

  test('the staff view shows the ID masked, never in full, and is audit-logged', async () => {
    const o = await ownerWithReservation(t, 63, DAY)
    const res = await t.app.inject({ method: 'GET', url: `/api/staff/keys/${o.caseId}`, headers: bearer(reception) })
    expect(res.statusCode).toBe(200)
    const full = demoOwnerIdNumber(63)
    expect(res.body).not.toContain(full)
    expect(res.json().ownerIdMasked).toBe(`${full.slice(0, 4)}${'*'.repeat(10)}${full.slice(-4)}`)
    expect(res.json().keyTypes.map((k: { code: string }) => k.code)).toEqual(['door_key', 'unit_card', 'elevator_card', 'mailbox_key'])
    expect(t.logs.join('\n')).not.toContain(full)
    const audit = await t.db.handle.db.selectFrom('audit_log').select('target').where('action', '=', 'keys.view_identity').execute()
    expect(audit.map((a) => a.target)).toContain(`case:${o.caseId}`)
  })

  test('bad input is a 4xx with a stable code: unknown key type, blank signature, house not confirmed', async () => {
    await setPolicy(t, { fees: false, agreements: false })
    const o = await ownerWithReservation(t, 64, DAY)
    await inspectionSigned(t, o.caseId)
    const unknown = await handOver(o.caseId, reception, body({ keys: [{ code: 'garage_remote', count: 1 }] }))
    expect(unknown.json().error.code).toBe('KEY_TYPE_UNKNOWN')
    const unconfirmed = await handOver(o.caseId, reception, body({ ownerConfirmedHouse: false }))
    expect(unconfirmed.json().error.code).toBe('VALIDATION_FAILED')
    const notPng = await handOver(o.caseId, reception, body({ ownerSignaturePng: 'data:image/png;base64,AAAA' }))
    expect(notPng.statusCode).toBeGreaterThanOrEqual(400)
    expect(notPng.statusCode).toBeLessThan(500)
    const missing = await handOver(999999)
    expect(missing.statusCode).toBe(404)
    expect(await t.db.handle.db.selectFrom('key_handovers').select('id').where('case_id', '=', o.caseId).execute()).toHaveLength(0)
  })

  test("an owner sees only their own house's handover record", async () => {
    await setPolicy(t, { fees: false, agreements: false })
    const a = await ownerWithReservation(t, 65, DAY)
    const b = await ownerWithReservation(t, 66, DAY)
    await inspectionSigned(t, a.caseId)
    expect((await handOver(a.caseId)).statusCode).toBe(200)
    const mine = (await t.app.inject({ method: 'GET', url: '/api/owner/keys', headers: bearer(a.token) })).json()
    expect(mine.houseLabel).toBe(a.label)
    expect(mine.handover.staffName).toBe('前台 林晓')
    const other = (await t.app.inject({ method: 'GET', url: '/api/owner/keys', headers: bearer(b.token) })).json()
    expect(other.houseLabel).toBe(b.label)
    expect(other.handover).toBeNull()
    // the staff route is not reachable with an owner token, whatever case id is put in the URL
    expect((await t.app.inject({ method: 'GET', url: `/api/staff/keys/${a.caseId}`, headers: bearer(b.token) })).statusCode).toBe(401)
  })
})

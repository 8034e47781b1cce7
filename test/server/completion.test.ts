import { bearer, createTestApp, dialects, staffLogin, type TestApp } from './harness'
import { inspectionSigned, ownerWithReservation, setPolicy, signaturePng } from './checkin-fixtures'

const DAY = '2026-03-03'
const stage = (p: { stages: { stage: string; status: string }[] }, s: string) => p.stages.find((x) => x.stage === s)?.status

describe.each(dialects())('completion: case done, 7-day follow-up task, handbook (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
    t.clock.set('2026-03-03T02:00:00.000Z')
    await setPolicy(t, { fees: false, agreements: false })
  })
  afterAll(async () => t.close())

  test('handing over keys completes the case, opens the 7-day task and notifies the owner; closing the task completes follow-up', async () => {
    const o = await ownerWithReservation(t, 70, DAY)
    await inspectionSigned(t, o.caseId)
    const reception = await staffLogin(t, 'reception')
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/staff/keys/${o.caseId}`,
      headers: bearer(reception),
      payload: { keys: [{ code: 'door_key', count: 3 }], ownerSignaturePng: signaturePng(1), staffSignaturePng: signaturePng(2), ownerConfirmedHouse: true }
    })
    expect(res.statusCode).toBe(200)
    expect(res.json().caseDone).toBe(true)

    const p = (await t.app.inject({ method: 'GET', url: '/api/owner/progress', headers: bearer(o.token) })).json()
    expect(stage(p, 'keys')).toBe('done')
    expect(stage(p, 'done')).toBe('done')
    expect(stage(p, 'followup')).toBe('available')
    const kase = await t.db.handle.db.selectFrom('move_in_cases').select('done_at').where('id', '=', o.caseId).executeTakeFirstOrThrow()
    expect(kase.done_at).toBe('2026-03-03T02:00:00.000Z')

    const task = await t.db.handle.db.selectFrom('followup_tasks').selectAll().where('case_id', '=', o.caseId).executeTakeFirstOrThrow()
    expect(task).toMatchObject({ kind: 'first_visit', status: 'open', due_at: '2026-03-10T02:00:00.000Z' })
    expect(['reception', 'manager']).toContain(task.assignee_role)
    const notes = await t.db.handle.db.selectFrom('notifications').select(['kind', 'body']).where('case_id', '=', o.caseId).execute()
    const done = notes.find((n) => n.kind === 'move_in_done')
    expect(done?.body).toContain('满意度调查')
    expect(done?.body).toContain('业主手册')

    const list = (await t.app.inject({ method: 'GET', url: '/api/staff/tasks', headers: bearer(reception) })).json()
    const item = list.items.find((i: { caseId: number }) => i.caseId === o.caseId)
    expect(item).toMatchObject({ kind: 'first_visit', overdue: false, houseLabel: o.label })

    t.clock.set('2026-03-10T02:00:01.000Z')
    const manager = await staffLogin(t, 'manager')
    const late = (await t.app.inject({ method: 'GET', url: '/api/staff/tasks', headers: bearer(manager) })).json()
    expect(late.items.find((i: { id: number }) => i.id === item.id).overdue).toBe(true)
    expect(late.overdue).toBeGreaterThanOrEqual(1)
    const cashier = await staffLogin(t, 'cashier')
    const hidden = (await t.app.inject({ method: 'GET', url: '/api/staff/tasks', headers: bearer(cashier) })).json()
    expect(hidden.items.find((i: { id: number }) => i.id === item.id)).toBeUndefined()

    const empty = await t.app.inject({ method: 'POST', url: `/api/staff/tasks/${item.id}/done`, headers: bearer(manager), payload: { note: '' } })
    expect(empty.statusCode).toBe(400)
    const close = await t.app.inject({ method: 'POST', url: `/api/staff/tasks/${item.id}/done`, headers: bearer(manager), payload: { note: '电话回访，业主满意' } })
    expect(close.statusCode).toBe(200)
    expect(close.json()).toMatchObject({ status: 'done', note: '电话回访，业主满意', overdue: false })
    const twice = await t.app.inject({ method: 'POST', url: `/api/staff/tasks/${item.id}/done`, headers: bearer(manager), payload: { note: '再次' } })
    expect(twice.json().error.code).toBe('TASK_ALREADY_DONE')
    const p2 = (await t.app.inject({ method: 'GET', url: '/api/owner/progress', headers: bearer(o.token) })).json()
    expect(stage(p2, 'followup')).toBe('done')
  })

  test('the handbook carries the contacts, emergency procedures, decoration rules and public-area guide of the community', async () => {
    t.clock.set('2026-03-03T02:00:00.000Z')
    const o = await ownerWithReservation(t, 71, DAY)
    const res = await t.app.inject({ method: 'GET', url: '/api/owner/handbook', headers: bearer(o.token) })
    expect(res.statusCode).toBe(200)
    const h = res.json()
    expect(h.communityName).toBe('安家示范小区')
    expect(h.contacts.filter((c: { phone: boolean }) => c.phone).length).toBeGreaterThanOrEqual(2)
    expect(h.sections.map((s: { code: string }) => s.code)).toEqual(expect.arrayContaining(['emergency', 'decoration', 'public_area']))
    expect((await t.app.inject({ method: 'GET', url: '/api/owner/handbook' })).statusCode).toBe(401)
  })
})

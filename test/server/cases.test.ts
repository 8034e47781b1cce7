import { transition } from '../../server/src/modules/cases/service'
import { createTestApp, dialects, verifyAs, type TestApp } from './harness'

describe.each(dialects())('case transitions (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => t.close())

  async function caseOf(houseId: number) {
    const r = await t.db.handle.db.selectFrom('move_in_cases').select('id').where('house_id', '=', houseId).executeTakeFirstOrThrow()
    return r.id
  }
  const events = (caseId: number) => t.db.handle.db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('id').execute()
  const staff = { type: 'staff' as const, id: 1, label: '客服 张敏' }

  test('a legal move updates the stage and records one event', async () => {
    const s = await verifyAs(t, 20)
    const caseId = await caseOf(s.house.id)
    const before = await events(caseId)
    await transition(t.db.handle.db, caseId, 'documents', 'in_progress', staff, t.clock.now())
    const stage = await t.db.handle.db.selectFrom('case_stages').select('status').where('case_id', '=', caseId).where('stage', '=', 'documents').executeTakeFirstOrThrow()
    expect(stage.status).toBe('in_progress')
    const after = await events(caseId)
    expect(after.length).toBe(before.length + 1)
    expect(after[after.length - 1]).toMatchObject({ stage: 'documents', from_status: 'available', to_status: 'in_progress', actor_type: 'staff', actor_label: '客服 张敏' })
  })

  test('an illegal move is refused with 409 and writes nothing', async () => {
    const s = await verifyAs(t, 21)
    const caseId = await caseOf(s.house.id)
    const before = await events(caseId)
    await expect(transition(t.db.handle.db, caseId, 'verify', 'locked', staff, t.clock.now())).rejects.toMatchObject({ status: 409, code: 'CONFLICT' })
    await expect(transition(t.db.handle.db, caseId, 'keys', 'done', staff, t.clock.now())).rejects.toMatchObject({ status: 409 })
    expect(await events(caseId)).toEqual(before)
    const verify = await t.db.handle.db.selectFrom('case_stages').select('status').where('case_id', '=', caseId).where('stage', '=', 'verify').executeTakeFirstOrThrow()
    expect(verify.status).toBe('done')
  })

  test('verifying twice creates one case and no duplicate verify event', async () => {
    const a = await verifyAs(t, 22)
    await verifyAs(t, 22)
    const rows = await t.db.handle.db.selectFrom('move_in_cases').select('id').where('house_id', '=', a.house.id).execute()
    expect(rows).toHaveLength(1)
    const verifyDone = (await events(rows[0].id)).filter((e) => e.stage === 'verify' && e.to_status === 'done')
    expect(verifyDone).toHaveLength(1)
  })
})

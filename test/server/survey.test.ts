import { createTestApp, dialects, staffLogin, verifyAs, bearer, type TestApp } from './harness'
import { up as rewordProblems } from '../../server/src/db/migrations/20261202000301_survey_problems_wording'

const SCORES = { notice: 4, onsite_efficiency: 3, staff_attitude: 5, facilities: 4, problems: 3, overall: 4 }

describe.each(dialects())('satisfaction survey (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => t.close())

  const db = () => t.db.handle.db
  async function caseOf(houseId: number) {
    const r = await db().selectFrom('move_in_cases').select('id').where('house_id', '=', houseId).executeTakeFirstOrThrow()
    return Number(r.id)
  }
  /** A verified owner whose move-in is complete (完成): the fact the engine reads is done_at. */
  async function doneOwner(houseIndex: number) {
    const s = await verifyAs(t, houseIndex)
    const caseId = await caseOf(s.house.id)
    await db().updateTable('move_in_cases').set({ done_at: t.clock.now().toISOString() }).where('id', '=', caseId).execute()
    return { token: s.sessionToken, caseId }
  }
  const submit = (token: string, payload: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/owner/survey', headers: bearer(token), payload: payload as object })
  const responses = (caseId: number) => db().selectFrom('survey_responses').selectAll().where('case_id', '=', caseId).execute()
  const tasks = (caseId: number) => db().selectFrom('followup_tasks').selectAll().where('case_id', '=', caseId).where('kind', '=', 'survey_followup').execute()

  test('item 5 asks how problems were handled; the wording migration rewrites only an unedited default', async () => {
    const NEW = '入伙过程中遇到问题时的处理及时性与效果'
    const s = await verifyAs(t, 46)
    const items = (await t.app.inject({ method: 'GET', url: '/api/owner/survey', headers: bearer(s.sessionToken) })).json().items
    expect(items.find((i: { code: string }) => i.code === 'problems').title).toBe(NEW)
    const title = async () => (await db().selectFrom('survey_items').select('title').where('code', '=', 'problems').executeTakeFirstOrThrow()).title
    // a community that edited the title keeps its own
    await db().updateTable('survey_items').set({ title: '入伙问题的处理情况' }).where('code', '=', 'problems').execute()
    await rewordProblems(db())
    expect(await title()).toBe('入伙问题的处理情况')
    // the old default is rewritten
    await db().updateTable('survey_items').set({ title: '入伙过程中遇到的问题' }).where('code', '=', 'problems').execute()
    await rewordProblems(db())
    expect(await title()).toBe(NEW)
  })

  test('the survey is refused before the move-in is complete', async () => {
    const s = await verifyAs(t, 40)
    const get = await t.app.inject({ method: 'GET', url: '/api/owner/survey', headers: bearer(s.sessionToken) })
    expect(get.statusCode).toBe(200)
    expect(get.json()).toMatchObject({ open: false, submitted: false, response: null })
    expect(get.json().items).toHaveLength(6)
    expect(get.json().blockers[0]).toContain('完成入伙')

    const res = await submit(s.sessionToken, { scores: SCORES })
    expect(res.statusCode).toBe(409)
    expect(res.json().error.code).toBe('STAGE_LOCKED')
    expect(await responses(await caseOf(s.house.id))).toHaveLength(0)
  })

  test('a complete answer is stored with its CSI and shown back to the owner', async () => {
    const o = await doneOwner(41)
    const res = await submit(o.token, { scores: SCORES, comments: { notice: '  通知很清楚 ', overall: '总体不错', facilities: '   ' } })
    expect(res.statusCode).toBe(200)
    // Σ wS = 0.6 + 0.75 + 1.0 + 0.6 + 0.3 + 0.6 = 3.85 → (3.85 − 1) / 4 × 100 = 71.25
    expect(res.json()).toMatchObject({ open: true, submitted: true, response: { scores: SCORES, csi: 71.25 } })
    // trimmed, blank answers dropped
    expect(res.json().response.comments).toEqual({ notice: '通知很清楚', overall: '总体不错' })
    const rows = await responses(o.caseId)
    expect(rows).toHaveLength(1)
    expect(Number(rows[0].csi)).toBe(71.25)
    expect(rows[0].submitted_at).toBe(t.clock.now().toISOString())
    // no low score, no follow-up task
    expect(await tasks(o.caseId)).toHaveLength(0)

    const again = await t.app.inject({ method: 'GET', url: '/api/owner/survey', headers: bearer(o.token) })
    expect(again.json()).toMatchObject({ submitted: true, response: { scores: SCORES, csi: 71.25 } })
  })

  test('a second submission answers 409 and leaves the stored answer unchanged', async () => {
    const o = await doneOwner(42)
    expect((await submit(o.token, { scores: SCORES })).statusCode).toBe(200)
    const before = await responses(o.caseId)
    t.clock.advance(60_000)
    const res = await submit(o.token, { scores: { ...SCORES, overall: 1 }, comments: { overall: '改主意了' } })
    expect(res.statusCode).toBe(409)
    expect(res.json().error.code).toBe('SURVEY_ALREADY_SUBMITTED')
    expect(res.json().error.message).toContain('已收到')
    expect(await responses(o.caseId)).toEqual(before)
    expect(await tasks(o.caseId)).toHaveLength(0)
  })

  test('two submissions at once store exactly one answer', async () => {
    const o = await doneOwner(43)
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) => submit(o.token, { scores: { ...SCORES, overall: i === 1 ? 1 : 5 } }))
    )
    const codes = results.map((r) => r.statusCode).sort()
    expect(codes).toEqual([200, 409, 409, 409])
    expect(await responses(o.caseId)).toHaveLength(1)
    // a low score in a losing submission must not leave a task behind
    const winner = results.find((r) => r.statusCode === 200)!.json()
    expect(await tasks(o.caseId)).toHaveLength(winner.response.scores.overall === 1 ? 1 : 0)
  })

  test('a score of 2 or less opens a follow-up task naming the low items', async () => {
    const o = await doneOwner(44)
    const res = await submit(o.token, { scores: { ...SCORES, problems: 2, staff_attitude: 1 }, comments: { staff_attitude: '等了很久没人理' } })
    expect(res.statusCode).toBe(200)
    const rows = await tasks(o.caseId)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ status: 'open', assignee_role: 'manager' })
    expect(rows[0].reason).toContain('工作人员服务态度与专业性」1分')
    expect(rows[0].reason).toContain('入伙过程中遇到问题时的处理及时性与效果」2分')
    expect(rows[0].reason).toContain('等了很久没人理')
    expect(rows[0].reason).not.toContain('总体满意度')
    expect(rows[0].due_at).toBe(new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString())
  })

  test('a score of 3 opens no task', async () => {
    const o = await doneOwner(45)
    expect((await submit(o.token, { scores: { ...SCORES, problems: 3 } })).statusCode).toBe(200)
    expect(await tasks(o.caseId)).toHaveLength(0)
  })

  test('bad answers are refused with 4xx and stored nothing', async () => {
    const o = await doneOwner(46)
    const missing = await submit(o.token, { scores: { notice: 5 } })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().error.code).toBe('SURVEY_INCOMPLETE')
    expect(missing.json().error.message).toContain('现场办理效率')
    for (const scores of [{ ...SCORES, overall: 6 }, { ...SCORES, overall: 0 }, { ...SCORES, overall: 4.5 }]) {
      const r = await submit(o.token, { scores })
      expect(r.statusCode).toBe(400)
    }
    const unknown = await submit(o.token, { scores: { ...SCORES, bogus: 3 } })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.code).toBe('VALIDATION_FAILED')
    const badKey = await submit(o.token, { scores: { ...SCORES, 'Bad Key': 3 } })
    expect(badKey.statusCode).toBe(400)
    const longComment = await submit(o.token, { scores: SCORES, comments: { overall: '很'.repeat(501) } })
    expect(longComment.statusCode).toBe(400)
    const unknownComment = await submit(o.token, { scores: SCORES, comments: { elevator: '电梯' } })
    expect(unknownComment.statusCode).toBe(400)
    const extra = await submit(o.token, { scores: SCORES, caseId: 1 })
    expect(extra.statusCode).toBe(400)
    expect(await responses(o.caseId)).toHaveLength(0)
  })

  test('an owner never sees another house’s answer', async () => {
    const a = await doneOwner(47)
    const b = await doneOwner(48)
    expect((await submit(a.token, { scores: SCORES, comments: { overall: 'A 的意见' } })).statusCode).toBe(200)
    const res = await t.app.inject({ method: 'GET', url: '/api/owner/survey', headers: bearer(b.token) })
    expect(res.json()).toMatchObject({ submitted: false, response: null })
    expect(res.body).not.toContain('A 的意见')
    // and B may still answer for its own house
    expect((await submit(b.token, { scores: SCORES })).statusCode).toBe(200)
  })

  test('the survey needs an owner session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/owner/survey' })).statusCode).toBe(401)
    const staff = await staffLogin(t, 'manager')
    expect((await t.app.inject({ method: 'GET', url: '/api/owner/survey', headers: bearer(staff) })).statusCode).toBe(401)
  })
})

describe.each(dialects())('survey summary for the manager (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => t.close())

  async function answer(houseIndex: number, scores: Record<string, number>, comments?: Record<string, string>) {
    const s = await verifyAs(t, houseIndex)
    await t.db.handle.db.updateTable('move_in_cases').set({ done_at: t.clock.now().toISOString() }).where('house_id', '=', s.house.id).execute()
    const res = await t.app.inject({ method: 'POST', url: '/api/owner/survey', headers: bearer(s.sessionToken), payload: { scores, comments } })
    expect(res.statusCode).toBe(200)
  }
  const summary = async (role = 'manager') =>
    t.app.inject({ method: 'GET', url: '/api/staff/survey/summary', headers: bearer(await staffLogin(t, role)) })

  test('without answers: zero responses, no CSI, the benchmark', async () => {
    const res = await summary()
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ responses: 0, csi: null, vsBenchmark: null, benchmark: { value: 68.7 }, openAnswers: [] })
    expect(res.json().items).toHaveLength(6)
    expect(res.json().items[0]).toMatchObject({ count: 0, mean: null, sd: null })
  })

  test('mean and sd per item, CSI as the mean of the responses, open answers grouped by item', async () => {
    const base = { notice: 5, onsite_efficiency: 5, staff_attitude: 5, facilities: 5, problems: 5, overall: 5 }
    await answer(50, { ...base, notice: 1 }, { notice: '通知太晚' })
    await answer(51, { ...base, notice: 3 }, { overall: '整体满意' })
    t.clock.advance(60_000)
    await answer(52, { ...base, notice: 5 }, { notice: '通知及时' })
    const res = await summary()
    expect(res.statusCode).toBe(200)
    const s = res.json()
    expect(s.responses).toBe(3)
    const notice = s.items.find((i: { code: string }) => i.code === 'notice')
    // 1, 3, 5: mean 3, sample sd 2
    expect(notice).toMatchObject({ count: 3, mean: 3, sd: 2, distribution: [1, 0, 1, 0, 1], lowCount: 1 })
    expect(s.items.find((i: { code: string }) => i.code === 'overall')).toMatchObject({ mean: 5, sd: 0 })
    // CSIs: notice weight 0.15 → (5 − 0.15·4 − 1)/4·100 = 85, (5 − 0.15·2 − 1)/4·100 = 92.5, 100 → mean 92.5
    expect(s.csi).toBe(92.5)
    expect(s.vsBenchmark).toBe(23.8)
    expect(s.csiMethod).toContain('平均')
    const groups = Object.fromEntries(s.openAnswers.map((g: { code: string; answers: { text: string }[] }) => [g.code, g.answers.map((a) => a.text)]))
    expect(groups).toEqual({ notice: ['通知及时', '通知太晚'], overall: ['整体满意'] })
    expect(s.openFollowups).toBe(1)
  })

  test('only the manager reads the summary', async () => {
    expect((await summary('reception')).statusCode).toBe(403)
    expect((await summary('cashier')).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/survey/summary' })).statusCode).toBe(401)
    const owner = await verifyAs(t, 53)
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/survey/summary', headers: bearer(owner.sessionToken) })).statusCode).toBe(401)
  })
})

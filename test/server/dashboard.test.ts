/*
 * The manager's dashboard over the demo community (120 houses), houses driven through the
 * stages over the API: every count, median and rate moves by exactly what was done, the
 * drill-down lists hold the houses counted, the funnel agrees with the engine's derivation
 * of every house, and the Excel export carries the JSON's numbers.
 */
import crypto from 'node:crypto'
import ExcelJS from 'exceljs'
import { bearer, createTestApp, dialects, multipart, PNG_1x1, staffLogin, verifyAs, type TestApp } from './harness'
import { setPolicy, signaturePng } from './checkin-fixtures'
import { DEMO_SURVEY_ITEMS } from '../../server/src/seed/demo'
import { loadContext } from '../../server/src/modules/cases/service'
import { deriveProgress } from '../../server/src/modules/cases/engine'
import { percentile } from '../../server/src/modules/dashboard/service'
import { themeOf } from '../../server/src/modules/dashboard/themes'
import { STAGES } from '../../types/progress'
import type { Dashboard, DashboardHouses } from '../../types/dashboard'

const T0 = '2026-03-02T02:00:00.000Z' // Shanghai 03-02 10:00; the demo's slots start 03-03
const DAY = '2026-03-04'
const T1 = '2026-03-04T01:00:00.000Z' // Shanghai 03-04 09:00, the slot day
const HOUR = 3_600_000
const key = () => crypto.randomUUID()

describe.each(dialects())('manager dashboard (%s)', (dialect) => {
  let t: TestApp
  let manager: string
  let reviewer: string
  let inspector: string
  let reception: string
  beforeAll(async () => {
    t = await createTestApp(dialect)
    t.clock.set(T0)
    await setPolicy(t, { fees: false, agreements: false })
  })
  // staff sessions expire as the clock moves on: sign in again after every move
  async function login() {
    manager = await staffLogin(t, 'manager')
    reviewer = await staffLogin(t, 'reviewer')
    inspector = await staffLogin(t, 'inspector')
    reception = await staffLogin(t, 'reception')
  }
  beforeEach(login)
  afterAll(async () => t.close())

  const db = () => t.db.handle.db
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, token: string | null, payload?: unknown) =>
    t.app.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })
  const ok = async (method: 'GET' | 'POST' | 'PUT', url: string, token: string, payload?: unknown) => {
    const res = await api(method, url, token, payload)
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  const dash = async (q = ''): Promise<Dashboard> => ok('GET', `/api/staff/dashboard${q}`, manager)
  const drill = async (metric: string, q = ''): Promise<DashboardHouses> =>
    ok('GET', `/api/staff/dashboard/houses?metric=${encodeURIComponent(metric)}${q}`, manager)
  const ids = async (metric: string, q = '') => (await drill(metric, q)).items.map((i) => i.houseId).sort((a, b) => a - b)
  const funnel = (d: Dashboard, stage: string) => d.funnel.find((f) => f.stage === stage)!
  const sla = (d: Dashboard, kind: string) => d.sla.find((s) => s.kind === kind)!
  const advance = async (ms: number) => {
    t.clock.advance(ms)
    await login()
  }
  const setClock = async (iso: string) => {
    t.clock.set(iso)
    await login()
  }

  interface Owner {
    token: string
    houseId: number
    caseId: number
    batch: string
  }

  async function verify(index: number): Promise<Owner> {
    const s = await verifyAs(t, index)
    const c = await db().selectFrom('move_in_cases').select('id').where('house_id', '=', s.house.id).executeTakeFirstOrThrow()
    const h = await db().selectFrom('houses').select('batch').where('id', '=', s.house.id).executeTakeFirstOrThrow()
    return { token: s.sessionToken, houseId: s.house.id, caseId: Number(c.id), batch: h.batch }
  }

  async function submitDocuments(o: Owner) {
    await ok('POST', '/api/owner/consents', o.token, { kind: 'id_photo' })
    for (const item of ['owner_id_card', 'purchase_contract']) {
      const m = multipart(PNG_1x1, 'page.png')
      const up = await t.app.inject({ method: 'POST', url: `/api/owner/documents/${item}/files`, headers: { ...bearer(o.token), ...m.headers }, payload: m.payload })
      expect(up.statusCode).toBeLessThan(300)
      await ok('POST', `/api/owner/documents/${item}/submit`, o.token)
    }
  }

  async function approveDocuments(o: Owner) {
    for (const item of ['owner_id_card', 'purchase_contract']) await ok('POST', `/api/staff/reviews/${o.caseId}/items/${item}`, reviewer, { decision: 'approve' })
  }

  async function reserve(o: Owner, start = '09:00') {
    const slot = await db()
      .selectFrom('slots')
      .select('id')
      .where('batch', '=', o.batch)
      .where('date', '=', DAY)
      .where('start_time', '=', start)
      .executeTakeFirstOrThrow()
    await ok('POST', '/api/owner/reservation', o.token, { slotId: Number(slot.id), idempotencyKey: key() })
  }

  /** Every item of the round passes, except `fail` rooms' first item. */
  async function walk(inspectionId: number, failRoom?: string) {
    const detail = await ok('GET', `/api/staff/inspections/${inspectionId}`, inspector)
    for (const room of detail.rooms) {
      for (const [i, it] of room.items.entries()) {
        const result = room.room === failRoom && i === 0 ? 'fail' : 'pass'
        await ok('PUT', `/api/staff/inspections/${inspectionId}/items`, inspector, { idempotencyKey: key(), room: room.room, item: it.item, result })
      }
    }
    return detail
  }

  /** Round 1; with a defect when `defect` is given. Returns the round and its repair orders. */
  async function inspect(o: Owner, defect?: { room: string; category: string; severity: string }) {
    const ins = await ok('POST', '/api/staff/inspections', inspector, { caseId: o.caseId })
    await walk(ins.id, defect?.room)
    let defectId: number | null = null
    if (defect) {
      const d = await ok('POST', `/api/staff/inspections/${ins.id}/defects`, inspector, {
        idempotencyKey: key(),
        room: defect.room,
        location: '',
        category: defect.category,
        severity: defect.severity,
        description: '测试问题',
        photoUploadIds: []
      })
      defectId = d.id
    }
    const done = await ok('POST', `/api/staff/inspections/${ins.id}/complete`, inspector)
    return { inspectionId: ins.id as number, defectId, repairIds: (done.repairOrders ?? []).map((r: { id: number }) => r.id) as number[] }
  }

  async function fixAndReinspect(o: Owner, r: { inspectionId: number; defectId: number | null; repairIds: number[] }) {
    const m = multipart(PNG_1x1, 'after.png')
    const photo = (await t.app.inject({ method: 'POST', url: `/api/staff/inspections/${r.inspectionId}/photos`, headers: { ...bearer(inspector), ...m.headers }, payload: m.payload })).json()
    for (const id of r.repairIds) await ok('POST', `/api/staff/repairs/${id}/fixed`, inspector, { afterPhotoUploadId: photo.id })
    const r2 = await ok('POST', '/api/staff/inspections', inspector, { caseId: o.caseId })
    await ok('POST', `/api/staff/inspections/${r2.id}/complete`, inspector)
    await ok('POST', `/api/owner/inspection/defects/${r.defectId}/confirm`, o.token)
  }

  async function sign(o: Owner) {
    await ok('POST', '/api/owner/inspection/sign', o.token, { signaturePng: signaturePng(3) })
  }

  async function handOver(o: Owner) {
    await ok('POST', `/api/staff/keys/${o.caseId}`, reception, {
      keys: [{ code: 'door_key', count: 2 }],
      ownerSignaturePng: signaturePng(1),
      staffSignaturePng: signaturePng(2),
      ownerConfirmedHouse: true
    })
  }

  async function survey(o: Owner, score: number, comments: Record<string, string> = {}) {
    const scores = Object.fromEntries(DEMO_SURVEY_ITEMS.map((i) => [i.code, score]))
    await ok('POST', '/api/owner/survey', o.token, { scores, comments })
  }

  /** The funnel's drill-down sets against the engine's derivation of every house of the community. */
  async function expectFunnelMatchesEngine() {
    const houses = await db().selectFrom('houses').leftJoin('move_in_cases as mc', 'mc.house_id', 'houses.id').select(['houses.id as house_id', 'mc.id as case_id']).execute()
    const expected = new Map<string, number[]>()
    const push = (k: string, id: number) => expected.set(k, [...(expected.get(k) ?? []), id])
    for (const h of houses) {
      const houseId = Number(h.house_id)
      if (h.case_id === null) {
        push('funnel:verify:inProgress', houseId)
        continue
      }
      const ctx = await loadContext(db(), Number(h.case_id))
      const p = deriveProgress(ctx.facts, ctx.policy, t.clock.now())
      for (const s of p.stages) if (s.status === 'done') push(`funnel:${s.stage}:done`, houseId)
      const current = p.stages.find((s) => s.stage === p.currentStage)!
      if (current.status !== 'done') push(`funnel:${p.currentStage}:inProgress`, houseId)
    }
    const d = await dash()
    for (const stage of STAGES) {
      for (const f of ['done', 'inProgress'] as const) {
        const k = `funnel:${stage}:${f}`
        const want = (expected.get(k) ?? []).sort((a, b) => a - b)
        expect([k, await ids(k)]).toEqual([k, want])
        expect([k, funnel(d, stage)[f]]).toEqual([k, want.length])
      }
    }
  }

  // Houses of the story (demo indexes; batch read from the data)
  let A: Owner // verified only
  let B: Owner // defect → repaired → re-inspected → keys → survey (low score)
  let C: Owner // passes the first round → keys → survey
  let D: Owner // documents submitted, never reviewed
  let E: Owner // checked in, waiting
  let F: Owner // defect 严重, never fixed
  let before: Dashboard

  test('the empty community: 120 houses at verify, nothing due before the batch window', async () => {
    const d = await dash()
    expect(d.houses).toBe(120)
    expect(d.funnel.map((f) => f.stage)).toEqual([...STAGES])
    expect(d.funnel.map((f) => f.title)).toEqual(['核验身份', '提交资料', '预约时间', '签署协议', '缴纳费用', '现场签到', '验房', '交钥匙', '完成入伙', '回访'])
    expect(funnel(d, 'verify')).toMatchObject({ done: 0, inProgress: 120, drill: { done: 'funnel:verify:done', inProgress: 'funnel:verify:inProgress' } })
    expect(d.funnel.filter((f) => f.stage !== 'verify').every((f) => f.done === 0 && f.inProgress === 0)).toBe(true)
    expect(d.batches.map((b) => [b.code, b.startsOn, b.due, b.handedOver, b.handoverRate])).toEqual([
      ['第一批', '2026-03-03', 0, 0, null],
      ['第二批', '2026-03-03', 0, 0, null]
    ])
    expect(d.batches.reduce((a, b) => a + b.houses, 0)).toBe(120)
    expect(d.today).toMatchObject({ date: '2026-03-02', checkedIn: 0, inspected: 0, keysHanded: 0 })
    expect(d.sla.map((s) => [s.kind, s.count])).toEqual([
      ['review', 0],
      ['checkinWait', 0],
      ['followup', 0],
      ['repair', 0]
    ])
    expect(d.firstPass).toMatchObject({ inspected: 0, firstPass: 0, rate: null })
    expect(d.survey).toMatchObject({ responses: 0, csi: null, benchmark: { value: 68.7 } })
    expect((await drill('houses')).total).toBe(120)
    expect((await drill('funnel:verify:inProgress')).items[0]).toMatchObject({ stage: 'verify', stageTitle: '核验身份' })
    before = d
  })

  test('verification and documents move verify → documents → reserve by exactly the houses moved', async () => {
    A = await verify(0)
    B = await verify(1)
    C = await verify(2)
    D = await verify(3)
    E = await verify(4)
    F = await verify(5)
    let d = await dash()
    expect(funnel(d, 'verify')).toMatchObject({ done: 6, inProgress: 114 })
    expect(funnel(d, 'documents').inProgress).toBe(6)
    // agreements and fees are open from verification on, not done
    expect(funnel(d, 'agreements').done).toBe(0)
    expect(await ids('funnel:verify:done')).toEqual([A, B, C, D, E, F].map((o) => o.houseId).sort((a, b) => a - b))

    for (const o of [B, C, D, E, F]) await submitDocuments(o)
    await advance(2 * HOUR)
    await approveDocuments(B)
    await advance(2 * HOUR)
    for (const o of [C, E, F]) await approveDocuments(o)
    d = await dash()
    expect(funnel(d, 'documents')).toMatchObject({ done: 4, inProgress: 2 }) // A (nothing uploaded) and D (waiting)
    expect(funnel(d, 'reserve').inProgress).toBe(4)
    // documents took 2 h (B) and 4 h (C, E, F) from the case's creation
    const all = d.stageTimes[0]
    expect(all.batch).toBeNull()
    const docs = all.stages.find((s) => s.stage === 'documents')!
    expect(docs).toMatchObject({ count: 4, medianHours: 4, p90Hours: 4 })
    expect(percentile([2, 4, 4, 4], 0.5)).toBe(4)
    expect(await ids(docs.drill.count)).toEqual([B, C, E, F].map((o) => o.houseId).sort((a, b) => a - b))
    await expectFunnelMatchesEngine()
  })

  test('document reviews waiting past 24 h are breaches of the reviewer, with the house behind them', async () => {
    await advance(19 * HOUR) // D submitted 23 h ago
    expect(sla(await dash(), 'review').count).toBe(0)
    await advance(HOUR) // 24 h: the review queue flags it from here on
    const s = sla(await dash(), 'review')
    expect(s).toMatchObject({ count: 2, houses: 1, role: 'reviewer' })
    expect(s.items.map((i) => [i.houseId, i.subject, i.staff])).toEqual([
      [D.houseId, '业主身份证', null],
      [D.houseId, '购房合同', null]
    ])
    expect(await ids('sla:review')).toEqual([D.houseId])
  })

  test('the slot day: reservations, check-ins, inspections and keys move today, the funnel and the rates', async () => {
    await setClock('2026-03-02T12:00:00.000Z') // before the cut-off of the 03-04 slots
    for (const o of [B, C, E, F]) await reserve(o)
    await setClock(T1)
    let d = await dash()
    expect(funnel(d, 'reserve').done).toBe(4)
    expect(funnel(d, 'checkin').inProgress).toBe(4) // on the day the on-site order leads
    const batchOf = (code: string) => d.batches.find((b) => b.code === code)!
    const first = batchOf(B.batch)
    expect(first.due).toBe(first.houses) // the window (first slot 03-03) has started
    expect(first.handedOver).toBe(0)
    expect(first.handoverRate).toBe(0)

    for (const o of [B, C, E, F]) await ok('POST', '/api/owner/checkin', o.token)
    d = await dash()
    expect(d.today).toMatchObject({ date: DAY, checkedIn: 4, inspected: 0, keysHanded: 0 })
    expect(await ids('today:checkedIn')).toEqual([B, C, E, F].map((o) => o.houseId).sort((a, b) => a - b))
    expect(funnel(d, 'inspection').inProgress).toBe(4)

    await advance(HOUR)
    const rb = await inspect(B, { room: '卫生间', category: '渗漏', severity: '一般' })
    const rc = await inspect(C)
    const rf = await inspect(F, { room: '客厅', category: '开裂', severity: '严重' })
    d = await dash()
    expect(d.today.inspected).toBe(3)
    expect(d.firstPass).toMatchObject({ inspected: 3, firstPass: 1, rate: 0.3333 })
    expect(await ids('inspection:firstPass')).toEqual([C.houseId])
    expect(d.defects.total).toBe(2)
    expect(d.defects.per100).toBe(66.67)
    const cell = d.defects.cells.find((c) => c.category === '渗漏' && c.buildingId === null)!
    expect(cell).toMatchObject({ defects: 1, houses: 3, per100: 33.33, withDefects: 1 })
    expect(await ids(cell.drill.withDefects)).toEqual([B.houseId])
    expect(d.repairs).toMatchObject({ total: 2, onTimeDone: 0, overdueDone: 0, onTimeOpen: 2, overdueOpen: 0, onTimeRate: null })

    await fixAndReinspect(B, rb)
    await advance(HOUR)
    await sign(B)
    await sign(C)
    d = await dash()
    expect(d.repairs).toMatchObject({ total: 2, onTimeDone: 1, onTimeOpen: 1, onTimeRate: 1 })
    expect(await ids('repairs:onTimeOpen')).toEqual([F.houseId])
    expect(funnel(d, 'inspection').done).toBe(2)
    expect(funnel(d, 'keys').inProgress).toBe(2)

    await advance(HOUR)
    await handOver(B)
    await handOver(C)
    d = await dash()
    expect(d.today.keysHanded).toBe(2)
    expect(funnel(d, 'keys').done).toBe(2)
    expect(funnel(d, 'done').done).toBe(2)
    expect(funnel(d, 'followup').inProgress).toBe(2)
    const handed = d.batches.reduce((a, b) => a + b.handedOver, 0)
    expect(handed).toBe(2)
    const bb = d.batches.find((b) => b.code === B.batch)!
    expect(bb.handoverRate).toBe(Math.round((bb.handedOver / bb.due) * 10000) / 10000)
    expect(await ids(bb.drill.handedOver)).toEqual([B, C].filter((o) => o.batch === B.batch).map((o) => o.houseId).sort((a, b) => a - b))
    // drill-down times: when the keys were handed; A has been at documents since its case began
    expect((await drill('funnel:keys:done')).items.find((i) => i.houseId === B.houseId)!.since).toBe('2026-03-04T04:00:00.000Z')
    expect((await drill('funnel:documents:inProgress')).items.find((i) => i.houseId === A.houseId)).toMatchObject({ since: T0, stage: 'documents' })
    // journey: verified at T0, done at T1 + 3 h = 50 h later, for both
    expect(d.stageTimes[0].journey).toMatchObject({ count: 2, medianHours: 50, p90Hours: 50 })
    // inspection stage: opened at the check-in (T1), done at the signature (T1 + 2 h)
    expect(d.stageTimes[0].stages.find((s) => s.stage === 'inspection')).toMatchObject({ count: 2, medianHours: 2, p90Hours: 2 })
    await expectFunnelMatchesEngine()

    before = d
    void rc
    void rf
  })

  test('the survey: CSI and item means move by the answers, open answers go to their theme', async () => {
    await survey(B, 2, { onsite_efficiency: '排队等了很久' })
    await survey(C, 5, { overall: '工作人员态度很好' })
    const d = await dash()
    expect(d.survey.responses).toBe(2)
    expect(d.survey.csi).toBe(62.5) // (0 + 100) / 2 … weights apply per answer: all 2 → 25, all 5 → 100
    expect(d.survey.vsBenchmark).toBe(Math.round((62.5 - 68.7) * 100) / 100)
    const item = d.survey.items[0]
    expect(item).toMatchObject({ count: 2, mean: 3.5, sd: 2.12 })
    const theme = (k: string) => d.survey.themes.find((x) => x.theme === k)!
    expect(theme('efficiency')).toMatchObject({ count: 1, answers: [{ houseId: B.houseId, text: '排队等了很久', score: 2 }] })
    expect(theme('attitude').count).toBe(1)
    expect(theme('other').count).toBe(0)
    expect(themeOf('物业费太贵')).toBe('charges')
    expect(themeOf('电梯还没开通')).toBe('facilities')
    expect(themeOf('墙面有裂缝')).toBe('quality')
    expect(themeOf('一切顺利')).toBe('other')
    const bb = d.batches.find((b) => b.code === B.batch)!
    expect(bb.responses).toBe([B, C].filter((o) => o.batch === B.batch).length)
    expect(await ids('survey:responses')).toEqual([B.houseId, C.houseId].sort((a, b) => a - b))
  })

  test('filters: a building and a batch narrow every count to their houses', async () => {
    const b = await db().selectFrom('houses').select(['building_id', 'batch']).where('id', '=', B.houseId).executeTakeFirstOrThrow()
    const inBuilding = await db().selectFrom('houses').select('id').where('building_id', '=', b.building_id).execute()
    const d = await dash(`?building=${b.building_id}`)
    expect(d.houses).toBe(inBuilding.length)
    expect(d.filters).toEqual({ batch: null, building: Number(b.building_id) })
    expect((await drill('houses', `&building=${b.building_id}`)).total).toBe(inBuilding.length)
    const other = await db().selectFrom('houses').select('id').where('batch', '!=', b.batch).execute()
    const byBatch = await dash(`?batch=${encodeURIComponent(b.batch)}`)
    expect(byBatch.houses).toBe(120 - other.length)
    expect(byBatch.batches.map((x) => x.code)).toEqual([b.batch])
    expect(byBatch.funnel.reduce((a, f) => a + f.inProgress, 0) + funnel(byBatch, 'followup').done).toBe(byBatch.houses)
    expect((await api('GET', '/api/staff/dashboard?building=999999', manager)).statusCode).toBe(404)
    expect((await api('GET', '/api/staff/dashboard/houses?metric=nothing', manager)).statusCode).toBe(404)
  })

  test('check-in waits past 30 minutes are the reception\'s breaches', async () => {
    // E and F checked in at T1; it is T1 + 3 h now and nobody called them on the board
    // (F was inspected without being called: the board still shows F waiting, and so does this)
    const d = await dash()
    expect(sla(d, 'checkinWait')).toMatchObject({ count: 2, houses: 2, role: 'reception' })
    expect(sla(d, 'checkinWait').items[0]).toMatchObject({ since: T1, role: 'reception', staff: null })
    expect(await ids('sla:checkinWait')).toEqual([E.houseId, F.houseId].sort((a, b) => a - b))
    const board = await ok('GET', '/api/staff/board', reception)
    expect(board.counts.longWaits).toBe(2)
  })

  test('the export: one sheet per table, the numbers of the JSON, the house list with stages and dates', async () => {
    const d = await dash()
    const res = await api('GET', '/api/staff/dashboard/export.xlsx', manager)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as never)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['办理漏斗', '批次收楼', '环节用时', '超时预警', '预警汇总', '缺陷统计', '整改及时率', '满意度', '意见主题', '每户'])
    const rows = (name: string) => {
      const out: unknown[][] = []
      wb.getWorksheet(name)!.eachRow((r, i) => {
        if (i > 1) out.push(Array.from({ length: r.cellCount }, (_, c) => r.getCell(c + 1).value ?? null))
      })
      return out
    }
    const ws = wb.getWorksheet('办理漏斗')!
    expect(ws.getRow(1).font?.bold).toBe(true)
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    expect(ws.getColumn(1).width).toBeGreaterThan(0)
    expect(rows('办理漏斗')).toEqual(d.funnel.map((f) => [f.title, f.stage, f.done, f.inProgress]))
    expect(rows('批次收楼').map((r) => [r[0], r[3], r[4], r[5]])).toEqual(d.batches.map((b) => [b.title, b.houses, b.due, b.handedOver]))
    expect(rows('预警汇总')).toEqual(d.sla.map((s) => [s.title, s.count, s.houses]))
    expect(rows('超时预警')).toHaveLength(d.sla.reduce((a, s) => a + s.count, 0))
    const repairs = new Map(rows('整改及时率').map((r) => [r[0], r[1]]))
    expect(repairs.get('按期完成')).toBe(d.repairs.onTimeDone)
    expect(repairs.get('一次验房通过户数')).toBe(d.firstPass.firstPass)
    expect(rows('满意度').find((r) => r[0] === 'CSI（百分制）')![3]).toBe(d.survey.csi)
    const houses = rows('每户')
    expect(houses).toHaveLength(120)
    const houseRow = async (o: Owner) => {
      const label = (await drill('houses')).items.find((i) => i.houseId === o.houseId)!.label
      return houses.find((r) => r[0] === label)!
    }
    const rb = await houseRow(B)
    expect(rb[1]).toBe(B.batch)
    expect(String(rb[2])).toMatch(/\*/) // masked owner
    expect(rb[3]).toBe('回访')
    expect(rb[4]).toBe('2026-03-02 10:00')
    expect(rb[5]).toBe('2026-03-04 09:00')
    expect(rb[6]).toBe('2026-03-04 09:00')
    expect(rb[7]).toBe('2026-03-04 10:00')
    expect(rb[8]).toBe('2026-03-04 12:00')
    const ra = await houseRow(A)
    expect(ra[3]).toBe('提交资料')
    expect(ra[6] ?? null).toBeNull()
  })

  test('a week later: the follow-up visits and the unfixed 严重 repair are overdue', async () => {
    await setClock('2026-03-12T02:00:00.000Z')
    const d = await dash()
    // first visits of B and C (7 days after the keys) and B's low-score follow-up (3 days)
    expect(sla(d, 'followup')).toMatchObject({ count: 3, houses: 2 })
    expect(await ids('sla:followup')).toEqual([B.houseId, C.houseId].sort((a, b) => a - b))
    const r = sla(d, 'repair')
    expect(r).toMatchObject({ count: 1, houses: 1, role: 'inspector' })
    expect(r.items[0].houseId).toBe(F.houseId)
    expect(r.items[0].staff).toMatchObject({ name: expect.any(String) })
    expect(d.repairs).toMatchObject({ onTimeDone: 1, overdueOpen: 1, onTimeOpen: 0 })
    expect(sla(d, 'checkinWait').count).toBe(0) // a check-in of another day is no longer waiting
    expect(d.today).toMatchObject({ date: '2026-03-12', checkedIn: 0, inspected: 0, keysHanded: 0 })
  })

  test('median and p90 interpolate linearly between the samples', () => {
    expect(percentile([], 0.5)).toBeNull()
    expect(percentile([3], 0.9)).toBe(3)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5.5)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10)
  })

  test('only managers read the dashboard: owners 401, reception / cashier / inspector / reviewer 403', async () => {
    for (const url of ['/api/staff/dashboard', '/api/staff/dashboard/houses?metric=houses', '/api/staff/dashboard/export.xlsx']) {
      expect((await api('GET', url, A.token)).statusCode).toBe(401)
      expect((await api('GET', url, null)).statusCode).toBe(401)
      for (const role of ['reception', 'cashier', 'inspector', 'reviewer']) {
        const res = await api('GET', url, await staffLogin(t, role))
        expect([url, role, res.statusCode]).toEqual([url, role, 403])
      }
    }
    void before
  })
})

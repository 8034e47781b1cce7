/*
 * Contractors (施工单位): CRUD, assigning repair orders one by one and in batches, the
 * contractor's 整改通知单 (only its own open items, with photos), the three-step close
 * (fix recorded by staff → inspector accepts or rejects → owner confirms), and the
 * per-contractor counts in the list and the dashboard, on the demo seed.
 */
import crypto from 'node:crypto'
import { PNG } from 'pngjs'
import { bearer, createTestApp, dialects, multipart, staffLogin, verifyAs, type TestApp } from './harness'
import { pdfText } from './notices-helpers'
import { sweepSla } from '../../server/src/modules/scheduler/jobs/sla'

const key = () => crypto.randomUUID()
const DAY = 24 * 3600 * 1000

/** A 40x30 photo-like PNG (a blue square on grey) that pdfkit can embed. */
function photoPng(): Buffer {
  const png = new PNG({ width: 40, height: 30 })
  for (let i = 0; i < 40 * 30; i++) {
    const x = i % 40
    const inside = x > 10 && x < 30
    png.data.set(inside ? [30, 80, 200, 255] : [180, 180, 180, 255], i * 4)
  }
  return PNG.sync.write(png)
}
const PHOTO = photoPng()

describe.each(dialects())('contractors (%s)', (dialect) => {
  let t: TestApp
  let inspector: string
  let manager: string
  beforeAll(async () => {
    t = await createTestApp(dialect)
    inspector = await staffLogin(t, 'inspector')
    manager = await staffLogin(t, 'manager')
  })
  afterAll(async () => t.close())

  const db = () => t.db.handle.db
  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string | null, payload?: unknown) =>
    t.app.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })

  async function uploadPhoto(inspectionId: number) {
    const m = multipart(PHOTO, 'photo.png')
    const res = await t.app.inject({ method: 'POST', url: `/api/staff/inspections/${inspectionId}/photos`, headers: { ...bearer(inspector), ...m.headers }, payload: m.payload })
    expect(res.statusCode).toBe(200)
    return res.json() as { id: number }
  }

  /** A house checked in and inspected (round 1 completed) with the given defects; answers their ids by description. */
  async function inspectedWith(houseIndex: number, defects: { room: string; category: string; severity: string; description: string }[]) {
    const s = await verifyAs(t, houseIndex)
    const c = await db().selectFrom('move_in_cases').select('id').where('house_id', '=', s.house.id).executeTakeFirstOrThrow()
    const caseId = Number(c.id)
    const at = t.clock.now().toISOString()
    await db().insertInto('checkins').values({ case_id: caseId, date: at.slice(0, 10), queue_no: houseIndex + 1, arrived_at: at, called_at: null, finished_at: null } as never).execute()
    const ins = (await api('POST', '/api/staff/inspections', inspector, { caseId })).json()
    for (const room of ins.rooms) {
      for (const it of room.items) {
        expect((await api('PUT', `/api/staff/inspections/${ins.id}/items`, inspector, { idempotencyKey: key(), room: room.room, item: it.item, result: 'pass' })).statusCode).toBe(201)
      }
    }
    const ids: Record<string, number> = {}
    for (const d of defects) {
      const photo = await uploadPhoto(ins.id)
      const res = await api('POST', `/api/staff/inspections/${ins.id}/defects`, inspector, { idempotencyKey: key(), location: '墙角', photoUploadIds: [photo.id], ...d })
      expect(res.statusCode).toBe(201)
      ids[d.description] = res.json().id
    }
    const done = await api('POST', `/api/staff/inspections/${ins.id}/complete`, inspector)
    expect(done.statusCode).toBe(200)
    const repairs: Record<string, number> = {}
    for (const r of done.json().repairOrders) repairs[r.defect.description] = r.id
    return { owner: s.sessionToken, caseId, inspectionId: ins.id, label: s.house.label, defects: ids, repairs }
  }

  // 1栋 houses 20 and 21, 2栋 house 80 (the demo lists 60 houses per building)
  let A: Awaited<ReturnType<typeof inspectedWith>>
  let B: Awaited<ReturnType<typeof inspectedWith>>
  let C: Awaited<ReturnType<typeof inspectedWith>>
  let waterproof: number
  let builder: number
  let building1: number

  test('houses inspected with defects in two buildings', async () => {
    A = await inspectedWith(20, [
      { room: '卫生间', category: '渗漏', severity: '一般', description: '甲卫生间地漏渗水' },
      { room: '客厅', category: '开裂', severity: '严重', description: '乙客厅墙面裂缝' }
    ])
    B = await inspectedWith(21, [{ room: '卫生间', category: '渗漏', severity: '轻微', description: '甲淋浴区返潮' }])
    C = await inspectedWith(80, [
      { room: '卫生间', category: '渗漏', severity: '一般', description: '甲二栋管根渗水' },
      { room: '厨房', category: '电气', severity: '一般', description: '乙插座无电' }
    ])
    expect(A.label.startsWith('1栋')).toBe(true)
    expect(C.label.startsWith('2栋')).toBe(true)
    const b = await db().selectFrom('buildings').select('id').where('name', '=', '1栋').executeTakeFirstOrThrow()
    building1 = Number(b.id)
  })

  test('the manager creates and edits contractors; names are unique in the community', async () => {
    const a = await api('POST', '/api/staff/contractors', manager, { name: '华防防水工程公司', trades: ['渗漏'], contactName: '王工', contactPhone: '13800001111' })
    expect(a.statusCode).toBe(201)
    expect(a.json()).toMatchObject({ name: '华防防水工程公司', trades: ['渗漏'], active: true, stats: { assigned: 0, open: 0, overdue: 0, reopened: 0, done: 0, onTime: 0 } })
    waterproof = a.json().id
    const b = await api('POST', '/api/staff/contractors', manager, { name: '建安土建', trades: ['开裂', '电气'], contactName: '李工', contactPhone: '0755-1234567' })
    expect(b.statusCode).toBe(201)
    builder = b.json().id
    const dup = await api('POST', '/api/staff/contractors', manager, { name: '建安土建', trades: [], contactName: '', contactPhone: '' })
    expect(dup.statusCode).toBe(409)
    const bad = await api('POST', '/api/staff/contractors', manager, { name: 'x', trades: ['游泳池'], contactName: '', contactPhone: '' })
    expect(bad.statusCode).toBe(400)

    const edited = await api('PATCH', `/api/staff/contractors/${builder}`, manager, { contactName: '李建国' })
    expect(edited.statusCode).toBe(200)
    expect(edited.json()).toMatchObject({ id: builder, contactName: '李建国', trades: ['开裂', '电气'] })
    expect((await api('PATCH', `/api/staff/contractors/${builder}`, manager, { name: '华防防水工程公司' })).statusCode).toBe(409)

    const list = (await api('GET', '/api/staff/contractors', inspector)).json()
    expect(list.items.map((c: { name: string }) => c.name).sort()).toEqual(['华防防水工程公司', '建安土建'].sort())
    expect(list.buildings).toEqual([
      { id: building1, name: '1栋' },
      { id: expect.any(Number), name: '2栋' }
    ])
  })

  test('role checks: cashier and reception 403, inspectors cannot edit contractors, owners 401', async () => {
    const cashier = await staffLogin(t, 'cashier')
    const reception = await staffLogin(t, 'reception')
    for (const token of [cashier, reception]) {
      expect((await api('GET', '/api/staff/contractors', token)).statusCode).toBe(403)
      expect((await api('POST', '/api/staff/contractors', token, { name: 'x', trades: [], contactName: '', contactPhone: '' })).statusCode).toBe(403)
      expect((await api('POST', `/api/staff/defects/${A.defects['乙客厅墙面裂缝']}/assign`, token, { contractorId: builder })).statusCode).toBe(403)
      expect((await api('POST', `/api/staff/contractors/${waterproof}/assign`, token, { category: '渗漏' })).statusCode).toBe(403)
      expect((await api('GET', `/api/staff/contractors/${waterproof}/notice.pdf`, token)).statusCode).toBe(403)
      expect((await api('POST', `/api/staff/repairs/${A.repairs['甲卫生间地漏渗水']}/verify`, token, { accept: true })).statusCode).toBe(403)
    }
    expect((await api('POST', '/api/staff/contractors', inspector, { name: 'x', trades: [], contactName: '', contactPhone: '' })).statusCode).toBe(403)
    expect((await api('PATCH', `/api/staff/contractors/${builder}`, inspector, { active: false })).statusCode).toBe(403)
    expect((await api('GET', '/api/staff/contractors', A.owner)).statusCode).toBe(401)
    expect((await api('GET', `/api/staff/contractors/${waterproof}/notice.pdf`, null)).statusCode).toBe(401)
  })

  test('one defect is assigned with its own due date; unknown ones are 404', async () => {
    const res = await api('POST', `/api/staff/defects/${A.defects['乙客厅墙面裂缝']}/assign`, inspector, { contractorId: builder, dueDate: '2026-03-04' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ repairId: A.repairs['乙客厅墙面裂缝'], contractor: { id: builder, name: '建安土建' }, dueDate: '2026-03-04' })
    const d = await db().selectFrom('defects').select('due_date').where('id', '=', A.defects['乙客厅墙面裂缝']).executeTakeFirstOrThrow()
    expect(d.due_date).toBe('2026-03-04')
    expect((await api('POST', '/api/staff/defects/999999/assign', inspector, { contractorId: builder })).statusCode).toBe(404)
    expect((await api('POST', `/api/staff/defects/${A.defects['乙客厅墙面裂缝']}/assign`, inspector, { contractorId: 999999 })).statusCode).toBe(404)
    const past = await api('POST', `/api/staff/defects/${A.defects['乙客厅墙面裂缝']}/assign`, inspector, { contractorId: builder, dueDate: '2026-01-01' })
    expect(past.statusCode).toBe(400)
  })

  test('a batch by category and building takes only that building’s unassigned items; by defect ids exactly those', async () => {
    const one = await api('POST', `/api/staff/contractors/${waterproof}/assign`, manager, { category: '渗漏', building: building1 })
    expect(one.statusCode).toBe(200)
    expect(one.json()).toEqual({ assigned: 2, repairIds: [A.repairs['甲卫生间地漏渗水'], B.repairs['甲淋浴区返潮']].sort((a, b) => a - b) })
    // the rest of the community's 渗漏: 2栋's; nothing twice, the due date from the severity kept
    const rest = await api('POST', `/api/staff/contractors/${waterproof}/assign`, inspector, { category: '渗漏' })
    expect(rest.json()).toEqual({ assigned: 1, repairIds: [C.repairs['甲二栋管根渗水']] })
    expect((await api('POST', `/api/staff/contractors/${waterproof}/assign`, inspector, { category: '渗漏' })).json().assigned).toBe(0)
    const ids = await api('POST', `/api/staff/contractors/${builder}/assign`, inspector, { defectIds: [C.defects['乙插座无电']] })
    expect(ids.json()).toEqual({ assigned: 1, repairIds: [C.repairs['乙插座无电']] })
    expect((await api('POST', `/api/staff/contractors/${builder}/assign`, inspector, {})).statusCode).toBe(400)

    const repairs = (await api('GET', '/api/staff/repairs', inspector)).json().items as { id: number; contractor: { name: string } | null; dueDate: string }[]
    expect(repairs.find((r) => r.id === C.repairs['乙插座无电'])?.contractor?.name).toBe('建安土建')
    expect(repairs.find((r) => r.id === B.repairs['甲淋浴区返潮'])).toMatchObject({ contractor: { name: '华防防水工程公司' }, dueDate: '2026-03-17' })

    const audits = await db().selectFrom('audit_log').select(['action', 'target']).where('action', 'in', ['repair.assign', 'repair.assign_batch']).execute()
    expect(audits.filter((a) => a.action === 'repair.assign_batch')).toHaveLength(4)
    expect(audits.filter((a) => a.action === 'repair.assign')).toHaveLength(1)
  })

  test('the 整改通知单 lists only that contractor’s open items, in extractable Chinese, with a signature line', async () => {
    const res = await api('GET', `/api/staff/contractors/${waterproof}/notice.pdf`, inspector)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    const text = pdfText(res.rawPayload).join('\n')
    for (const s of ['整改通知单', '华防防水工程公司', '甲卫生间地漏渗水', '甲淋浴区返潮', '甲二栋管根渗水', A.label, C.label, '渗漏', '整改期限', '施工单位签收']) {
      expect(text).toContain(s)
    }
    expect(text).not.toContain('乙客厅墙面裂缝')
    expect(text).not.toContain('乙插座无电')
    // the before photos are embedded (one image per item)
    expect((res.rawPayload.toString('latin1').match(/\/Subtype \/Image/g) ?? []).length).toBeGreaterThanOrEqual(3)

    const other = pdfText((await api('GET', `/api/staff/contractors/${builder}/notice.pdf`, manager)).rawPayload).join('\n')
    expect(other).toContain('乙插座无电')
    expect(other).not.toContain('甲卫生间地漏渗水')
  })

  test('close: fix recorded → inspector rejects (reopened 1) → fixed again → accepted → owner confirms', async () => {
    const repairId = A.repairs['甲卫生间地漏渗水']
    const defectId = A.defects['甲卫生间地漏渗水']
    const verify = (body: unknown, token = inspector) => api('POST', `/api/staff/repairs/${repairId}/verify`, token, body)
    expect((await verify({ accept: true })).statusCode).toBe(409) // nothing reported yet

    const fix = async (note: string) => {
      const photo = await uploadPhoto(A.inspectionId)
      return api('POST', `/api/staff/repairs/${repairId}/fixed`, inspector, { afterPhotoUploadId: photo.id, note })
    }
    const first = await fix('重打胶')
    expect(first.statusCode).toBe(200)
    expect(first.json()).toMatchObject({ status: 'fixed', verification: 'pending', defect: { status: 'open' } })
    // the owner cannot confirm an unverified fix
    expect((await api('POST', `/api/owner/inspection/defects/${defectId}/confirm`, A.owner)).statusCode).toBe(409)
    expect((await verify({ accept: false })).statusCode).toBe(400)
    const rejected = await verify({ accept: false, reason: '仍有渗水痕迹' })
    expect(rejected.statusCode).toBe(200)
    expect(rejected.json()).toMatchObject({ status: 'open', verification: 'none', reopenedCount: 1, rejectReason: '仍有渗水痕迹', defect: { status: 'open', afterPhotos: [] } })
    expect((await verify({ accept: false, reason: '再次' })).statusCode).toBe(409)
    const stats = (await api('GET', '/api/staff/contractors', manager)).json().items.find((c: { id: number }) => c.id === waterproof).stats
    expect(stats).toMatchObject({ assigned: 3, open: 3, reopened: 1, done: 0 })
    // the rejected item is on the notice again, with its reason
    expect(pdfText((await api('GET', `/api/staff/contractors/${waterproof}/notice.pdf`, inspector)).rawPayload).join('\n')).toContain('仍有渗水痕迹')

    expect((await fix('重做防水层')).statusCode).toBe(200)
    const accepted = await verify({ accept: true }, manager)
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json()).toMatchObject({ status: 'fixed', verification: 'accepted', reopenedCount: 1, defect: { status: 'fixed' } })
    expect(accepted.json().defect.afterPhotos).toHaveLength(1)
    expect((await verify({ accept: true })).statusCode).toBe(409)
    const reassign = await api('POST', `/api/staff/defects/${defectId}/assign`, inspector, { contractorId: builder })
    expect(reassign.statusCode).toBe(409)

    const confirm = await api('POST', `/api/owner/inspection/defects/${defectId}/confirm`, A.owner)
    expect(confirm.statusCode).toBe(200)
    expect(confirm.json().status).toBe('confirmed')
    const after = (await api('GET', '/api/staff/contractors', manager)).json().items.find((c: { id: number }) => c.id === waterproof).stats
    expect(after).toEqual({ assigned: 3, open: 2, overdue: 0, reopened: 1, done: 1, onTime: 1 })
    const notice = pdfText((await api('GET', `/api/staff/contractors/${waterproof}/notice.pdf`, inspector)).rawPayload).join('\n')
    expect(notice).not.toContain('甲卫生间地漏渗水')

    const audits = await db().selectFrom('audit_log').select('action').where('target', '=', `repair:${repairId}`).execute()
    expect(audits.map((a) => a.action).sort()).toEqual(['repair.accept', 'repair.fixed', 'repair.fixed', 'repair.reject'])
  })

  test('an unassigned repair keeps today’s flow: fixed goes straight to the owner, no verification', async () => {
    const D = await inspectedWith(22, [{ room: '阳台', category: '门窗', severity: '轻微', description: '推拉门卡顿' }])
    const photo = await uploadPhoto(D.inspectionId)
    const fixed = await api('POST', `/api/staff/repairs/${D.repairs['推拉门卡顿']}/fixed`, inspector, { afterPhotoUploadId: photo.id })
    expect(fixed.json()).toMatchObject({ status: 'fixed', contractor: null, verification: 'none', defect: { status: 'fixed' } })
    expect((await api('POST', `/api/staff/repairs/${D.repairs['推拉门卡顿']}/verify`, inspector, { accept: true })).statusCode).toBe(409)
    expect((await api('POST', `/api/owner/inspection/defects/${D.defects['推拉门卡顿']}/confirm`, D.owner)).statusCode).toBe(200)
  })

  test('the dashboard counts per contractor; overdue with a moved clock', async () => {
    const dash = (await api('GET', '/api/staff/dashboard', manager)).json()
    expect(dash.contractors).toEqual([
      { id: waterproof, name: '华防防水工程公司', assigned: 3, open: 2, overdue: 0, reopened: 1, done: 1, onTime: 1 },
      { id: builder, name: '建安土建', assigned: 2, open: 2, overdue: 0, reopened: 0, done: 0, onTime: 0 }
    ].sort((a, b) => (a.name < b.name ? -1 : 1)))
    // 2026-03-04 was the 裂缝's date; 乙插座无电 (一般) is due 03-09, 甲淋浴区返潮 (轻微) 03-17
    t.clock.advance(10 * DAY)
    manager = await staffLogin(t, 'manager') // the session of ten days ago has expired
    const later = (await api('GET', '/api/staff/dashboard', manager)).json().contractors as { id: number; overdue: number }[]
    expect(later.find((c) => c.id === builder)?.overdue).toBe(2)
    expect(later.find((c) => c.id === waterproof)?.overdue).toBe(1)
    const list = (await api('GET', '/api/staff/contractors', manager)).json().items as { id: number; stats: { overdue: number } }[]
    expect(list.find((c) => c.id === builder)?.stats.overdue).toBe(2)
    // by building: 1栋 has only the 裂缝 of 建安土建
    const b1 = (await api('GET', `/api/staff/dashboard?building=${building1}`, manager)).json().contractors as { id: number; assigned: number }[]
    expect(b1.find((c) => c.id === builder)?.assigned).toBe(1)
    // the overdue alert goes to the inspector and names the contractor
    await sweepSla(db(), t.clock.now())
    const alert = await db().selectFrom('alerts').select(['body', 'responsible_role']).where('key', 'like', `repair:${C.repairs['乙插座无电']}:%`).executeTakeFirstOrThrow()
    expect(alert).toMatchObject({ responsible_role: 'inspector' })
    expect(alert.body).toContain('施工单位：建安土建')
  })

  test('an inactive contractor receives nothing; another community’s contractor is not found', async () => {
    expect((await api('PATCH', `/api/staff/contractors/${builder}`, manager, { active: false })).json().active).toBe(false)
    const refused = await api('POST', `/api/staff/contractors/${builder}/assign`, manager, { category: '开裂' })
    expect(refused.statusCode).toBe(409)

    const c = await db().insertInto('communities').values({ name: '另一个小区', created_at: t.clock.now().toISOString() }).returning('id').executeTakeFirstOrThrow()
    const at = t.clock.now().toISOString()
    const o = await db()
      .insertInto('contractors')
      .values({ community_id: Number(c.id), name: '外区施工队', trades: '["渗漏"]', contact_name: '', contact_phone: '', active: 1, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow()
    const other = Number(o.id)
    expect((await api('PATCH', `/api/staff/contractors/${other}`, manager, { name: '改名' })).statusCode).toBe(404)
    expect((await api('GET', `/api/staff/contractors/${other}/notice.pdf`, manager)).statusCode).toBe(404)
    expect((await api('POST', `/api/staff/contractors/${other}/assign`, manager, { category: '渗漏' })).statusCode).toBe(404)
    expect((await api('POST', `/api/staff/defects/${C.defects['甲二栋管根渗水']}/assign`, manager, { contractorId: other })).statusCode).toBe(404)
    expect((await api('GET', '/api/staff/contractors', manager)).json().items.map((x: { id: number }) => x.id)).not.toContain(other)
  })
})

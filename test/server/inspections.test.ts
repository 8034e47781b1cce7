import crypto from 'node:crypto'
import zlib from 'node:zlib'
import { PNG_1x1, bearer, createTestApp, dialects, multipart, staffLogin, verifyAs, type TestApp } from './harness'

/** A 40x40 RGBA PNG, white with a black diagonal stroke: a signature with ink. */
function signaturePng(): string {
  const w = 40
  const h = 40
  const rows: Buffer[] = []
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 4, 255)
    row[0] = 0
    for (let x = 0; x < w; x++) {
      if (Math.abs(x - y) <= 1) row.fill(0, 1 + x * 4, 1 + x * 4 + 3)
    }
    rows.push(row)
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(zlib.crc32 ? zlib.crc32(body) : 0)
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8
  ihdr[9] = 6
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0))
  ])
  return `data:image/png;base64,${png.toString('base64')}`
}

const key = () => crypto.randomUUID()

describe.each(dialects())('inspections, repairs and the handover form (%s)', (dialect) => {
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

  async function caseOf(houseId: number): Promise<number> {
    const c = await db().selectFrom('move_in_cases').select('id').where('house_id', '=', houseId).executeTakeFirstOrThrow()
    return Number(c.id)
  }

  /** An owner whose case is checked in today (the check-in flow belongs to another module). */
  async function checkedIn(houseIndex: number) {
    const s = await verifyAs(t, houseIndex)
    const caseId = await caseOf(s.house.id)
    const at = t.clock.now().toISOString()
    await db().insertInto('checkins').values({ case_id: caseId, date: at.slice(0, 10), queue_no: houseIndex + 1, arrived_at: at, called_at: null, finished_at: null } as never).execute()
    return { owner: s.sessionToken, caseId, houseId: s.house.id }
  }

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, token: string | null, payload?: unknown) =>
    t.app.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload !== undefined ? { payload: payload as object } : {}) })

  const start = (caseId: number, token = inspector) => api('POST', '/api/staff/inspections', token, { caseId })

  async function uploadPhoto(inspectionId: number, token = inspector) {
    const m = multipart(PNG_1x1, 'photo.png')
    const res = await t.app.inject({ method: 'POST', url: `/api/staff/inspections/${inspectionId}/photos`, headers: { ...bearer(token), ...m.headers }, payload: m.payload })
    expect(res.statusCode).toBe(200)
    return res.json() as { id: number; url: string }
  }

  /** Every template item passes, except the listed ones fail. */
  async function walkAll(inspectionId: number, fail: { room: string; item: string }[] = []) {
    const detail = (await api('GET', `/api/staff/inspections/${inspectionId}`, inspector)).json()
    for (const room of detail.rooms) {
      for (const it of room.items) {
        const failed = fail.some((f) => f.room === room.room && f.item === it.item)
        const res = await api('PUT', `/api/staff/inspections/${inspectionId}/items`, inspector, {
          idempotencyKey: key(),
          room: room.room,
          item: it.item,
          result: failed ? 'fail' : 'pass'
        })
        expect(res.statusCode).toBe(201)
      }
    }
    return detail
  }

  test('the same item, defect and meter entry sent three times with one key makes one row', async () => {
    const { caseId } = await checkedIn(10)
    const started = await start(caseId)
    expect(started.statusCode).toBe(201)
    const ins = started.json()
    expect(ins.round).toBe(1)
    expect(ins.rooms.map((r: { room: string }) => r.room)).toEqual(['客厅', '卧室', '厨房', '卫生间', '阳台'])

    const item = { idempotencyKey: key(), room: '客厅', item: ins.rooms[0].items[0].item, result: 'pass', note: '良好' }
    const itemRes = [] as number[]
    for (let i = 0; i < 3; i++) itemRes.push((await api('PUT', `/api/staff/inspections/${ins.id}/items`, inspector, item)).statusCode)
    expect(itemRes).toEqual([201, 200, 200])

    const photo = await uploadPhoto(ins.id)
    const defect = { idempotencyKey: key(), room: '卫生间', location: '地漏旁', category: '渗漏', severity: '一般', description: '墙角有水渍', photoUploadIds: [photo.id] }
    const defectBodies = []
    for (let i = 0; i < 3; i++) {
      const r = await api('POST', `/api/staff/inspections/${ins.id}/defects`, inspector, defect)
      expect(r.statusCode).toBe(i === 0 ? 201 : 200)
      defectBodies.push(r.json())
    }
    expect(new Set(defectBodies.map((d) => d.id)).size).toBe(1)
    expect(defectBodies[2].beforePhotos).toEqual([{ id: photo.id, url: `/api/staff/inspections/photos/${photo.id}` }])

    const meter = { idempotencyKey: key(), kind: 'water', value: 12.5, photoUploadId: photo.id }
    const meterRes = [] as number[]
    for (let i = 0; i < 3; i++) meterRes.push((await api('POST', `/api/staff/inspections/${ins.id}/meters`, inspector, meter)).statusCode)
    expect(meterRes).toEqual([201, 200, 200])

    const count = async (table: 'inspection_results' | 'defects' | 'meter_readings' | 'defect_photos', k?: string) => {
      let q = db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'))
      if (k) q = q.where('idempotency_key' as never, '=', k as never)
      return Number((await q.executeTakeFirstOrThrow()).n)
    }
    expect(await count('inspection_results', item.idempotencyKey)).toBe(1)
    expect(await count('defects', defect.idempotencyKey)).toBe(1)
    expect(await count('meter_readings', meter.idempotencyKey)).toBe(1)
    const photos = await db().selectFrom('defect_photos').select('id').where('defect_id', '=', defectBodies[0].id).execute()
    expect(photos).toHaveLength(1)

    const detail = (await api('GET', `/api/staff/inspections/${ins.id}`, inspector)).json()
    expect(detail.rooms[0].items[0]).toEqual({ item: item.item, result: 'pass', note: '良好' })
    expect(detail.defects).toHaveLength(1)
    expect(detail.meters).toHaveLength(1)
  })

  test('a key reused for another house is refused; unknown items and foreign photos are 400', async () => {
    const a = await checkedIn(11)
    const b = await checkedIn(12)
    const insA = (await start(a.caseId)).json()
    const insB = (await start(b.caseId)).json()
    const k = key()
    expect((await api('PUT', `/api/staff/inspections/${insA.id}/items`, inspector, { idempotencyKey: k, room: '客厅', item: insA.rooms[0].items[0].item, result: 'pass' })).statusCode).toBe(201)
    const reused = await api('PUT', `/api/staff/inspections/${insB.id}/items`, inspector, { idempotencyKey: k, room: '客厅', item: insA.rooms[0].items[0].item, result: 'fail' })
    expect(reused.statusCode).toBe(409)
    expect(reused.json().error.code).toBe('IDEMPOTENCY_CONFLICT')

    const unknown = await api('PUT', `/api/staff/inspections/${insA.id}/items`, inspector, { idempotencyKey: key(), room: '客厅', item: '游泳池', result: 'pass' })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.code).toBe('INSPECTION_ITEM_UNKNOWN')

    const photoOfA = await uploadPhoto(insA.id)
    const foreign = await api('POST', `/api/staff/inspections/${insB.id}/defects`, inspector, {
      idempotencyKey: key(), room: '客厅', location: '', category: '开裂', severity: '轻微', description: '裂缝', photoUploadIds: [photoOfA.id]
    })
    expect(foreign.statusCode).toBe(400)
    expect(foreign.json().error.code).toBe('PHOTO_INVALID')

    const badKey = await api('PUT', `/api/staff/inspections/${insA.id}/items`, inspector, { idempotencyKey: 'not-a-uuid', room: '客厅', item: 'x', result: 'pass' })
    expect(badKey.statusCode).toBe(400)
    expect(badKey.json().error.code).toBe('VALIDATION_FAILED')
  })

  test('an owner who has not checked in cannot be inspected (409 STAGE_LOCKED)', async () => {
    const s = await verifyAs(t, 13)
    const res = await start(await caseOf(s.house.id))
    expect(res.statusCode).toBe(409)
    expect(res.json().error.code).toBe('STAGE_LOCKED')
    expect(res.json().error.message).toContain('尚未现场签到')
  })

  test('only inspectors record: reception, cashier and manager get 403, owners and strangers 401', async () => {
    const { caseId, owner } = await checkedIn(14)
    for (const role of ['reception', 'cashier', 'manager']) {
      const token = await staffLogin(t, role)
      const res = await start(caseId, token)
      expect(res.statusCode).toBe(403)
      expect(res.json().error.code).toBe('FORBIDDEN')
    }
    expect((await start(caseId, owner)).statusCode).toBe(401)
    expect((await api('POST', '/api/staff/inspections', null, { caseId })).statusCode).toBe(401)

    const ins = (await start(caseId)).json()
    const item = { idempotencyKey: key(), room: '客厅', item: ins.rooms[0].items[0].item, result: 'pass' }
    expect((await api('PUT', `/api/staff/inspections/${ins.id}/items`, manager, item)).statusCode).toBe(403)
    expect((await api('PUT', `/api/staff/inspections/${ins.id}/items`, await staffLogin(t, 'cashier'), item)).statusCode).toBe(403)
    expect((await api('PUT', `/api/staff/inspections/${ins.id}/items`, owner, item)).statusCode).toBe(401)
    expect((await api('POST', `/api/staff/inspections/${ins.id}/complete`, manager)).statusCode).toBe(403)
    // managers may look
    expect((await api('GET', `/api/staff/inspections/${ins.id}`, manager)).statusCode).toBe(200)
    expect((await api('GET', '/api/staff/inspections/queue', manager)).statusCode).toBe(200)
    expect((await api('GET', '/api/staff/inspections/queue', await staffLogin(t, 'reception'))).statusCode).toBe(403)
    expect((await api('GET', '/api/owner/inspection', inspector)).statusCode).toBe(401)
  })

  test('round 1 completes only with every item checked and every failed room documented', async () => {
    const { caseId } = await checkedIn(15)
    const ins = (await start(caseId)).json()
    const early = await api('POST', `/api/staff/inspections/${ins.id}/complete`, inspector)
    expect(early.statusCode).toBe(409)
    expect(early.json().error.code).toBe('INSPECTION_INCOMPLETE')
    expect(early.json().error.message).toMatch(/^还有 \d+ 项未检查/)

    await walkAll(ins.id, [{ room: '厨房', item: ins.rooms[2].items[0].item }])
    const undocumented = await api('POST', `/api/staff/inspections/${ins.id}/complete`, inspector)
    expect(undocumented.statusCode).toBe(409)
    expect(undocumented.json().error.message).toContain('厨房')
  })

  test('full cycle: defect → repair with after photo → re-inspection passes → owner confirms → signs → keys open (policy)', async () => {
    const { caseId, owner } = await checkedIn(16)
    const other = await checkedIn(17)
    // keys without the fee and agreement conditions, so only the inspection matters here
    await db().updateTable('communities').set({ policy_fees_required_for_keys: 0, policy_agreements_required_for_keys: 0 }).execute()

    const queue = (await api('GET', '/api/staff/inspections/queue', inspector)).json()
    expect(queue.items.find((i: { caseId: number }) => i.caseId === caseId)).toMatchObject({ state: 'waiting', rounds: 0 })

    const ins = (await start(caseId)).json()
    // a second start answers the open round instead of creating another
    const again = await start(caseId)
    expect(again.statusCode).toBe(200)
    expect(again.json().id).toBe(ins.id)

    await walkAll(ins.id, [{ room: '卫生间', item: '防水闭水' }])
    const before = await uploadPhoto(ins.id)
    const defect = (
      await api('POST', `/api/staff/inspections/${ins.id}/defects`, inspector, {
        idempotencyKey: key(), room: '卫生间', location: '淋浴区', category: '渗漏', severity: '严重', description: '闭水试验渗漏', photoUploadIds: [before.id]
      })
    ).json()
    const meterPhoto = await uploadPhoto(ins.id)
    for (const kind of ['water', 'electricity', 'gas']) {
      expect((await api('POST', `/api/staff/inspections/${ins.id}/meters`, inspector, { idempotencyKey: key(), kind, value: 3.2, photoUploadId: meterPhoto.id })).statusCode).toBe(201)
    }

    const done = await api('POST', `/api/staff/inspections/${ins.id}/complete`, inspector)
    expect(done.statusCode).toBe(200)
    const completed = done.json()
    expect(completed.inspection).toMatchObject({ status: 'completed', result: 'defects' })
    expect(completed.repairOrders).toHaveLength(1)
    // 严重 → 3 days, from the Shanghai date of the frozen clock (2026-03-02)
    expect(completed.repairOrders[0]).toMatchObject({ status: 'open', dueDate: '2026-03-05', overdue: false })
    const repairId = completed.repairOrders[0].id

    // entries after completion: a retry of a known key still answers 200, a new one is refused
    const late = await api('PUT', `/api/staff/inspections/${ins.id}/items`, inspector, { idempotencyKey: key(), room: '客厅', item: ins.rooms[0].items[0].item, result: 'pass' })
    expect(late.statusCode).toBe(409)
    expect(late.json().error.code).toBe('INSPECTION_CLOSED')

    expect((await start(caseId)).json().error.code).toBe('REPAIRS_PENDING')

    // owner: sees the defect with its before photo; cannot confirm or sign yet
    let view = (await api('GET', '/api/owner/inspection', owner)).json()
    expect(view.rounds).toHaveLength(1)
    expect(view.rounds[0].defects[0]).toMatchObject({ id: defect.id, status: 'open', beforePhotos: [{ id: before.id, url: `/api/owner/files/${before.id}` }] })
    expect(view.meters).toHaveLength(3)
    expect(view.canSign).toBe(false)
    expect((await api('GET', `/api/owner/files/${before.id}`, owner)).statusCode).toBe(200)
    expect((await api('POST', `/api/owner/inspection/defects/${defect.id}/confirm`, owner)).statusCode).toBe(409)
    const early = await api('POST', '/api/owner/inspection/sign', owner, { signaturePng: signaturePng() })
    expect(early.statusCode).toBe(409)
    expect(early.json().error.code).toBe('HANDOVER_NOT_READY')

    // another house's owner sees nothing of it
    expect((await api('GET', '/api/owner/inspection', other.owner)).json().rounds).toEqual([])
    expect((await api('GET', `/api/owner/files/${before.id}`, other.owner)).statusCode).toBe(404)
    expect((await api('POST', `/api/owner/inspection/defects/${defect.id}/confirm`, other.owner)).statusCode).toBe(404)

    // repair
    const repairs = (await api('GET', '/api/staff/repairs', manager)).json()
    expect(repairs.items.map((r: { id: number }) => r.id)).toContain(repairId)
    const noPhoto = await api('POST', `/api/staff/repairs/${repairId}/fixed`, inspector, { afterPhotoUploadId: other.caseId * 1000 })
    expect(noPhoto.statusCode).toBe(400)
    const after = await uploadPhoto(ins.id, manager)
    const fixed = await api('POST', `/api/staff/repairs/${repairId}/fixed`, manager, { afterPhotoUploadId: after.id, note: '重做防水层' })
    expect(fixed.statusCode).toBe(200)
    expect(fixed.json()).toMatchObject({ status: 'fixed', defect: { status: 'fixed', fixNote: '重做防水层' } })
    expect((await api('POST', `/api/staff/repairs/${repairId}/fixed`, manager, { afterPhotoUploadId: after.id })).statusCode).toBe(409)
    const note = await db().selectFrom('notifications').select(['title', 'link']).where('case_id', '=', caseId).where('kind', '=', 'inspection_repair').execute()
    expect(note).toEqual([{ title: '验房问题已整改', link: '/owner/inspection/index' }])

    // re-inspection round 2 passes
    const r2 = await start(caseId)
    expect(r2.statusCode).toBe(201)
    expect(r2.json()).toMatchObject({ round: 2, earlierDefects: [{ id: defect.id, status: 'fixed' }] })
    // the earlier round's results, for the phone to list the failed items first and pre-fill the rest
    expect(ins.previousRooms).toBeUndefined()
    const prevRooms = r2.json().previousRooms as { room: string; items: { item: string; result: string | null }[] }[]
    expect(prevRooms.map((r) => r.room)).toEqual(ins.rooms.map((r: { room: string }) => r.room))
    const prevFails = prevRooms.flatMap((r) => r.items.filter((i) => i.result === 'fail').map((i) => `${r.room}·${i.item}`))
    expect(prevFails).toEqual(['卫生间·防水闭水'])
    expect(prevRooms.every((r) => r.items.every((i) => i.result !== null))).toBe(true)
    // round 2's own results start empty
    expect(r2.json().rooms.every((r: { items: { result: string | null }[] }) => r.items.every((i) => i.result === null))).toBe(true)
    const done2 = await api('POST', `/api/staff/inspections/${r2.json().id}/complete`, inspector)
    expect(done2.statusCode).toBe(200)
    expect(done2.json().inspection.result).toBe('passed')

    // owner confirms the fix (twice: idempotent) and signs
    view = (await api('GET', '/api/owner/inspection', owner)).json()
    expect(view.rounds[0].defects[0].afterPhotos).toEqual([{ id: after.id, url: `/api/owner/files/${after.id}` }])
    expect(view.canSign).toBe(false)
    expect(view.signBlockers).toEqual(['1 处整改待您确认'])
    const confirm = await api('POST', `/api/owner/inspection/defects/${defect.id}/confirm`, owner)
    expect(confirm.statusCode).toBe(200)
    expect(confirm.json().status).toBe('confirmed')
    expect((await api('POST', `/api/owner/inspection/defects/${defect.id}/confirm`, owner)).statusCode).toBe(200)
    expect((await api('GET', '/api/owner/inspection', owner)).json().canSign).toBe(true)

    const blank = await api('POST', '/api/owner/inspection/sign', owner, { signaturePng: `data:image/png;base64,${PNG_1x1.toString('base64')}` })
    expect(blank.statusCode).toBe(400)
    const signed = await api('POST', '/api/owner/inspection/sign', owner, { signaturePng: signaturePng() })
    expect(signed.statusCode).toBe(200)
    expect(signed.json().signedAt).toBe(t.clock.now().toISOString())
    expect((await api('POST', '/api/owner/inspection/sign', owner, { signaturePng: signaturePng() })).json().error.code).toBe('ALREADY_SIGNED')

    const progress = (await api('GET', '/api/owner/progress', owner)).json()
    const stage = (s: string) => progress.stages.find((x: { stage: string }) => x.stage === s)
    expect(stage('inspection').status).toBe('done')
    expect(stage('keys').status).toBe('available')
    const queueAfter = (await api('GET', '/api/staff/inspections/queue', inspector)).json()
    expect(queueAfter.items.find((i: { caseId: number }) => i.caseId === caseId)).toBeUndefined()
  })

  test('when the policy requires fees, a signed handover form alone does not open keys', async () => {
    await db().updateTable('communities').set({ policy_fees_required_for_keys: 1, policy_agreements_required_for_keys: 0 }).execute()
    const { caseId, owner } = await checkedIn(18)
    const ins = (await start(caseId)).json()
    await walkAll(ins.id)
    expect((await api('POST', `/api/staff/inspections/${ins.id}/complete`, inspector)).json().inspection.result).toBe('passed')
    expect((await api('POST', '/api/owner/inspection/sign', owner, { signaturePng: signaturePng() })).statusCode).toBe(200)
    const progress = (await api('GET', '/api/owner/progress', owner)).json()
    const keys = progress.stages.find((x: { stage: string }) => x.stage === 'keys')
    expect(progress.stages.find((x: { stage: string }) => x.stage === 'inspection').status).toBe('done')
    expect(keys.status).toBe('locked')
  })

  if (dialect === 'postgres') {
    test('concurrent retries of one key and concurrent starts still make one row (PostgreSQL)', async () => {
      const { caseId } = await checkedIn(19)
      const starts = await Promise.all([0, 1, 2, 3].map(() => start(caseId)))
      expect(starts.every((r) => r.statusCode === 200 || r.statusCode === 201)).toBe(true)
      expect(new Set(starts.map((r) => r.json().id)).size).toBe(1)
      const rounds = await db().selectFrom('inspections').select('id').where('case_id', '=', caseId).execute()
      expect(rounds).toHaveLength(1)

      const id = starts[0].json().id
      const item = { idempotencyKey: key(), room: '客厅', item: starts[0].json().rooms[0].items[0].item, result: 'fail' }
      const defect = { idempotencyKey: key(), room: '客厅', location: '', category: '开裂', severity: '轻微', description: '墙面裂缝', photoUploadIds: [] }
      const res = await Promise.all([
        ...[0, 1, 2, 3, 4].map(() => api('PUT', `/api/staff/inspections/${id}/items`, inspector, item)),
        ...[0, 1, 2, 3, 4].map(() => api('POST', `/api/staff/inspections/${id}/defects`, inspector, defect))
      ])
      expect(res.every((r) => r.statusCode === 200 || r.statusCode === 201)).toBe(true)
      expect(res.filter((r) => r.statusCode === 201)).toHaveLength(2)
      expect(await db().selectFrom('inspection_results').select('id').where('idempotency_key', '=', item.idempotencyKey).execute()).toHaveLength(1)
      expect(await db().selectFrom('defects').select('id').where('idempotency_key', '=', defect.idempotencyKey).execute()).toHaveLength(1)
    })
  }
})

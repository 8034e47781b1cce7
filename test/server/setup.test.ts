import { bearer, createTestApp, dialects, staffLogin, verifyAs, type TestApp } from './harness'
import { hashPassword } from '../../server/src/lib/crypto'

jest.setTimeout(60000)

describe.each(dialects())('community set-up (%s)', (dialect) => {
  let t: TestApp
  let manager: string
  beforeAll(async () => {
    t = await createTestApp(dialect)
    manager = await staffLogin(t, 'manager')
  })
  afterAll(async () => t.close())

  const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, payload?: unknown, token = manager) =>
    t.app.inject({ method, url: `/api/staff/setup${path}`, headers: bearer(token), ...(payload !== undefined ? { payload: payload as object } : {}) })
  const auditRows = (action: string) => t.db.handle.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute()

  describe('access', () => {
    test('a reviewer is refused with 403, an owner token and no token with 401', async () => {
      const reviewer = await staffLogin(t, 'reviewer')
      expect((await call('GET', '/status', undefined, reviewer)).statusCode).toBe(403)
      expect((await call('PUT', '/policy', { feesRequiredForKeys: true, agreementsRequiredForKeys: true, reservationCutoffHours: 24 }, reviewer)).statusCode).toBe(403)
      const owner = await verifyAs(t, 3)
      expect((await call('GET', '/profile', undefined, owner.sessionToken)).statusCode).toBe(401)
      expect((await t.app.inject({ method: 'GET', url: '/api/staff/setup/batches' })).statusCode).toBe(401)
    })
  })

  describe('profile', () => {
    const profile = () => ({
      name: '安家示范小区',
      address: '广东省深圳市南山区科苑南路 3388 号',
      servicePhone: '0755-8888 6666',
      serviceHours: '每天 8:00-20:00',
      servicePlace: '1栋架空层入伙大厅',
      company: '安家物业服务有限公司',
      handbook: { emergencyPhone: '0755-8888 6699', sections: [{ title: '紧急情况处理', items: ['漏水请关闭入户水阀'] }] },
      prepaidMonths: 12,
      uploadRetentionDays: 180
    })

    test('reads and saves the profile; the owner handbook shows the new hours and texts; audited', async () => {
      const before = (await call('GET', '/profile')).json()
      expect(before.name).toBe('安家示范小区')
      expect(before.handbook.sections.length).toBeGreaterThan(0)
      const res = await call('PUT', '/profile', profile())
      expect(res.statusCode).toBe(200)
      expect(res.json().serviceHours).toBe('每天 8:00-20:00')
      expect(res.json().servicePlace).toBe('1栋架空层入伙大厅')
      expect(res.json().handbook.sections).toEqual([{ title: '紧急情况处理', items: ['漏水请关闭入户水阀'] }])

      const owner = await verifyAs(t, 4)
      const hb = (await t.app.inject({ method: 'GET', url: '/api/owner/handbook', headers: bearer(owner.sessionToken) })).json()
      expect(hb.contacts).toEqual(expect.arrayContaining([expect.objectContaining({ label: '服务时间', value: '每天 8:00-20:00' })]))
      expect(hb.sections.map((s: { title: string }) => s.title)).toEqual(['紧急情况处理'])
      const rows = await auditRows('setup.profile.update')
      expect(rows.length).toBe(1)
      expect(JSON.parse(rows[0].detail).fields).toContain('service_place')
    })

    test('refuses unknown fields, bad numbers and missing fields with 400', async () => {
      expect((await call('PUT', '/profile', { ...profile(), extra: 1 })).json().error.code).toBe('VALIDATION_FAILED')
      expect((await call('PUT', '/profile', { ...profile(), prepaidMonths: -1 })).statusCode).toBe(400)
      expect((await call('PUT', '/profile', { ...profile(), uploadRetentionDays: 5 })).statusCode).toBe(400)
      const { name: _n, ...noName } = profile()
      expect((await call('PUT', '/profile', noName)).statusCode).toBe(400)
    })
  })

  describe('policy', () => {
    test('saves the flags and the cut-off; the owner agreements list follows the flag', async () => {
      const res = await call('PUT', '/policy', { feesRequiredForKeys: false, agreementsRequiredForKeys: false, reservationCutoffHours: 48 })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ feesRequiredForKeys: false, agreementsRequiredForKeys: false, reservationCutoffHours: 48 })
      const owner = await verifyAs(t, 5)
      expect((await t.app.inject({ method: 'GET', url: '/api/owner/agreements', headers: bearer(owner.sessionToken) })).json().requiredForKeys).toBe(false)
      expect((await auditRows('setup.policy.update')).length).toBe(1)
      await call('PUT', '/policy', { feesRequiredForKeys: true, agreementsRequiredForKeys: true, reservationCutoffHours: 24 })
    })

    test('a cut-off outside 0-168 hours is refused', async () => {
      expect((await call('PUT', '/policy', { feesRequiredForKeys: true, agreementsRequiredForKeys: true, reservationCutoffHours: 169 })).statusCode).toBe(400)
      expect((await call('PUT', '/policy', { feesRequiredForKeys: true, agreementsRequiredForKeys: true, reservationCutoffHours: -1 })).statusCode).toBe(400)
    })
  })

  describe('buildings', () => {
    test('lists buildings with house counts; creates, renames and deletes an empty one', async () => {
      const list = (await call('GET', '/buildings')).json().items
      expect(list.map((b: { name: string; houseCount: number }) => [b.name, b.houseCount])).toEqual([['1栋', 60], ['2栋', 60]])
      const created = await call('POST', '/buildings', { name: '3栋' })
      expect(created.statusCode).toBe(201)
      const id = created.json().id
      const renamed = await call('PUT', `/buildings/${id}`, { name: '3号楼' })
      expect(renamed.json().name).toBe('3号楼')
      expect((await call('DELETE', `/buildings/${id}`)).statusCode).toBe(204)
      expect((await auditRows('setup.building.create')).length).toBe(1)
      expect((await auditRows('setup.building.update')).length).toBe(1)
      expect((await auditRows('setup.building.delete')).length).toBe(1)
    })

    test('a building with houses cannot be deleted (409); a duplicate name is 409; an unknown id 404', async () => {
      const first = (await call('GET', '/buildings')).json().items[0]
      const del = await call('DELETE', `/buildings/${first.id}`)
      expect(del.statusCode).toBe(409)
      expect(del.json().error.code).toBe('BUILDING_HAS_HOUSES')
      expect(del.json().error.message).toContain('60')
      expect((await call('POST', '/buildings', { name: '1栋' })).json().error.code).toBe('SETUP_DUPLICATE')
      expect((await call('POST', '/buildings', { name: '' })).statusCode).toBe(400)
      expect((await call('PUT', '/buildings/999999', { name: 'x' })).statusCode).toBe(404)
    })
  })

  describe('batches', () => {
    const batch = (over: Record<string, unknown> = {}) => ({
      code: '第一批',
      title: '第一批（1-8层）',
      buildings: ['1栋', '2栋'],
      startsOn: '2026-03-10',
      endsOn: '2026-03-20',
      place: '1栋架空层入伙大厅',
      ...over
    })

    test('lists the batch codes houses carry as unplanned until a batch row exists', async () => {
      const db = t.db.handle.db
      await db.deleteFrom('batches').execute() // whatever the demo seeded: this test plans them itself
      const res = (await call('GET', '/batches')).json()
      expect(res.items).toEqual([])
      expect(res.unplanned).toEqual(expect.arrayContaining([{ code: '第一批', houseCount: 64 }, { code: '第二批', houseCount: 56 }]))
      const created = await call('POST', '/batches', batch())
      expect(created.statusCode).toBe(201)
      expect(created.json()).toMatchObject({ code: '第一批', houseCount: 64, buildings: ['1栋', '2栋'], startsOn: '2026-03-10', endsOn: '2026-03-20' })
      expect(created.json().slotCount).toBeGreaterThan(0)
      const after = (await call('GET', '/batches')).json()
      expect(after.unplanned).toEqual([{ code: '第二批', houseCount: 56 }])
      expect((await auditRows('setup.batch.create')).length).toBe(1)
    })

    test('a duplicate code is 409, ends before start is 400, a half date window is 400', async () => {
      expect((await call('POST', '/batches', batch())).json().error.code).toBe('SETUP_DUPLICATE')
      const bad = await call('POST', '/batches', batch({ code: '第三批', startsOn: '2026-03-20', endsOn: '2026-03-10' }))
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.code).toBe('DATE_RANGE_INVALID')
      expect((await call('POST', '/batches', batch({ code: '第三批', endsOn: null }))).json().error.code).toBe('DATE_RANGE_INVALID')
      expect((await call('POST', '/batches', batch({ code: '第三批', startsOn: '2026-13-01' }))).statusCode).toBe(400)
    })

    test('a batch with houses keeps its code and cannot be deleted; its dates and place can change', async () => {
      const first = (await call('GET', '/batches')).json().items.find((b: { code: string }) => b.code === '第一批')
      const rename = await call('PUT', `/batches/${first.id}`, batch({ code: '一批' }))
      expect(rename.statusCode).toBe(409)
      expect(rename.json().error.code).toBe('BATCH_IN_USE')
      const del = await call('DELETE', `/batches/${first.id}`)
      expect(del.json().error.code).toBe('BATCH_IN_USE')
      const moved = await call('PUT', `/batches/${first.id}`, batch({ endsOn: '2026-03-25', place: '会所一楼' }))
      expect(moved.statusCode).toBe(200)
      expect(moved.json()).toMatchObject({ endsOn: '2026-03-25', place: '会所一楼' })
    })

    test('an unused batch can be renamed and deleted', async () => {
      const created = (await call('POST', '/batches', batch({ code: '第三批', title: '第三批' }))).json()
      expect(created.houseCount).toBe(0)
      const renamed = await call('PUT', `/batches/${created.id}`, batch({ code: '第四批', title: '第四批' }))
      expect(renamed.json().code).toBe('第四批')
      expect((await call('DELETE', `/batches/${created.id}`)).statusCode).toBe(204)
      expect((await auditRows('setup.batch.delete')).length).toBe(1)
    })
  })

  describe('checklist', () => {
    const item = (over: Record<string, unknown> = {}) => ({
      code: 'parking_contract',
      title: '车位合同',
      description: '如购买了车位请上传',
      requirement: 'optional',
      condition: null,
      ...over
    })

    test('creates, edits and deletes an item without submissions', async () => {
      const created = await call('POST', '/checklist', item())
      expect(created.statusCode).toBe(201)
      expect(created.json()).toMatchObject({ code: 'parking_contract', submissionCount: 0, condition: null })
      const id = created.json().id
      const edited = await call('PUT', `/checklist/${id}`, item({ title: '车位买卖合同', requirement: 'conditional', condition: 'delegate' }))
      expect(edited.json()).toMatchObject({ title: '车位买卖合同', requirement: 'conditional', condition: 'delegate' })
      expect((await call('DELETE', `/checklist/${id}`)).statusCode).toBe(204)
      for (const a of ['create', 'update', 'delete']) expect((await auditRows(`setup.checklist.${a}`)).length).toBeGreaterThan(0)
    })

    test('conditional without a condition, a bad code and a duplicate code are refused', async () => {
      expect((await call('POST', '/checklist', item({ requirement: 'conditional' }))).statusCode).toBe(400)
      expect((await call('POST', '/checklist', item({ code: 'Bad Code' }))).statusCode).toBe(400)
      expect((await call('POST', '/checklist', item({ condition: 'married' }))).statusCode).toBe(400)
      expect((await call('POST', '/checklist', item({ code: 'owner_id_card' }))).json().error.code).toBe('SETUP_DUPLICATE')
    })

    test('an item owners submitted keeps its submissions when edited, and cannot be deleted or recoded', async () => {
      const owner = await verifyAs(t, 6)
      const { PNG_1x1, multipart } = await import('./harness')
      const body = multipart(PNG_1x1, 'contract.png', 'file', 'image/png')
      const up = await t.app.inject({
        method: 'POST',
        url: '/api/owner/documents/purchase_contract/files',
        headers: { ...bearer(owner.sessionToken), ...body.headers },
        payload: body.payload
      })
      expect(up.statusCode).toBeLessThan(300)
      const list = (await call('GET', '/checklist')).json().items
      const contract = list.find((i: { code: string }) => i.code === 'purchase_contract')
      expect(contract.submissionCount).toBeGreaterThan(0)

      const edited = await call('PUT', `/checklist/${contract.id}`, item({ code: 'purchase_contract', title: '购房合同（含补充协议）', requirement: 'required' }))
      expect(edited.statusCode).toBe(200)
      const docs = (await t.app.inject({ method: 'GET', url: '/api/owner/documents', headers: bearer(owner.sessionToken) })).json()
      const mine = JSON.stringify(docs)
      expect(mine).toContain('购房合同（含补充协议）')

      const del = await call('DELETE', `/checklist/${contract.id}`)
      expect(del.statusCode).toBe(409)
      expect(del.json().error.code).toBe('CHECKLIST_ITEM_IN_USE')
      const recode = await call('PUT', `/checklist/${contract.id}`, item({ code: 'contract', title: '购房合同', requirement: 'required' }))
      expect(recode.json().error.code).toBe('CHECKLIST_ITEM_IN_USE')
    })
  })

  describe('fees', () => {
    test('lists rates; creates, edits and deletes one; a bill already created keeps its lines', async () => {
      const owner = await verifyAs(t, 7)
      const bill = (await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: bearer(owner.sessionToken) })).json()
      expect(bill.totalCents).toBeGreaterThan(0)

      const list = (await call('GET', '/fees')).json()
      expect(list.items.length).toBe(4)
      expect(list.billCount).toBeGreaterThan(0)
      const property = list.items.find((f: { kind: string }) => f.kind === 'property')
      const up = await call('PUT', `/fees/${property.id}`, { kind: 'property', label: '物业费', basis: 'per_m2_month', rateCents: 420 })
      expect(up.json().rateCents).toBe(420)
      const created = await call('POST', '/fees', { kind: 'parking_admin', label: '车位管理费', basis: 'flat', rateCents: 12000 })
      expect(created.statusCode).toBe(201)

      const again = (await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: bearer(owner.sessionToken) })).json()
      expect(again.totalCents).toBe(bill.totalCents)
      expect(again.lines.length).toBe(bill.lines.length)

      const other = await verifyAs(t, 8)
      const fresh = (await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: bearer(other.sessionToken) })).json()
      expect(fresh.lines.map((l: { label: string }) => l.label)).toContain('车位管理费')

      expect((await call('DELETE', `/fees/${created.json().id}`)).statusCode).toBe(204)
      await call('PUT', `/fees/${property.id}`, { kind: 'property', label: '物业费', basis: 'per_m2_month', rateCents: 380 })
      const rows = await auditRows('setup.fee.update')
      expect(JSON.parse(rows[0].detail)).toMatchObject({ kind: 'property', rateCents: 420, fromCents: 380 })
    })

    test('a duplicate kind is 409; a negative or fractional rate and an unknown basis are 400', async () => {
      expect((await call('POST', '/fees', { kind: 'property', label: '物业费', basis: 'flat', rateCents: 1 })).json().error.code).toBe('SETUP_DUPLICATE')
      expect((await call('POST', '/fees', { kind: 'x_fee', label: 'x', basis: 'flat', rateCents: -1 })).statusCode).toBe(400)
      expect((await call('POST', '/fees', { kind: 'x_fee', label: 'x', basis: 'flat', rateCents: 1.5 })).statusCode).toBe(400)
      expect((await call('POST', '/fees', { kind: 'x_fee', label: 'x', basis: 'per_year', rateCents: 1 })).statusCode).toBe(400)
      expect((await call('DELETE', '/fees/999999')).statusCode).toBe(404)
    })
  })

  describe('survey weights', () => {
    test('reads and saves the weights into the survey items the CSI reads', async () => {
      const items = (await call('GET', '/survey')).json().items as { code: string; weight: number }[]
      expect(items.length).toBe(6)
      const weights = Object.fromEntries(items.map((i) => [i.code, i.code === 'overall' ? 1 : 0.0001]))
      const res = await call('PUT', '/survey', { weights })
      expect(res.statusCode).toBe(200)
      expect(res.json().items.find((i: { code: string }) => i.code === 'overall').weight).toBe(1)
      const stored = await t.db.handle.db.selectFrom('survey_items').select(['code', 'weight']).execute()
      expect(Number(stored.find((s) => s.code === 'overall')!.weight)).toBe(1)
      expect((await auditRows('setup.survey.weights.update')).length).toBe(1)
    })

    test('zero, negative, unknown codes and a missing item are refused', async () => {
      const items = (await call('GET', '/survey')).json().items as { code: string }[]
      const all = Object.fromEntries(items.map((i) => [i.code, 1]))
      expect((await call('PUT', '/survey', { weights: { ...all, overall: 0 } })).statusCode).toBe(400)
      expect((await call('PUT', '/survey', { weights: { ...all, overall: -2 } })).statusCode).toBe(400)
      expect((await call('PUT', '/survey', { weights: { ...all, nope: 1 } })).json().error.code).toBe('SURVEY_ITEM_UNKNOWN')
      const { overall: _o, ...missing } = all
      expect((await call('PUT', '/survey', { weights: missing })).statusCode).toBe(400)
    })
  })

  describe('status checklist', () => {
    test('on the demo: data items are done; after planning both batches and the profile it is ready', async () => {
      const s0 = (await call('GET', '/status')).json()
      const byKey = (s: { items: { key: string; done: boolean }[] }, k: string) => s.items.find((i) => i.key === k)!
      for (const k of ['houses', 'slots', 'checklist', 'fees', 'agreements', 'staff']) expect(byKey(s0, k).done).toBe(true)
      expect(s0.items.every((i: { url: string; title: string; hint: string }) => i.url.startsWith('/manager/') && i.title && i.hint)).toBe(true)

      // plan whatever batch is still unplanned, with dates and place
      const batches = (await call('GET', '/batches')).json()
      for (const u of batches.unplanned) {
        expect((await call('POST', '/batches', { code: u.code, title: u.code, buildings: [], startsOn: '2026-03-21', endsOn: '2026-03-31', place: '会所' })).statusCode).toBe(201)
      }
      for (const b of batches.items) {
        if (!b.startsOn || !b.place) await call('PUT', `/batches/${b.id}`, { ...b, startsOn: '2026-03-10', endsOn: '2026-03-20', place: '会所', id: undefined, houseCount: undefined, slotCount: undefined })
      }
      const s1 = (await call('GET', '/status')).json()
      expect(byKey(s1, 'batches').done).toBe(true)
      expect(byKey(s1, 'profile').done).toBe(true)
      expect(s1.ready).toBe(true)
    })

    test('on an empty new community: everything is missing; each item turns done when fixed', async () => {
      const db = t.db.handle.db
      const at = new Date().toISOString()
      const c = await db.insertInto('communities').values({ name: '新建小区', created_at: at }).returning('id').executeTakeFirstOrThrow()
      const cid = Number(c.id)
      await db
        .insertInto('staff_users')
        .values({ community_id: cid, username: 'new-manager', password_hash: await hashPassword('new-manager-pass-1'), display_name: '新经理', role: 'manager', active: 1, created_at: at })
        .execute()
      const login = await t.app.inject({ method: 'POST', url: '/api/staff/login', payload: { username: 'new-manager', password: 'new-manager-pass-1' } })
      expect(login.statusCode).toBe(200)
      const m = login.json().token as string
      const status = async () => (await call('GET', '/status', undefined, m)).json() as { ready: boolean; items: { key: string; done: boolean; hint: string; url: string }[] }
      const done = async (k: string) => (await status()).items.find((i) => i.key === k)!.done

      const s0 = await status()
      expect(s0.ready).toBe(false)
      expect(s0.items.map((i) => i.key)).toEqual(['profile', 'houses', 'batches', 'slots', 'checklist', 'fees', 'agreements', 'staff'])
      expect(s0.items.every((i) => !i.done)).toBe(true)
      expect(s0.items.find((i) => i.key === 'profile')!.hint).toContain('服务时间')
      expect(s0.items.find((i) => i.key === 'houses')!.url).toBe('/manager/import/index')
      expect(s0.items.find((i) => i.key === 'staff')!.url).toBe('/manager/accounts/index')
      expect(s0.items.find((i) => i.key === 'batches')!.url).toBe('/manager/setup/index?section=batches')

      // the new manager sees only the new community
      expect((await call('GET', '/buildings', undefined, m)).json().items).toEqual([])

      const profile = (await call('GET', '/profile', undefined, m)).json()
      await call('PUT', '/profile', { ...profile, address: '某路 1 号', servicePhone: '0755-1', serviceHours: '9:00-18:00', company: '某物业' }, m)
      expect(await done('profile')).toBe(true)

      const b = (await call('POST', '/buildings', { name: 'A座' }, m)).json()
      expect(await done('houses')).toBe(false)
      await db
        .insertInto('houses')
        .values({ community_id: cid, building_id: b.id, unit: '1', floor: 1, room: '101', area: 90, batch: 'A批', invite_token: 'newcommA101', created_at: at })
        .execute()
      expect(await done('houses')).toBe(true)
      expect((await status()).items.find((i) => i.key === 'batches')!.hint).toContain('A批')

      await call('POST', '/batches', { code: 'A批', title: 'A批', buildings: ['A座'], startsOn: '2026-04-01', endsOn: '2026-04-05', place: '' }, m)
      expect(await done('batches')).toBe(false)
      const batch = (await call('GET', '/batches', undefined, m)).json().items[0]
      await call('PUT', `/batches/${batch.id}`, { code: 'A批', title: 'A批', buildings: ['A座'], startsOn: '2026-04-01', endsOn: '2026-04-05', place: 'A座大堂' }, m)
      expect(await done('batches')).toBe(true)

      await call('POST', '/slots/generate', { batch: 'A批', from: '2026-04-01', to: '2026-04-02', windows: [{ start: '09:00', end: '10:00' }], capacity: 5, skipDates: [] }, m)
      expect(await done('slots')).toBe(true)

      await call('POST', '/checklist', { code: 'memo', title: '备注材料', description: '', requirement: 'optional', condition: null }, m)
      expect(await done('checklist')).toBe(false)
      await call('POST', '/checklist', { code: 'owner_id_card', title: '业主身份证', description: '', requirement: 'required', condition: null }, m)
      expect(await done('checklist')).toBe(true)

      await call('POST', '/fees', { kind: 'property', label: '物业费', basis: 'per_m2_month', rateCents: 300 }, m)
      expect(await done('fees')).toBe(true)

      const text = '第一条 本协议用于测试新建小区的协议发布流程，内容足够长。'
      await call('POST', '/agreements', { kind: 'property_service', title: '物业服务协议', body: text }, m)
      expect(await done('agreements')).toBe(false)
      await call('POST', '/agreements', { kind: 'fee_collection', title: '前期物业费代收代缴协议', body: text }, m)
      expect(await done('agreements')).toBe(true)

      await db
        .insertInto('staff_users')
        .values({ community_id: cid, username: 'new-reviewer', password_hash: 'x', display_name: '审核', role: 'reviewer', active: 1, created_at: at })
        .execute()
      const last = await status()
      expect(last.items.find((i) => i.key === 'staff')!.done).toBe(true)
      expect(last.ready).toBe(true)
    })
  })
})

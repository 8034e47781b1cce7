// Import of the developer's owner list through the API, on SQLite and PostgreSQL:
// a messy workbook's exact report, dry run, commit, re-import, corrections, co-owner
// verification, CSV, roles, bad files and a 10,000-row file.
import ExcelJS from 'exceljs'
import { blindIndex, decrypt, hashPassword } from '../../server/src/lib/crypto'
import { IMPORT_COLUMNS, type ImportResult } from '../../types/imports'
import { bearer, clientAddress, createTestApp, dialects, makeIdNumber, multipart, type TestApp } from './harness'

const ID_A = makeIdNumber('11010519491231002') // check digit X
const ID_B = makeIdNumber('44030519850612123')
const ID_C = makeIdNumber('44030419700101456')
const ID_D = makeIdNumber('43010419880808321')
const ID_E = makeIdNumber('36010219920202111')
const ID_F = makeIdNumber('51010719750505222')
const ID_G = makeIdNumber('35020319660606333')
const BAD_ID = ID_B.slice(0, 17) + (ID_B[17] === '1' ? '2' : '1')
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))

type Row = (ExcelJS.CellValue | undefined)[]
const HEADER = ['楼栋', '单元', '房号', '建筑面积（㎡）', '批次', '业主姓名', '身份证号', '手机号', '备注']

/** Rows 4.. of the messy file (the header is row 3). */
function messyRows(): Row[] {
  return [
    /* 4 */ ['1栋', 1, 101, 89.5, '第一批', { richText: [{ text: '张' }, { text: '三', font: { bold: true } }] }, ID_A.toLowerCase(), '+86 139 1234 5678', '共有人'],
    /* 5 */ [null, '1', '101', '89.5㎡', '第一批', '李四', ID_B, '138-1234-5678', '共有人'],
    /* 6 */ [null, '1单元', 1201, '118平方米', '第二批', '王五', ID_C, 13912340000, ''],
    /* 7 */ ['１号楼', '１', '１０２', '８９．５', '第一批', '赵 六', fullWidth(ID_D), '13912340001', null],
    /* 8 */ ['2幢', 1, 101, '89.5 m2', '第一批', '钱七', ID_E, '13912340002', null],
    /* 9 */ ['2', '1', '101', 89.5, '第一批', '钱七', ID_E, '139 1234 0002', null],
    /* 10 */ ['2', 1, 102, 'abc', '第一批', '孙', BAD_ID, '12345', ''],
    /* 11 */ ['2', '', '', 90, '', '周八', Number(ID_F), '13912340003', ''],
    /* 12 */ ['3栋', 1, 101, 100, '第一批', '吴九', ID_F, '13912340004', ''],
    /* 13 */ ['3', 1, 101, 101, '第一批', '郑十', ID_G, '13912340005', ''],
    /* 14-16: trailing empty rows (formatted, no values) */
    ['', null, '', null],
    [null],
    ['', '', '', '', '', '', '', '', '']
  ]
}

async function messyWorkbook(rows = messyRows(), edit?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('备案名单')
  ws.addRow(['安家二期 备案业主名单'])
  ws.mergeCells('A1:I1')
  ws.addRow(['制表：开发商营销部', null, null, '2026-11-30'])
  ws.addRow(HEADER)
  for (const r of rows) ws.addRow(r)
  ws.mergeCells('A4:A6')
  edit?.(ws)
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const EXPECTED_ERRORS = [
  { row: 10, column: '建筑面积(㎡)', code: 'AREA_INVALID', message: '建筑面积应为大于 0、不超过 10000 的数字（平方米）' },
  { row: 10, column: '业主姓名', code: 'NAME_INVALID', message: '业主姓名应为 2-30 个汉字或字母（可含间隔号·）' },
  { row: 10, column: '身份证号', code: 'ID_NUMBER_INVALID', message: '身份证号校验位不正确，请核对' },
  { row: 10, column: '手机号', code: 'PHONE_INVALID', message: '手机号应为 11 位大陆手机号码' },
  { row: 11, column: '单元', code: 'UNIT_MISSING', message: '单元不能为空（只有一个单元请填 1）' },
  { row: 11, column: '房号', code: 'ROOM_MISSING', message: '房号不能为空' },
  { row: 11, column: '批次', code: 'BATCH_MISSING', message: '批次不能为空' },
  { row: 11, column: '身份证号', code: 'ID_NUMBER_INVALID', message: '身份证号被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”后重新填写' },
  { row: 12, column: '建筑面积(㎡)', code: 'CONFLICTING_ROW', message: '与第 13 行是同一房屋，但建筑面积(㎡)不一致' },
  { row: 13, column: '建筑面积(㎡)', code: 'CONFLICTING_ROW', message: '与第 12 行是同一房屋，但建筑面积(㎡)不一致' }
]

interface Fixture {
  t: TestApp
  communityId: number
  manager: string
  reviewer: string
}

async function setUp(t: TestApp, name: string): Promise<Fixture> {
  const at = t.config.now().toISOString()
  const c = await t.app.db.insertInto('communities').values({ name, created_at: at }).returning('id').executeTakeFirstOrThrow()
  const communityId = Number(c.id)
  const login = async (role: string) => {
    const username = `${role}-${communityId}`
    await t.app.db
      .insertInto('staff_users')
      .values({ community_id: communityId, username, password_hash: await hashPassword('import-test-pw'), display_name: role, role, created_at: at })
      .execute()
    const res = await t.app.inject({ method: 'POST', url: '/api/staff/login', payload: { username, password: 'import-test-pw' } })
    if (res.statusCode !== 200) throw new Error(`login ${res.statusCode} ${res.body}`)
    return res.json().token as string
  }
  return { t, communityId, manager: await login('manager'), reviewer: await login('reviewer') }
}

async function upload(f: Fixture, file: Buffer, dryRun: boolean, opts: { token?: string; name?: string } = {}) {
  const { payload, headers } = multipart(file, opts.name ?? 'owners.xlsx')
  return f.t.app.inject({
    method: 'POST',
    url: `/api/staff/imports/houses?dryRun=${dryRun}`,
    payload,
    headers: { ...headers, ...bearer(opts.token ?? f.manager) }
  })
}

async function ok(f: Fixture, file: Buffer, dryRun: boolean): Promise<ImportResult> {
  const res = await upload(f, file, dryRun)
  if (res.statusCode !== 200) throw new Error(`import ${res.statusCode} ${res.body}`)
  return res.json()
}

async function counts(t: TestApp) {
  const n = async (table: 'houses' | 'registered_owners' | 'buildings' | 'batches' | 'audit_log') =>
    Number((await t.app.db.selectFrom(table).select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
  return { houses: await n('houses'), owners: await n('registered_owners'), buildings: await n('buildings'), batches: await n('batches'), audit: await n('audit_log') }
}

async function housesOf(f: Fixture) {
  const rows = await f.t.app.db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['h.id', 'b.name as building', 'h.unit', 'h.room', 'h.floor', 'h.area', 'h.batch', 'h.invite_token', 'h.token_issued_at'])
    .where('h.community_id', '=', f.communityId)
    .orderBy('h.id')
    .execute()
  return rows.map((r) => ({ ...r, label: `${r.building}${r.unit}单元${r.room}`, area: Number(r.area), floor: Number(r.floor) }))
}

async function ownersOf(f: Fixture) {
  return f.t.app.db
    .selectFrom('registered_owners as o')
    .innerJoin('houses as h', 'h.id', 'o.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['o.id', 'o.name', 'o.id_cipher', 'o.id_hmac', 'o.id_tail_hmac', 'o.phone_cipher', 'o.phone_hmac', 'o.note', 'b.name as building', 'h.unit', 'h.room'])
    .where('h.community_id', '=', f.communityId)
    .orderBy('o.id')
    .execute()
}

describe.each(dialects())('owner list import (%s)', (dialect) => {
  let t: TestApp
  let f: Fixture
  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: false })
    f = await setUp(t, '安家二期')
  })
  afterAll(async () => t.close())

  test('the template is an .xlsx with the header row and a notes sheet', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/staff/imports/houses/template', headers: bearer(f.manager) })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('业主名单导入模板.xlsx'))
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['业主名单', '填写说明'])
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual([...IMPORT_COLUMNS])
    // the unfilled template is empty: the example on the notes sheet is never imported
    const again = await upload(f, res.rawPayload, true)
    expect(again.statusCode).toBe(400)
    expect(again.json().error.code).toBe('IMPORT_EMPTY')
  })

  test('a messy workbook: the dry run reports every bad row by row and column and writes nothing', async () => {
    const before = await counts(t)
    const r = await ok(f, await messyWorkbook(), true)
    expect(r).toEqual({
      dryRun: true,
      sheet: '备案名单',
      total: 10,
      rejected: 4,
      duplicates: 1,
      houses: { created: 4, updated: 0, unchanged: 0 },
      owners: { created: 5, updated: 0, unchanged: 0 },
      batchesCreated: ['第一批', '第二批'],
      errorCount: 10,
      errors: EXPECTED_ERRORS,
      warnings: [{ row: 9, column: '房号', code: 'DUPLICATE_ROW', message: '与第 8 行完全相同，只导入一次' }]
    })
    expect(await counts(t)).toEqual(before)
  })

  test('the commit writes the valid rows, encrypted, with fresh tokens, batches and one audit row', async () => {
    const before = await counts(t)
    const r = await ok(f, await messyWorkbook(), false)
    expect(r).toMatchObject({ dryRun: false, total: 10, rejected: 4, houses: { created: 4, updated: 0, unchanged: 0 }, owners: { created: 5, updated: 0, unchanged: 0 } })
    expect(r.errors).toEqual(EXPECTED_ERRORS)
    expect(await counts(t)).toEqual({ ...before, houses: before.houses + 4, owners: before.owners + 5, buildings: before.buildings + 2, batches: before.batches + 2, audit: before.audit + 1 })

    const houses = await housesOf(f)
    expect(houses.map((h) => [h.label, h.floor, h.area, h.batch])).toEqual([
      ['1栋1单元101', 1, 89.5, '第一批'],
      ['1栋1单元1201', 12, 118, '第二批'],
      ['1栋1单元102', 1, 89.5, '第一批'],
      ['2栋1单元101', 1, 89.5, '第一批']
    ])
    for (const h of houses) {
      expect(h.invite_token).toMatch(/^[0-9A-Za-z]{10}$/)
      expect(h.token_issued_at).toBe(t.config.now().toISOString())
    }
    expect(new Set(houses.map((h) => h.invite_token)).size).toBe(4)

    const owners = await ownersOf(f)
    expect(owners.map((o) => [o.name, o.room, o.note])).toEqual([
      ['张三', '101', '共有人'],
      ['李四', '101', '共有人'],
      ['王五', '1201', ''],
      ['赵六', '102', ''],
      ['钱七', '101', '']
    ])
    const [zhang] = owners
    expect(decrypt(t.config.keys.aes, zhang.id_cipher)).toBe(ID_A)
    expect(zhang.id_hmac).toBe(blindIndex(t.config.keys.hmac, ID_A, 'id'))
    expect(zhang.id_tail_hmac).toBe(blindIndex(t.config.keys.hmac, ID_A.slice(-6), 'id_tail'))
    expect(decrypt(t.config.keys.aes, zhang.phone_cipher!)).toBe('13912345678')
    expect(zhang.phone_hmac).toBe(blindIndex(t.config.keys.hmac, '13912345678', 'phone'))
    expect(decrypt(t.config.keys.aes, owners[3].id_cipher)).toBe(ID_D)

    const batches = await t.app.db.selectFrom('batches').select(['code', 'title']).where('community_id', '=', f.communityId).orderBy('sort').execute()
    expect(batches).toEqual([
      { code: '第一批', title: '第一批' },
      { code: '第二批', title: '第二批' }
    ])
    const audit = await t.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'owners.import').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor_type: 'staff', target: `community:${f.communityId}` })
    expect(JSON.parse(audit[0].detail)).toMatchObject({ total: 10, rejected: 4, houses: { created: 4, updated: 0, unchanged: 0 }, owners: { created: 5, updated: 0, unchanged: 0 } })
    for (const secret of [ID_A, ID_B, '13912345678', '张三', ID_A.slice(-6)]) expect(audit[0].detail).not.toContain(secret)
    for (const line of t.logs) for (const secret of [ID_A, ID_B, '13912345678']) expect(line).not.toContain(secret)
  })

  test('co-owners of one house can each verify with their own name and ID tail', async () => {
    const [house] = await housesOf(f)
    for (const [name, id] of [
      ['张三', ID_A],
      ['李四', ID_B]
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/owner/verify',
        remoteAddress: clientAddress(`import-${name}`),
        payload: { token: house.invite_token, ownerName: name, ownerIdTail: id.slice(-6) }
      })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject({ role: 'owner', house: { label: '1栋1单元101' } })
    }
  })

  test('re-importing the same file changes nothing', async () => {
    const before = await counts(t)
    const housesBefore = await housesOf(f)
    const ownersBefore = await ownersOf(f)
    const r = await ok(f, await messyWorkbook(), false)
    expect(r.houses).toEqual({ created: 0, updated: 0, unchanged: 4 })
    expect(r.owners).toEqual({ created: 0, updated: 0, unchanged: 5 })
    expect(r.batchesCreated).toEqual([])
    expect(await counts(t)).toEqual({ ...before, audit: before.audit + 1 })
    expect(await housesOf(f)).toEqual(housesBefore)
    expect(await ownersOf(f)).toEqual(ownersBefore)
  })

  test('a corrected file updates exactly the changed area, batch, name, phone and note', async () => {
    const before = await counts(t)
    const housesBefore = await housesOf(f)
    const ownersBefore = await ownersOf(f)
    // 1栋1单元1201 already has its bill (worked out from 118 ㎡)
    const house1201 = (await housesOf(f)).find((h) => h.label === '1栋1单元1201')!
    const at = t.config.now().toISOString()
    const kase = await t.app.db.insertInto('move_in_cases').values({ house_id: house1201.id, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()
    await t.app.db.insertInto('bills').values({ case_id: Number(kase.id), status: 'unpaid', total_cents: 100, created_at: at, updated_at: at }).execute()
    const rows = messyRows()
    rows[2][3] = 118.5 // 1栋1单元1201 area
    rows[3][4] = '第三批' // 1栋1单元102 batch (a new batch)
    rows[1][7] = '13800000001' // 李四 phone
    rows[3][5] = '赵六一' // 赵六 name
    rows[0][8] = '共有人（主）' // 张三 note
    const r = await ok(f, await messyWorkbook(rows), false)
    expect(r.houses).toEqual({ created: 0, updated: 2, unchanged: 2 })
    expect(r.owners).toEqual({ created: 0, updated: 3, unchanged: 2 })
    expect(r.batchesCreated).toEqual(['第三批'])
    expect(r.warnings).toEqual([
      { row: 6, column: '建筑面积(㎡)', code: 'AREA_CHANGED_AFTER_BILL', message: '该房屋已生成账单（按 118㎡ 计算），面积已更新为 118.5㎡，但账单不会自动重算，请核对费用' },
      { row: 9, column: '房号', code: 'DUPLICATE_ROW', message: '与第 8 行完全相同，只导入一次' }
    ])
    expect(await counts(t)).toEqual({ ...before, batches: before.batches + 1, audit: before.audit + 1 })

    const houses = await housesOf(f)
    expect(houses.map((h) => h.id)).toEqual(housesBefore.map((h) => h.id))
    expect(houses.map((h) => h.invite_token)).toEqual(housesBefore.map((h) => h.invite_token))
    expect(houses.map((h) => [h.label, h.area, h.batch])).toEqual([
      ['1栋1单元101', 89.5, '第一批'],
      ['1栋1单元1201', 118.5, '第二批'],
      ['1栋1单元102', 89.5, '第三批'],
      ['2栋1单元101', 89.5, '第一批']
    ])
    const owners = await ownersOf(f)
    expect(owners.map((o) => o.id)).toEqual(ownersBefore.map((o) => o.id))
    expect(owners.map((o) => [o.name, o.note])).toEqual([
      ['张三', '共有人（主）'],
      ['李四', '共有人'],
      ['王五', ''],
      ['赵六一', ''],
      ['钱七', '']
    ])
    expect(decrypt(t.config.keys.aes, owners[1].phone_cipher!)).toBe('13800000001')
    expect(owners[1].phone_hmac).toBe(blindIndex(t.config.keys.hmac, '13800000001', 'phone'))
    // untouched owners keep their ciphertexts byte for byte
    expect(owners[0].phone_cipher).toBe(ownersBefore[0].phone_cipher)
    expect(owners[2].id_cipher).toBe(ownersBefore[2].id_cipher)
  })

  test('a CSV of the same rows is read the same way (here: all unchanged)', async () => {
    const csv = [
      '安家二期 备案业主名单',
      HEADER.join(','),
      `1栋,1,101,89.5,第一批,张三,${ID_A.toLowerCase()},+86 139 1234 5678,共有人（主）`,
      `1号楼,1单元,101,89.5㎡,第一批,李四,${ID_B},138-0000-0001,共有人`,
      `1,1,1201,118.5平方米,第二批,王五,${ID_C},13912340000,`,
      `１栋,１,１０２,８９．５,第三批,赵六一,${fullWidth(ID_D)},13912340001,`,
      `2幢,1,101,89.5 m2,第一批,钱七,${ID_E},13912340002,`,
      ',,,,,,,,',
      ''
    ].join('\r\n')
    const res = await upload(f, Buffer.from('\ufeff' + csv), false, { name: 'owners.csv' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ sheet: 'CSV', total: 5, rejected: 0, errors: [], houses: { created: 0, updated: 0, unchanged: 4 }, owners: { created: 0, updated: 0, unchanged: 5 } })
  })

  test('owners absent from a later file are kept (an import never deletes)', async () => {
    const before = await counts(t)
    const rows = messyRows().slice(4, 5) // only 钱七's row
    const r = await ok(f, await messyWorkbook(rows, (ws) => ws.unMergeCells('A4:A6')), false)
    expect(r).toMatchObject({ total: 1, houses: { unchanged: 1 }, owners: { unchanged: 1 } })
    expect(await counts(t)).toEqual({ ...before, audit: before.audit + 1 })
  })

  test('only a manager may import or download the template', async () => {
    const file = await messyWorkbook()
    expect((await upload(f, file, true, { token: f.reviewer })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'GET', url: '/api/staff/imports/houses/template', headers: bearer(f.reviewer) })).statusCode).toBe(403)
    const { payload, headers } = multipart(file, 'owners.xlsx')
    expect((await t.app.inject({ method: 'POST', url: '/api/staff/imports/houses?dryRun=true', payload, headers })).statusCode).toBe(401)
  })

  test('bad files are 400s with a code, never 500s', async () => {
    const cases: [Buffer, string, string][] = [
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), 'old.xls', 'IMPORT_FILE_INVALID'],
      [Buffer.from('PK\u0003\u0004 not really a zip'), 'broken.xlsx', 'IMPORT_FILE_INVALID'],
      [Buffer.from('a,b,c\n1,2,3\n'), 'other.csv', 'IMPORT_NO_HEADER'],
      [Buffer.from(`${HEADER.slice(0, 6).join(',')}\n1栋,1,101,89.5,第一批,张三\n`), 'short.csv', 'IMPORT_COLUMN_MISSING'],
      [Buffer.from(`${HEADER.join(',')}\n,,,\n`), 'empty.csv', 'IMPORT_EMPTY'],
      [Buffer.alloc(0), 'zero.xlsx', 'FILE_EMPTY']
    ]
    for (const [file, name, code] of cases) {
      const res = await upload(f, file, true, { name })
      expect([name, res.statusCode, res.json().error.code]).toEqual([name, 400, code])
    }
    const notMultipart = await t.app.inject({ method: 'POST', url: '/api/staff/imports/houses?dryRun=true', payload: {}, headers: bearer(f.manager) })
    expect(notMultipart.statusCode).toBe(400)
    const badQuery = await upload(f, await messyWorkbook(), true)
    expect(badQuery.statusCode).toBe(200)
    const rows = [HEADER.join(',')]
    for (let i = 0; i < 20001; i++) rows.push(`9栋,1,${1000 + i},89.5,第一批,张三,${ID_A},13912345678,`)
    const big = await upload(f, Buffer.from(rows.join('\n')), true, { name: 'big.csv' })
    expect(big.statusCode).toBe(400)
    expect(big.json().error.code).toBe('IMPORT_TOO_MANY_ROWS')
  })

  test('without dryRun the request is a dry run', async () => {
    const before = await counts(t)
    const { payload, headers } = multipart(await messyWorkbook(), 'owners.xlsx')
    const res = await t.app.inject({ method: 'POST', url: '/api/staff/imports/houses', payload, headers: { ...headers, ...bearer(f.manager) } })
    expect(res.statusCode).toBe(200)
    expect(res.json().dryRun).toBe(true)
    expect(await counts(t)).toEqual(before)
  })

  test('a file with thousands of errors lists the first 2000 and counts them all', async () => {
    const rows = [HEADER.join(',')]
    for (let i = 0; i < 1500; i++) rows.push(`9栋,1,${1000 + i},abc,第一批,张三,123,456,`)
    const r = await ok(f, Buffer.from(rows.join('\n')), true)
    expect(r).toMatchObject({ total: 1500, rejected: 1500, errorCount: 4500 })
    expect(r.errors).toHaveLength(2000)
    expect(r.errors[0]).toEqual({ row: 2, column: '建筑面积(㎡)', code: 'AREA_INVALID', message: expect.any(String) })
  })

  test('10,000 rows commit in one go and re-import unchanged', async () => {
    const big = await setUp(t, '万户小区')
    const build = async (shift: number) => {
      const wb = new ExcelJS.Workbook()
      const ws = wb.addWorksheet('名单')
      ws.addRow(HEADER)
      let n = 0
      for (let b = 1; b <= 10; b++)
        for (let u = 1; u <= 2; u++)
          for (let floor = 1; floor <= 25; floor++)
            for (let r = 1; r <= 20; r++) {
              const id = makeIdNumber(`4403051980${String(n).padStart(7, '0')}`)
              ws.addRow([`${b}号楼`, u, floor * 100 + r, 89.5 + (r % 3) + shift, b <= 5 ? '第一批' : '第二批', '业主' + '甲乙丙丁戊己庚辛'[n % 8], id, `13${9 - shift}${String(n).padStart(8, '0')}`, ''])
              n++
            }
      return Buffer.from(await wb.xlsx.writeBuffer())
    }
    const file = await build(0)
    const first = await ok(big, file, false)
    expect(first).toMatchObject({ total: 10000, rejected: 0, houses: { created: 10000, updated: 0, unchanged: 0 }, owners: { created: 10000, updated: 0, unchanged: 0 } })
    const again = await ok(big, file, false)
    expect(again).toMatchObject({ total: 10000, houses: { created: 0, updated: 0, unchanged: 10000 }, owners: { created: 0, updated: 0, unchanged: 10000 } })
    // every area and every phone corrected: bulk updates, still no new rows
    const fixed = await ok(big, await build(1), false)
    expect(fixed).toMatchObject({ houses: { created: 0, updated: 10000, unchanged: 0 }, owners: { created: 0, updated: 10000, unchanged: 0 } })
    const houses = await t.app.db.selectFrom('houses').select((e) => e.fn.countAll().as('n')).where('community_id', '=', big.communityId).executeTakeFirstOrThrow()
    expect(Number(houses.n)).toBe(10000)
    const last = await ownersOf(big).then((o) => o[o.length - 1])
    expect(decrypt(t.config.keys.aes, last.phone_cipher!)).toBe('13800009999')
    expect(last.phone_hmac).toBe(blindIndex(t.config.keys.hmac, '13800009999', 'phone'))
    const lastHouse = await housesOf(big).then((h) => h[h.length - 1])
    expect([lastHouse.label, lastHouse.area]).toEqual(['10栋2单元2520', 89.5 + (20 % 3) + 1])
  }, 240000)
})

// Pure normalisation and validation of the owner list (server/src/modules/imports/parse.ts),
// plus the exceljs reading of merged cells, rich text and numbers (workbook.ts).
import ExcelJS from 'exceljs'
import {
  cellText,
  findHeader,
  floorOf,
  isSheetProblem,
  normaliseArea,
  normaliseBuilding,
  normaliseIdNumber,
  normaliseName,
  normalisePhone,
  normaliseRoom,
  normaliseUnit,
  parseSheet,
  toHalfWidth,
  type GridRow,
  type ParsedSheet,
  type RawCell
} from '../../server/src/modules/imports/parse'
import { decodeCsv, readWorkbook } from '../../server/src/modules/imports/workbook'
import { newInviteToken } from '../../server/src/lib/crypto'
import { makeIdNumber } from './harness'

const value = <T>(r: { ok: true; value: T } | { ok: false; code: string }) => (r.ok ? r.value : r.code)

const ID_A = makeIdNumber('11010519491231002') // ends in X
const ID_B = makeIdNumber('44030519850612123')
const HEADER = ['楼栋', '单元', '房号', '建筑面积(㎡)', '批次', '业主姓名', '身份证号', '手机号', '备注']

function grid(rows: RawCell[][], start = 1): GridRow[] {
  return rows.map((cells, i) => ({ rowNumber: start + i, cells }))
}
function parsed(rows: RawCell[][]): ParsedSheet {
  const p = parseSheet(grid(rows))
  if (isSheetProblem(p)) throw new Error(p.code)
  return p
}

describe('text', () => {
  test('full-width digits, letters, punctuation and the ideographic space become ASCII', () => {
    expect(toHalfWidth('１栋　８９．５ＡＢ＋８６')).toBe('1栋 89.5AB+86')
  })
  test('cells are trimmed, spaces collapsed, numbers printed plainly', () => {
    expect(cellText('  1 \u00a0 栋 ')).toBe('1 栋')
    expect(cellText(1201)).toBe('1201')
    expect(cellText(null)).toBe('')
  })
})

describe('buildings', () => {
  test.each(['1栋', '1号楼', '1幢', '１栋', '1', 1, '01', '1座', '1#', '第1栋', ' 1 栋 ', '一栋'])('%p is 1栋', (v) => {
    expect(value(normaliseBuilding(v))).toBe('1栋')
  })
  test('letters are kept, upper-cased', () => expect(value(normaliseBuilding('a栋'))).toBe('A栋'))
  test('empty and unreadable names are reported', () => {
    expect(value(normaliseBuilding(''))).toBe('BUILDING_MISSING')
    expect(value(normaliseBuilding('东区商业楼'))).toBe('BUILDING_INVALID')
    expect(value(normaliseBuilding('0'))).toBe('BUILDING_INVALID')
  })
})

describe('units and rooms', () => {
  test.each(['1', 1, '1单元', '01', '１', '一单元'])('unit %p is 1', (v) => expect(value(normaliseUnit(v))).toBe('1'))
  test('a missing unit is reported, not defaulted', () => expect(value(normaliseUnit(null))).toBe('UNIT_MISSING'))
  test.each([1201, '1201', '1201室', '１２０１', ' 1201 '])('room %p is 1201', (v) => expect(value(normaliseRoom(v))).toBe('1201'))
  test('bad rooms', () => {
    expect(value(normaliseRoom(''))).toBe('ROOM_MISSING')
    expect(value(normaliseRoom(12.5))).toBe('ROOM_INVALID')
    expect(value(normaliseRoom('12/01'))).toBe('ROOM_INVALID')
  })
  test('the floor comes from the room number', () => {
    expect(floorOf('1201')).toBe(12)
    expect(floorOf('101')).toBe(1)
    expect(floorOf('B-1201')).toBe(1)
  })
})

describe('areas', () => {
  test.each([89.5, '89.5', '89.5㎡', '89.5平方米', '89.5 m2', '８９．５', '89.5平米', '89.50 ㎡', '89.5M²'])('%p is 89.5', (v) => {
    expect(value(normaliseArea(v))).toBe(89.5)
  })
  test('rounded to 0.01', () => expect(value(normaliseArea(89.456))).toBe(89.46))
  test.each([0, -3, '10001', 'abc', '89.5.1', '约90'])('%p is invalid', (v) => expect(value(normaliseArea(v))).toBe('AREA_INVALID'))
  test('empty is missing', () => expect(value(normaliseArea(' '))).toBe('AREA_MISSING'))
})

describe('ID numbers', () => {
  test('a lowercase x is accepted and stored upper-case', () => {
    expect(value(normaliseIdNumber(ID_A.toLowerCase()))).toBe(ID_A)
  })
  test('full-width digits and spaces are accepted', () => {
    const fw = ID_B.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
    expect(value(normaliseIdNumber(` ${fw.slice(0, 6)} ${fw.slice(6)} `))).toBe(ID_B)
  })
  test('a wrong check digit, a wrong length and a number cell are invalid', () => {
    const wrong = ID_B.slice(0, 17) + (ID_B[17] === '1' ? '2' : '1')
    expect(value(normaliseIdNumber(wrong))).toBe('ID_NUMBER_INVALID')
    expect(value(normaliseIdNumber('1101051949'))).toBe('ID_NUMBER_INVALID')
    expect(value(normaliseIdNumber(Number(ID_B)))).toBe('ID_NUMBER_INVALID')
    expect(value(normaliseIdNumber(''))).toBe('ID_NUMBER_MISSING')
  })
})

describe('phones and names', () => {
  test.each(['13912345678', '+86 139 1234 5678', '+86-139-1234-5678', '008613912345678', '8613912345678', 13912345678, '１３９１２３４５６７８', '(139)1234-5678'])(
    '%p is 13912345678',
    (v) => expect(value(normalisePhone(v))).toBe('13912345678')
  )
  test.each(['12912345678', '1391234567', '0755-88886666', 'abc'])('%p is invalid', (v) => expect(value(normalisePhone(v))).toBe('PHONE_INVALID'))
  test('empty phone is missing', () => expect(value(normalisePhone(null))).toBe('PHONE_MISSING'))
  test('Chinese names lose stray spaces, middle dots are unified, Latin names keep theirs', () => {
    expect(value(normaliseName('王 伟'))).toBe('王伟')
    expect(value(normaliseName('阿依古丽•买买提'))).toBe('阿依古丽·买买提')
    expect(value(normaliseName('John Smith'))).toBe('John Smith')
  })
  test('bad names', () => {
    expect(value(normaliseName('王'))).toBe('NAME_INVALID')
    expect(value(normaliseName('王伟1'))).toBe('NAME_INVALID')
    expect(value(normaliseName('王'.repeat(31)))).toBe('NAME_INVALID')
    expect(value(normaliseName(''))).toBe('NAME_MISSING')
  })
})

describe('header and rows', () => {
  test('the header is found below title and note rows, by loose texts', () => {
    const h = findHeader(
      grid([['安家示范小区备案业主名单'], ['制表日期：2026-11-30', null, '单位：㎡'], ['楼 栋', '单元', '*房号', '建筑面积（㎡）', '批次', '姓名', '身份证号码', '联系电话', '备注']])
    )
    expect(h?.index).toBe(2)
    expect(h?.columns).toEqual({ building: 0, unit: 1, room: 2, area: 3, batch: 4, name: 5, idNumber: 6, phone: 7, note: 8 })
    expect(h?.texts.area).toBe('建筑面积(㎡)')
  })
  test('no header and a missing column are file-level problems', () => {
    expect(parseSheet(grid([['a', 'b'], [1, 2]]))).toMatchObject({ code: 'IMPORT_NO_HEADER' })
    expect(parseSheet(grid([HEADER.filter((h) => h !== '手机号'), ['1栋']]))).toMatchObject({ code: 'IMPORT_COLUMN_MISSING', message: expect.stringContaining('手机号') })
    expect(parseSheet(grid([HEADER, [], [null, null]]))).toMatchObject({ code: 'IMPORT_EMPTY' })
  })
  test('the note column is optional', () => {
    const p = parsed([HEADER.slice(0, 8), ['1栋', '1', '101', 89.5, '第一批', '张三', ID_A, '13912345678']])
    expect(p.rows).toHaveLength(1)
    expect(p.rows[0].note).toBe('')
  })
  test('an exact duplicate row (after normalisation) is counted once, as a warning', () => {
    const row = ['1栋', '1', '101', 89.5, '第一批', '张三', ID_A, '13912345678', '']
    const p = parsed([HEADER, row, ['1号楼', '1单元', 101, '89.5㎡', '第一批', '张三', ID_A.toLowerCase(), '+86 139 1234 5678', null]])
    expect(p.total).toBe(2)
    expect(p.rows).toHaveLength(1)
    expect(p.duplicates).toBe(1)
    expect(p.errors).toEqual([])
    expect(p.warnings).toEqual([{ row: 3, column: '房号', code: 'DUPLICATE_ROW', message: '与第 2 行完全相同，只导入一次' }])
  })
  test('two rows of one house with different areas reject every row of the house', () => {
    const p = parsed([
      HEADER,
      ['1栋', '1', '101', 89.5, '第一批', '张三', ID_A, '13912345678'],
      ['1栋', '1', '101', 90, '第一批', '李四', ID_B, '13912345679'],
      ['1栋', '1', '102', 90, '第一批', '李四', ID_B, '13912345679']
    ])
    expect(p.rows.map((r) => r.rowNumber)).toEqual([4])
    expect(p.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, '建筑面积(㎡)', 'CONFLICTING_ROW'],
      [3, '建筑面积(㎡)', 'CONFLICTING_ROW']
    ])
    expect([...p.rejectedRows].sort()).toEqual([2, 3])
  })
  test('one owner twice in a house with different phones is a conflict on the phone column', () => {
    const p = parsed([
      HEADER,
      ['1栋', '1', '101', 89.5, '第一批', '张三', ID_A, '13912345678'],
      ['1栋', '1', '101', 89.5, '第一批', '张三', ID_A, '13912345679']
    ])
    expect(p.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, '手机号', 'CONFLICTING_ROW'],
      [3, '手机号', 'CONFLICTING_ROW']
    ])
  })
  test('co-owners (same house, different ID numbers) are both kept', () => {
    const p = parsed([
      HEADER,
      ['1栋', '1', '101', 89.5, '第一批', '张三', ID_A, '13912345678'],
      ['1栋', '1', '101', 89.5, '第一批', '李四', ID_B, '13912345679']
    ])
    expect(p.rows).toHaveLength(2)
    expect(p.errors).toEqual([])
  })
})

describe('workbook reading', () => {
  test('a merged building cell applies to every row it spans; rich text and numbers are read', async () => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('名单')
    ws.addRow(HEADER)
    ws.addRow(['１栋', 1, 101, 89.5, '第一批', { richText: [{ text: '张' }, { text: '三', font: { bold: true } }] }, ID_A, 13912345678])
    ws.addRow([null, 1, 102, 89.5, '第一批', '李四', ID_B, '13912345679'])
    ws.addRow([null, 1, 201, { formula: '89.5*1', result: 89.5 }, '第一批', '王五', ID_B, '13912345670'])
    ws.mergeCells('A2:A4')
    const [sheet] = await readWorkbook(Buffer.from(await wb.xlsx.writeBuffer()))
    expect(sheet.rows.map((r) => r.cells.slice(0, 6))).toEqual([
      HEADER.slice(0, 6),
      ['１栋', 1, 101, 89.5, '第一批', '张三'],
      ['１栋', 1, 102, 89.5, '第一批', '李四'],
      ['１栋', 1, 201, 89.5, '第一批', '王五']
    ])
    const p = parseSheet(sheet.rows) as ParsedSheet
    expect(p.rows.map((r) => `${r.building}${r.unit}单元${r.room}`)).toEqual(['1栋1单元101', '1栋1单元102', '1栋1单元201'])
  })
  test('CSV keeps ID numbers as text; GB18030 files are decoded', async () => {
    const [sheet] = await readWorkbook(Buffer.from(`\ufeff${HEADER.join(',')}\n1栋,1,101,89.5,第一批,张三,${ID_B},13912345678,\n`))
    expect(sheet.rows[1].cells[6]).toBe(ID_B)
    expect(decodeCsv(Buffer.from([0xc2, 0xa5, 0xb6, 0xb0]))).toBe('楼栋')
  })
  test('not a spreadsheet is IMPORT_FILE_INVALID', async () => {
    await expect(readWorkbook(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0]))).rejects.toMatchObject({ code: 'IMPORT_FILE_INVALID' })
    await expect(readWorkbook(Buffer.from('PK\u0003\u0004garbage'))).rejects.toMatchObject({ code: 'IMPORT_FILE_INVALID' })
  })
})

test('invite tokens are 10 characters of base62 and differ', () => {
  const tokens = new Set(Array.from({ length: 200 }, () => newInviteToken()))
  expect(tokens.size).toBe(200)
  for (const t of tokens) expect(t).toMatch(/^[0-9A-Za-z]{10}$/)
})

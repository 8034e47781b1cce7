/*
 * The developer's owner list, from a grid of cells to validated rows. Pure: no database, no
 * exceljs (workbook.ts turns a sheet into the grid, merged cells already filled from their
 * master). Real files are messy; what is accepted, numbered as the tests number them:
 *  1. title and note rows above the header: the header is the first row (of the first 30)
 *     whose texts name at least the room, the name and one more known column;
 *  2. header texts are matched loosely: full-width, spaces, a unit in brackets, a * marker
 *     ("建筑面积（㎡）", "*房号") and a few synonyms (房间号, 姓名, 身份证号码, 联系电话...);
 *  3. full-width digits, letters and spaces anywhere (１栋, ８９．５, "１３９　１２３４");
 *  4. building names 1栋 / 1号楼 / 1幢 / 1座 / 1# / １栋 / 1 are one building, stored "1栋";
 *     units 1 / 1单元 / 01 are unit "1"; rooms 1201 / "1201室" / the number 1201 are "1201";
 *  5. a unit inside the area (89.5㎡, 89.5平方米, "89.5 m2", 89.5平米);
 *  6. lowercase x in ID numbers; an ID number Excel stored as a number has lost its last
 *     digits (> 2^53) and is reported, never guessed;
 *  7. +86 / 0086 / 86, spaces, dashes and brackets in phones;
 *  8. empty rows (trailing, or between blocks) are skipped and not counted;
 *  9. an exact repeat of an earlier row (after normalisation) is counted once and listed as
 *     a DUPLICATE_ROW warning, not an error;
 * 10. two rows of one house with a different area or batch, or two rows of one owner (same
 *     house, same ID number) with a different name, phone or note, are CONFLICTING_ROW: every
 *     row of that house (resp. that owner) is rejected, since we cannot know which is right.
 * Every other problem is reported per row and column (header text as in the file) with a
 * stable code and a Chinese message; a row with any error is rejected as a whole.
 */
import { isValidIdNumber } from '../../lib/crypto'
import type { ImportIssue, ImportIssueCode } from '../../../../types/imports'

/** A cell as workbook.ts hands it over: text, a number, or nothing. */
export type RawCell = string | number | null

export interface GridRow {
  /** 1-based sheet row number (what Excel shows) */
  rowNumber: number
  /** 0-based column index → value */
  cells: RawCell[]
}

export const FIELDS = ['building', 'unit', 'room', 'area', 'batch', 'name', 'idNumber', 'phone', 'note'] as const
export type Field = (typeof FIELDS)[number]
const REQUIRED: Field[] = ['building', 'unit', 'room', 'area', 'batch', 'name', 'idNumber', 'phone']

export const FIELD_LABELS: Record<Field, string> = {
  building: '楼栋',
  unit: '单元',
  room: '房号',
  area: '建筑面积(㎡)',
  batch: '批次',
  name: '业主姓名',
  idNumber: '身份证号',
  phone: '手机号',
  note: '备注'
}

const HEADER_ALIASES: Record<Field, string[]> = {
  building: ['楼栋', '楼栋号', '栋', '栋号', '楼号', '楼幢', '幢', '幢号', '楼宇', '楼栋名称', '楼座'],
  unit: ['单元', '单元号'],
  room: ['房号', '房间号', '房屋号', '户号', '室号', '房号室', '门牌号'],
  area: ['建筑面积', '面积', '建面', '房屋面积', '产权面积'],
  batch: ['批次', '交付批次', '入伙批次', '交房批次'],
  name: ['业主姓名', '姓名', '业主', '业主名称', '购房人', '购房人姓名', '产权人', '产权人姓名'],
  idNumber: ['身份证号', '身份证号码', '身份证', '证件号码', '证件号', '业主身份证号', '身份证件号码'],
  phone: ['手机号', '手机', '手机号码', '联系电话', '电话', '联系方式', '业主电话', '业主手机'],
  note: ['备注', '说明', '备注说明']
}

export const LIMITS = { maxRows: 20000, headerScanRows: 30, maxArea: 10000, maxBatch: 30, maxNote: 200 }

/** Full-width ASCII (U+FF01–FF5E) and the ideographic space to their ASCII forms. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ')
}

/** A cell as trimmed, half-width text with single spaces ('' when empty). */
export function cellText(v: RawCell): string {
  if (v === null || v === undefined) return ''
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v)
  return toHalfWidth(s)
    .replace(/[\u00a0\u200b\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

function headerKey(s: string): string {
  return cellText(s)
    .replace(/[(（[【].*?[)）\]】]/g, '')
    .replace(/[\s*:：]/g, '')
    .toLowerCase()
}

const HEADER_LOOKUP = new Map<string, Field>()
for (const f of FIELDS) for (const a of HEADER_ALIASES[f]) HEADER_LOOKUP.set(headerKey(a), f)

export interface HeaderMatch {
  /** index of the header row in the grid */
  index: number
  /** field → 0-based column index */
  columns: Partial<Record<Field, number>>
  /** field → the header text as written in the file */
  texts: Partial<Record<Field, string>>
  missing: Field[]
}

/** Finds the header row by its texts (rule 1, 2); null when no row looks like one. */
export function findHeader(rows: GridRow[]): HeaderMatch | null {
  const scan = Math.min(rows.length, LIMITS.headerScanRows)
  for (let i = 0; i < scan; i++) {
    const columns: Partial<Record<Field, number>> = {}
    const texts: Partial<Record<Field, string>> = {}
    rows[i].cells.forEach((c, col) => {
      const f = HEADER_LOOKUP.get(headerKey(cellText(c)))
      if (f && columns[f] === undefined) {
        columns[f] = col
        texts[f] = cellText(c)
      }
    })
    const found = Object.keys(columns).length
    if (columns.room !== undefined && columns.name !== undefined && found >= 3) {
      return { index: i, columns, texts, missing: REQUIRED.filter((f) => columns[f] === undefined) }
    }
  }
  return null
}

type Check<T> = { ok: true; value: T } | { ok: false; code: ImportIssueCode; message: string }
const ok = <T>(value: T): Check<T> => ({ ok: true, value })
const bad = (code: ImportIssueCode, message: string): Check<never> => ({ ok: false, code, message })

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 }

/** 1栋 / 1号楼 / 1幢 / 1座 / 1# / 01 / 1 / A栋 → "1栋" / "A栋" (rule 4). */
export function normaliseBuilding(v: RawCell): Check<string> {
  const s = cellText(v).replace(/\s/g, '')
  if (!s) return bad('BUILDING_MISSING', '楼栋不能为空')
  const m = /^(?:第)?([0-9]{1,3}|[A-Za-z]{1,2}[0-9]{0,2}|[一二三四五六七八九十])(?:号楼|号栋|栋楼|栋|幢|座|号|楼|#)?$/.exec(s)
  if (!m) return bad('BUILDING_INVALID', `楼栋“${s.slice(0, 20)}”无法识别，请填写如 1栋、1号楼 或 1`)
  const core = m[1]
  const id = /^[0-9]+$/.test(core) ? String(Number(core)) : CN_DIGITS[core] ? String(CN_DIGITS[core]) : core.toUpperCase()
  if (id === '0') return bad('BUILDING_INVALID', '楼栋编号不能为 0')
  return ok(`${id}栋`)
}

/** 1 / 1单元 / 01 / 一单元 / A → "1" / "A" (rule 4). */
export function normaliseUnit(v: RawCell): Check<string> {
  const s = cellText(v).replace(/\s/g, '')
  if (!s) return bad('UNIT_MISSING', '单元不能为空（只有一个单元请填 1）')
  const m = /^(?:第)?([0-9]{1,2}|[A-Za-z]|[一二三四五六七八九十])(?:单元|号)?$/.exec(s)
  if (!m) return bad('UNIT_INVALID', `单元“${s.slice(0, 20)}”无法识别，请填写如 1 或 1单元`)
  const core = m[1]
  const id = /^[0-9]+$/.test(core) ? String(Number(core)) : CN_DIGITS[core] ? String(CN_DIGITS[core]) : core.toUpperCase()
  if (id === '0') return bad('UNIT_INVALID', '单元编号不能为 0')
  return ok(id)
}

/** 1201 (number or text) / "1201室" / "1201号" → "1201"; letters and a dash allowed (B-1201). */
export function normaliseRoom(v: RawCell): Check<string> {
  if (typeof v === 'number' && !Number.isInteger(v)) return bad('ROOM_INVALID', `房号“${v}”无法识别，请填写如 1201`)
  const s = cellText(v).replace(/\s/g, '').replace(/(室|号|房)$/, '').toUpperCase()
  if (!s) return bad('ROOM_MISSING', '房号不能为空')
  if (!/^[0-9A-Z][0-9A-Z-]{0,11}$/.test(s)) return bad('ROOM_INVALID', `房号“${s.slice(0, 20)}”无法识别，请填写如 1201`)
  return ok(s)
}

/** The floor of a room number: 1201 → 12, 101 → 1; 1 when the room is not plain digits. */
export function floorOf(room: string): number {
  if (/^[0-9]{3,5}$/.test(room)) return Math.max(1, Math.floor(Number(room) / 100))
  return 1
}

/** 89.5 / "89.5㎡" / "89.5平方米" / "89.5 m2" / "８９．５" → 89.5, rounded to 0.01 (rule 5). */
export function normaliseArea(v: RawCell): Check<number> {
  let n: number
  if (typeof v === 'number') n = v
  else {
    const s = cellText(v)
      .replace(/\s/g, '')
      .replace(/(㎡|平方米|平米|平方|m2|m²|sqm)$/i, '')
      .replace(/,/g, '')
    if (!s) return bad('AREA_MISSING', '建筑面积不能为空')
    n = /^[0-9]+(\.[0-9]+)?$/.test(s) ? Number(s) : NaN
  }
  if (!Number.isFinite(n) || n <= 0 || n > LIMITS.maxArea) {
    return bad('AREA_INVALID', `建筑面积应为大于 0、不超过 ${LIMITS.maxArea} 的数字（平方米）`)
  }
  return ok(Math.round(n * 100) / 100)
}

export function normaliseBatch(v: RawCell): Check<string> {
  const s = cellText(v)
  if (!s) return bad('BATCH_MISSING', '批次不能为空')
  if (Array.from(s).length > LIMITS.maxBatch) return bad('BATCH_INVALID', `批次名称不能超过 ${LIMITS.maxBatch} 个字`)
  return ok(s)
}

/** 2–30 characters: Chinese, letters, the middle dot (· • . normalised to ·) and spaces between letters. */
export function normaliseName(v: RawCell): Check<string> {
  let s = cellText(v).replace(/[•．.・]/g, '·')
  // spaces between Chinese characters are typing noise ("王 伟"); between Latin words they are not
  s = s.replace(/\s*·\s*/g, '·').replace(/(?<=[\u3400-\u9fff])\s+|\s+(?=[\u3400-\u9fff])/g, '')
  if (!s) return bad('NAME_MISSING', '业主姓名不能为空')
  const len = Array.from(s).length
  if (len < 2 || len > 30 || !/^[\u3400-\u9fffA-Za-z·][\u3400-\u9fffA-Za-z· ]*$/u.test(s) || /··/.test(s)) {
    return bad('NAME_INVALID', '业主姓名应为 2-30 个汉字或字母（可含间隔号·）')
  }
  return ok(s)
}

/** 18 characters with the GB 11643 check digit; lowercase x accepted (rule 6). */
export function normaliseIdNumber(v: RawCell): Check<string> {
  if (typeof v === 'number') {
    return bad('ID_NUMBER_INVALID', '身份证号被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”后重新填写')
  }
  const s = cellText(v).replace(/[\s-]/g, '').toUpperCase()
  if (!s) return bad('ID_NUMBER_MISSING', '身份证号不能为空')
  if (!/^[0-9]{17}[0-9X]$/.test(s)) return bad('ID_NUMBER_INVALID', '身份证号应为 18 位（最后一位可为 X）')
  if (!isValidIdNumber(s)) return bad('ID_NUMBER_INVALID', '身份证号校验位不正确，请核对')
  return ok(s)
}

/** An 11-digit mainland mobile; +86 / 0086 / 86 and spaces, dashes, brackets removed (rule 7). */
export function normalisePhone(v: RawCell): Check<string> {
  let s = cellText(v).replace(/[\s\-()（）]/g, '')
  if (!s) return bad('PHONE_MISSING', '手机号不能为空')
  s = s.replace(/^(\+86|0086)/, '')
  if (/^86[0-9]{11}$/.test(s)) s = s.slice(2)
  if (!/^1[3-9][0-9]{9}$/.test(s)) return bad('PHONE_INVALID', '手机号应为 11 位大陆手机号码')
  return ok(s)
}

/** Free text: kept as written (full-width punctuation included), spaces collapsed. */
export function normaliseNote(v: RawCell): Check<string> {
  const s = v === null ? '' : String(v).replace(/\s+/g, ' ').trim()
  if (Array.from(s).length > LIMITS.maxNote) return bad('NOTE_INVALID', `备注不能超过 ${LIMITS.maxNote} 个字`)
  return ok(s)
}

/** One valid row after normalisation. */
export interface OwnerRow {
  rowNumber: number
  building: string
  unit: string
  room: string
  area: number
  batch: string
  name: string
  idNumber: string
  phone: string
  note: string
}

export const houseKey = (r: { building: string; unit: string; room: string }) => `${r.building}\u0000${r.unit}\u0000${r.room}`

export interface ParsedSheet {
  header: HeaderMatch
  /** non-empty data rows */
  total: number
  /** valid rows, exact duplicates removed, in file order */
  rows: OwnerRow[]
  /** row numbers with at least one error */
  rejectedRows: Set<number>
  duplicates: number
  errors: ImportIssue[]
  warnings: ImportIssue[]
}

export type SheetProblem = { code: 'IMPORT_NO_HEADER' | 'IMPORT_COLUMN_MISSING' | 'IMPORT_EMPTY' | 'IMPORT_TOO_MANY_ROWS'; message: string }

const CHECKS: Record<Field, (v: RawCell) => Check<string | number>> = {
  building: normaliseBuilding,
  unit: normaliseUnit,
  room: normaliseRoom,
  area: normaliseArea,
  batch: normaliseBatch,
  name: normaliseName,
  idNumber: normaliseIdNumber,
  phone: normalisePhone,
  note: normaliseNote
}

/** Validates every row of a sheet (rules 1-10); a file-level problem is returned, not thrown. */
export function parseSheet(grid: GridRow[]): ParsedSheet | SheetProblem {
  const header = findHeader(grid)
  if (!header) {
    return { code: 'IMPORT_NO_HEADER', message: '没有找到表头行：请使用模板，表头应包含 楼栋、单元、房号、建筑面积(㎡)、批次、业主姓名、身份证号、手机号' }
  }
  if (header.missing.length > 0) {
    return { code: 'IMPORT_COLUMN_MISSING', message: `表头缺少以下列：${header.missing.map((f) => FIELD_LABELS[f]).join('、')}` }
  }
  const col = (f: Field) => header.texts[f] ?? FIELD_LABELS[f]
  const errors: ImportIssue[] = []
  const warnings: ImportIssue[] = []
  const rejectedRows = new Set<number>()
  const valid: OwnerRow[] = []
  let total = 0

  const data = grid.slice(header.index + 1)
  // rule 8: a row is empty when every column other than the (possibly merged) house columns is
  const own: Field[] = ['room', 'area', 'name', 'idNumber', 'phone', 'note']
  const at = (row: GridRow, f: Field): RawCell => {
    const i = header.columns[f]
    return i === undefined ? null : (row.cells[i] ?? null)
  }
  const nonEmpty = data.filter((row) => own.some((f) => cellText(at(row, f)) !== ''))
  if (nonEmpty.length === 0) return { code: 'IMPORT_EMPTY', message: '表头下方没有数据行' }
  if (nonEmpty.length > LIMITS.maxRows) {
    return { code: 'IMPORT_TOO_MANY_ROWS', message: `一次最多导入 ${LIMITS.maxRows} 行，本文件有 ${nonEmpty.length} 行，请分批导入` }
  }

  for (const row of nonEmpty) {
    total++
    const values: Partial<Record<Field, string | number>> = {}
    let rowOk = true
    for (const f of FIELDS) {
      const r = CHECKS[f](at(row, f))
      if (r.ok) values[f] = r.value
      else {
        rowOk = false
        errors.push({ row: row.rowNumber, column: col(f), code: r.code, message: r.message })
      }
    }
    if (!rowOk) {
      rejectedRows.add(row.rowNumber)
      continue
    }
    valid.push({ rowNumber: row.rowNumber, ...(values as Omit<OwnerRow, 'rowNumber'>) })
  }

  // rule 9: exact repeats
  const seen = new Map<string, number>()
  const distinct: OwnerRow[] = []
  let duplicates = 0
  for (const r of valid) {
    const sig = [r.building, r.unit, r.room, r.area, r.batch, r.name, r.idNumber, r.phone, r.note].join('\u0000')
    const first = seen.get(sig)
    if (first !== undefined) {
      duplicates++
      warnings.push({ row: r.rowNumber, column: col('room'), code: 'DUPLICATE_ROW', message: `与第 ${first} 行完全相同，只导入一次` })
      continue
    }
    seen.set(sig, r.rowNumber)
    distinct.push(r)
  }

  // rule 10: conflicts within a house and within an owner
  const byHouse = new Map<string, OwnerRow[]>()
  for (const r of distinct) {
    const k = houseKey(r)
    const list = byHouse.get(k)
    if (list) list.push(r)
    else byHouse.set(k, [r])
  }
  const conflicted = new Set<number>()
  const conflict = (r: OwnerRow, f: Field, other: OwnerRow, what: string) => {
    conflicted.add(r.rowNumber)
    errors.push({ row: r.rowNumber, column: col(f), code: 'CONFLICTING_ROW', message: `与第 ${other.rowNumber} 行是同一${what}，但${FIELD_LABELS[f]}不一致` })
  }
  for (const list of byHouse.values()) {
    if (list.length < 2) continue
    for (const f of ['area', 'batch'] as const) {
      // every row of the house is rejected, each pointing at a row that disagrees with it
      if (list.every((r) => r[f] === list[0][f])) continue
      for (const r of list) conflict(r, f, list.find((x) => x[f] !== r[f])!, '房屋')
    }
    const byId = new Map<string, OwnerRow[]>()
    for (const r of list) byId.set(r.idNumber, [...(byId.get(r.idNumber) ?? []), r])
    for (const same of byId.values()) {
      // exact repeats are gone already: two rows left with one ID number differ somewhere
      if (same.length < 2) continue
      for (const r of same) {
        const other = same.find((x) => x !== r)!
        const f = (['name', 'phone', 'note'] as const).find((x) => r[x] !== other[x]) ?? 'idNumber'
        conflict(r, f, other, '业主（身份证号相同）')
      }
    }
  }
  for (const n of conflicted) rejectedRows.add(n)
  const rows = distinct.filter((r) => !conflicted.has(r.rowNumber))

  errors.sort((a, b) => a.row - b.row || columnOrder(header, a.column) - columnOrder(header, b.column))
  return { header, total, rows, rejectedRows, duplicates, errors, warnings }
}

function columnOrder(h: HeaderMatch, text: string): number {
  for (const f of FIELDS) if (h.texts[f] === text) return h.columns[f] ?? 99
  return 99
}

export function isSheetProblem(x: ParsedSheet | SheetProblem): x is SheetProblem {
  return 'code' in x
}

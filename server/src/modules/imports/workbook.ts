/*
 * Spreadsheet files in and out. exceljs (4.4) rather than SheetJS: it is maintained, reads and
 * writes both .xlsx and .csv, can stream, and reports merged cells (a merged cell's value is
 * its master's, which is what "a merged 楼栋 cell applies to each row" needs). The `xlsx`
 * package on the npm registry is SheetJS 0.18.5, years behind its own CDN releases.
 */
import { Readable } from 'node:stream'
import ExcelJS from 'exceljs'
import { ApiError } from '../../errors'
import { IMPORT_COLUMNS } from '../../../../types/imports'
import type { GridRow, RawCell } from './parse'

export interface SheetGrid {
  sheet: string
  rows: GridRow[]
}

const INVALID = () => new ApiError(400, 'IMPORT_FILE_INVALID', '无法读取该文件：请上传 .xlsx 或 .csv 格式的业主名单（旧版 .xls 请先另存为 .xlsx）')

/** A cell value from exceljs as text or a number (rich text joined, formulas by their result). */
export function rawCell(v: ExcelJS.CellValue | undefined): RawCell {
  if (v === null || v === undefined) return null
  if (typeof v === 'number' || typeof v === 'string') return v
  if (typeof v === 'boolean') return String(v)
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('')
    if ('formula' in v || 'sharedFormula' in v) return rawCell((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue)
    if ('hyperlink' in v) return rawCell((v as ExcelJS.CellHyperlinkValue).text as ExcelJS.CellValue)
    if ('text' in v) return rawCell((v as { text: ExcelJS.CellValue }).text)
    if ('error' in v) return null
  }
  return null
}

function gridOf(ws: ExcelJS.Worksheet): GridRow[] {
  const rows: GridRow[] = []
  const width = Math.min(ws.columnCount, 64)
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: RawCell[] = []
    // getCell, not row.values: a merged cell answers with its master's value
    for (let c = 1; c <= width; c++) cells.push(rawCell(row.getCell(c).value))
    rows.push({ rowNumber, cells })
  })
  return rows
}

/** Text of a CSV: UTF-8 (with or without BOM), else GB18030 (what Excel on a Chinese Windows saves). */
export function decodeCsv(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\ufeff/, '')
  } catch {
    return new TextDecoder('gb18030').decode(buf)
  }
}

function looksLikeText(buf: Buffer): boolean {
  const n = Math.min(buf.length, 4096)
  for (let i = 0; i < n; i++) if (buf[i] === 0) return false
  return true
}

/** Reads every worksheet of an .xlsx, or the one sheet of a .csv, into grids (file problems are 400s). */
export async function readWorkbook(buf: Buffer): Promise<SheetGrid[]> {
  if (buf.length === 0) throw new ApiError(400, 'FILE_EMPTY', '文件是空的，请重新选择')
  const wb = new ExcelJS.Workbook()
  if (buf[0] === 0x50 && buf[1] === 0x4b) {
    try {
      await wb.xlsx.load(buf as unknown as ExcelJS.Buffer)
    } catch {
      throw INVALID()
    }
    return wb.worksheets.filter((ws) => ws.state !== 'veryHidden').map((ws) => ({ sheet: ws.name, rows: gridOf(ws) }))
  }
  if (!looksLikeText(buf)) throw INVALID()
  const text = decodeCsv(buf)
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length)
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ','
  try {
    const ws = await wb.csv.read(Readable.from([text]), {
      sheetName: 'CSV',
      // keep every field as text: the default map turns ID numbers into (rounded) numbers
      map: (d: string) => (d === '' ? null : d),
      parserOptions: { delimiter, ignoreEmpty: false, trim: false }
    } as unknown as Parameters<typeof wb.csv.read>[1])
    return [{ sheet: 'CSV', rows: gridOf(ws) }]
  } catch {
    throw INVALID()
  }
}

const NOTES: [string, string][] = [
  ['楼栋', '必填。1栋、1号楼、1幢、1 均视为同一栋，系统统一记为“1栋”。合并单元格可跨多行。'],
  ['单元', '必填。填 1 或 1单元；只有一个单元的楼栋请填 1。'],
  ['房号', '必填。如 1201（可带“室”）。'],
  ['建筑面积(㎡)', '必填。大于 0 的数字，可带 ㎡ 或 平方米，如 89.5。'],
  ['批次', '必填。交付批次名称，如 第一批；新批次会自动创建。同一房屋的各行必须一致。'],
  ['业主姓名', '必填。2-30 个汉字或字母，少数民族姓名可含间隔号“·”。'],
  ['身份证号', '必填。18 位居民身份证号，末位 X 大小写均可。请将该列设为“文本”，否则 Excel 会丢失末几位。'],
  ['手机号', '必填。11 位大陆手机号，可带 +86、空格或横线。'],
  ['备注', '选填。不超过 200 字。']
]

/** The import template: the header row (ID and phone columns as text) and a sheet of notes with an example. */
export async function buildTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = '安家'
  const ws = wb.addWorksheet('业主名单', { views: [{ state: 'frozen', ySplit: 1 }] })
  const widths = [10, 8, 10, 14, 12, 14, 22, 16, 24]
  ws.columns = IMPORT_COLUMNS.map((header, i) => ({
    header,
    width: widths[i],
    // text format so Excel keeps 18-digit ID numbers and leading zeros as typed
    style: header === '身份证号' || header === '手机号' || header === '房号' ? { numFmt: '@' } : {}
  }))
  ws.getRow(1).font = { bold: true }

  const notes = wb.addWorksheet('填写说明')
  notes.columns = [
    { header: '列', width: 16 },
    { header: '说明', width: 90 }
  ]
  notes.getRow(1).font = { bold: true }
  for (const [c, text] of NOTES) notes.addRow([c, text])
  notes.addRow([])
  notes.addRow(['说明', '每位备案业主一行；同一房屋有多位共有人时写多行（房屋信息相同），每位共有人都可凭本人姓名和身份证后 6 位核验。'])
  notes.addRow(['说明', '表头行上方可以有标题行；完全相同的重复行只导入一次。重复导入同一文件不会产生重复数据，只更新有变化的内容。'])
  notes.addRow([])
  notes.addRow(['示例（勿复制到名单页）'])
  notes.addRow([...IMPORT_COLUMNS])
  notes.addRow(['1栋', '1', '1201', '89.5', '第一批', '张三', '11010519491231002X', '13912345678', '共有人之一'])
  notes.addRow(['1栋', '1', '1201', '89.5', '第一批', '李四', '110105195001010012', '13812345678', '共有人之一'])
  const out = await wb.xlsx.writeBuffer()
  return Buffer.from(out as ArrayBuffer)
}

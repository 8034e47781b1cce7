import type { PickedFile } from '../../utils/files'

export const SHEET_EXTENSIONS = ['xlsx', 'csv'] as const
export const SHEET_MAX_BYTES = 10 * 1024 * 1024

/** Chinese reason a picked owner list cannot be sent, or null when it can. */
export function checkSheetFile(f: Pick<PickedFile, 'name' | 'size'>): string | null {
  const ext = f.name.includes('.') ? f.name.split('.').pop()!.toLowerCase() : ''
  if (ext === 'xls') return '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后重新选择'
  if (!(SHEET_EXTENSIONS as readonly string[]).includes(ext)) return '请选择 .xlsx 或 .csv 格式的业主名单'
  if (f.size <= 0) return '文件是空的，请重新选择'
  if (f.size > SHEET_MAX_BYTES) return '文件不能超过 10 MB，请分批导入'
  return null
}

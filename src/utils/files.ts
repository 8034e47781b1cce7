/** A file the user picked, on either target. */
export interface PickedFile {
  name: string
  size: number
  /** weapp: temp file path for Taro.uploadFile */
  path?: string
  /** H5: the browser File */
  file?: Blob
}

export type PickResult = { ok: true; file: PickedFile } | { ok: false; message: string } | null

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024
export const ACCEPTED_EXTENSIONS = ['jpg', 'jpeg', 'png', 'pdf'] as const

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot >= 0 ? name.slice(dot + 1).toLowerCase() : ''
}

/** Chinese reason a picked file cannot be sent, or null when it can. */
export function checkPickedFile(f: { name: string; size: number }): string | null {
  if (f.size <= 0) return '文件是空的，请重新选择'
  if (f.size > MAX_UPLOAD_BYTES) return '文件不能超过 10 MB，请压缩后重新选择'
  if (!(ACCEPTED_EXTENSIONS as readonly string[]).includes(extensionOf(f.name))) {
    return '仅支持 JPG、PNG 图片或 PDF 文件'
  }
  return null
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}

import Taro from '@tarojs/taro'
import { apiUrl, authHeader, networkFailure, toResult, type ApiResult } from './client'

export interface OpenedPdf {
  url: string
  bytes: number
}

/** weapp: download with the Authorization header, then open it in WeChat's document viewer (print / forward from there). */
export async function openPdf(path: string, query: Record<string, string | undefined>, _fileName: string): Promise<ApiResult<OpenedPdf>> {
  let res: Taro.downloadFile.FileSuccessCallbackResult
  try {
    res = await Taro.downloadFile({ url: apiUrl(path, query), header: authHeader('staff') })
  } catch {
    return networkFailure()
  }
  if (res.statusCode !== 200) {
    // the error body was saved as the "file": read it back for the code and message
    let data: unknown = null
    try {
      data = JSON.parse(String(Taro.getFileSystemManager().readFileSync(res.tempFilePath, 'utf8')))
    } catch {
      data = null
    }
    return toResult<OpenedPdf>(res.statusCode, data, 'staff')
  }
  try {
    await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf', showMenu: true })
  } catch {
    return { ok: false, status: 0, code: 'BAD_RESPONSE', message: '无法打开 PDF，请稍后重试' }
  }
  return { ok: true, data: { url: res.tempFilePath, bytes: 0 } }
}

/** Opens an already downloaded PDF again. */
export function reopenPdf(url: string): void {
  void Taro.openDocument({ filePath: url, fileType: 'pdf', showMenu: true }).catch(() => undefined)
}

/**
 * weapp: a paper the owner keeps, downloaded with the owner's token and opened in WeChat's
 * viewer with its menu (保存到手机 / 转发 / 打印 from there).
 */
export async function savePdf(path: string, _fileName: string): Promise<ApiResult<{ bytes: number }>> {
  let res: Taro.downloadFile.FileSuccessCallbackResult
  try {
    res = await Taro.downloadFile({ url: apiUrl(path, {}), header: authHeader('owner') })
  } catch {
    return networkFailure()
  }
  if (res.statusCode !== 200) {
    let data: unknown = null
    try {
      data = JSON.parse(String(Taro.getFileSystemManager().readFileSync(res.tempFilePath, 'utf8')))
    } catch {
      data = null
    }
    return toResult<{ bytes: number }>(res.statusCode, data, 'owner')
  }
  try {
    await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf', showMenu: true })
  } catch {
    return { ok: false, status: 0, code: 'BAD_RESPONSE', message: '无法打开 PDF，请稍后重试' }
  }
  return { ok: true, data: { bytes: 0 } }
}

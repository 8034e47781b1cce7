import Taro from '@tarojs/taro'
import type { PickedFile } from '../utils/files'
import type { SessionKind } from '../stores/session'
import { apiUrl, authHeader, networkFailure, toResult, type ApiResult } from './client'

/** Multipart upload (field `file`) through wx.uploadFile; same result shape as request(). */
export async function uploadFile<T>(path: string, picked: PickedFile, auth: SessionKind = 'owner'): Promise<ApiResult<T>> {
  if (!picked.path) return networkFailure()
  try {
    const res = await Taro.uploadFile({
      url: apiUrl(path),
      filePath: picked.path,
      name: 'file',
      header: authHeader(auth)
    })
    let data: unknown = res.data
    try {
      data = JSON.parse(res.data)
    } catch {
      // keep the raw text; toResult falls back to a generic message
    }
    return toResult<T>(res.statusCode, data, auth)
  } catch {
    return networkFailure()
  }
}

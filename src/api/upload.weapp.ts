import Taro from '@tarojs/taro'
import type { PickedFile } from '../utils/files'
import { apiUrl, authHeader, networkFailure, toResult, type ApiResult } from './client'

/** Multipart upload (field `file`) through wx.uploadFile; same result shape as request(). */
export async function uploadFile<T>(path: string, picked: PickedFile): Promise<ApiResult<T>> {
  if (!picked.path) return networkFailure()
  try {
    const res = await Taro.uploadFile({
      url: apiUrl(path),
      filePath: picked.path,
      name: 'file',
      header: authHeader('owner')
    })
    let data: unknown = res.data
    try {
      data = JSON.parse(res.data)
    } catch {
      // keep the raw text; toResult falls back to a generic message
    }
    return toResult<T>(res.statusCode, data, 'owner')
  } catch {
    return networkFailure()
  }
}

import Taro from '@tarojs/taro'
import { apiUrl, authHeader } from '../../api/client'

/** Downloads a protected file with the bearer token and opens it (PDF viewer or image preview). */
export async function openProtectedFile(url: string, auth: 'owner' | 'staff'): Promise<string | null> {
  try {
    const res = await Taro.downloadFile({ url: apiUrl(url), header: authHeader(auth) })
    if (res.statusCode !== 200) return '文件打开失败，请稍后重试'
    const type = String((res as { header?: Record<string, string> }).header?.['Content-Type'] ?? '')
    if (type.startsWith('image/')) await Taro.previewImage({ urls: [res.tempFilePath] })
    else await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf', showMenu: false })
    return null
  } catch {
    return '文件打开失败，请稍后重试'
  }
}

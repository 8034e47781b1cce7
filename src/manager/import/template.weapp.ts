import Taro from '@tarojs/taro'
import { apiUrl, authHeader } from '../../api/client'
import { IMPORT_TEMPLATE_PATH } from '../../api/imports'

/** weapp: download to a temp file and open it (the menu lets the manager forward or save it). */
export async function downloadTemplate(): Promise<string | null> {
  try {
    const res = await Taro.downloadFile({ url: apiUrl(IMPORT_TEMPLATE_PATH), header: authHeader('staff') })
    if (res.statusCode !== 200) return res.statusCode === 401 ? '登录已失效，请重新登录' : '模板下载失败，请稍后重试'
    await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true })
    return null
  } catch {
    return '模板下载失败，请稍后重试'
  }
}

import Taro from '@tarojs/taro'
import type { DashboardQuery } from '../../../types'
import { apiUrl, authHeader } from '../../api/client'
import { DASHBOARD_EXPORT_PATH } from '../../api/dashboard'

/** weapp: download to a temp file and open it (the menu lets the manager forward or save it). */
export async function exportDashboard(query: DashboardQuery, _fileName: string): Promise<string | null> {
  try {
    const res = await Taro.downloadFile({ url: apiUrl(DASHBOARD_EXPORT_PATH, { batch: query.batch, building: query.building }), header: authHeader('staff') })
    if (res.statusCode !== 200) return res.statusCode === 401 ? '登录已失效，请重新登录' : '导出失败，请稍后重试'
    await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true })
    return null
  } catch {
    return '导出失败，请稍后重试'
  }
}

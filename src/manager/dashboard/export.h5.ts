import type { DashboardQuery } from '../../../types'
import { apiUrl, authHeader } from '../../api/client'
import { DASHBOARD_EXPORT_PATH } from '../../api/dashboard'

/** H5: fetch the workbook with the bearer token (a plain link cannot carry it) and save it. */
export async function exportDashboard(query: DashboardQuery, fileName: string): Promise<string | null> {
  try {
    const res = await fetch(apiUrl(DASHBOARD_EXPORT_PATH, { batch: query.batch, building: query.building }), { headers: authHeader('staff') })
    if (!res.ok) return res.status === 401 ? '登录已失效，请重新登录' : '导出失败，请稍后重试'
    const blob = await res.blob()
    const url = URL.createObjectURL(blob)
    const a = document.createElement('a')
    a.href = url
    a.download = fileName
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10000)
    return null
  } catch {
    return '网络连接失败，请稍后重试'
  }
}

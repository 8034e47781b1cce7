import { apiUrl, authHeader } from '../../api/client'
import { IMPORT_TEMPLATE_PATH } from '../../api/imports'

/** H5: fetch the template with the bearer token and save it through a temporary link. */
export async function downloadTemplate(): Promise<string | null> {
  try {
    const res = await fetch(apiUrl(IMPORT_TEMPLATE_PATH), { headers: authHeader('staff') })
    if (!res.ok) return res.status === 401 ? '登录已失效，请重新登录' : '模板下载失败，请稍后重试'
    const blob = await res.blob()
    const url = URL.createObjectURL(blob)
    const a = document.createElement('a')
    a.href = url
    a.download = '业主名单导入模板.xlsx'
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10000)
    return null
  } catch {
    return '网络连接失败，请稍后重试'
  }
}

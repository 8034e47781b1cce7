import { apiUrl, authHeader } from '../../api/client'

/** Opens a protected PDF/image in a new tab (fetched with the bearer token). */
export async function openProtectedFile(url: string, auth: 'owner' | 'staff'): Promise<string | null> {
  try {
    const res = await fetch(apiUrl(url), { headers: authHeader(auth) })
    if (!res.ok) return '文件打开失败，请稍后重试'
    const blob = await res.blob()
    window.open(URL.createObjectURL(blob), '_blank', 'noopener')
    return null
  } catch {
    return '网络连接失败，请稍后重试'
  }
}

import Taro from '@tarojs/taro'
import { wxLogin } from '../api/entry'
import { setOwnerSession } from '../stores/session'

/** A fresh one-time wx.login code (each code can be exchanged once), or undefined. */
export async function getWxCode(): Promise<string | undefined> {
  try {
    const { code } = await Taro.login()
    return code || undefined
  } catch {
    return undefined
  }
}

/**
 * A returning owner whose WeChat account is already linked to a house skips the form.
 * Resolves true when a session was stored (the caller then goes home).
 */
export async function tryWxAutoLogin(): Promise<boolean> {
  const code = await getWxCode()
  if (!code) return false
  const res = await wxLogin(code)
  if (res.ok && res.data.linked) {
    setOwnerSession(res.data.session)
    return true
  }
  return false
}

import { ApiError } from '../../errors'
import { sha256 } from '../../lib/crypto'
import type { AppConfig } from '../../config'

export interface Code2Session {
  exchange(code: string): Promise<{ openid: string }>
}

const SANDBOX_CODE = /^sandbox-([A-Za-z0-9._~-]{1,100})$/

/**
 * Without WeChat credentials: a local stand-in that turns `sandbox-<anything>` into a stable
 * openid, so the weapp flow can be exercised offline. Any other code is refused like WeChat
 * refuses an invalid code.
 */
export function sandboxCode2Session(): Code2Session {
  return {
    async exchange(code) {
      const m = SANDBOX_CODE.exec(code)
      if (!m) throw new ApiError(401, 'WX_LOGIN_FAILED', '微信登录失败，请重新进入小程序')
      return { openid: `sbx_${sha256(m[1]).slice(0, 24)}` }
    }
  }
}

/** The real jscode2session endpoint (or a compatible one at `url`). */
export function httpCode2Session(url: string, appId: string, secret: string, fetchImpl: typeof fetch = fetch): Code2Session {
  return {
    async exchange(code) {
      const u = new URL(url)
      u.searchParams.set('appid', appId)
      u.searchParams.set('secret', secret)
      u.searchParams.set('js_code', code)
      u.searchParams.set('grant_type', 'authorization_code')
      let body: { openid?: string; errcode?: number }
      try {
        const res = await fetchImpl(u, { signal: AbortSignal.timeout(5000) })
        body = (await res.json()) as typeof body
      } catch {
        throw new ApiError(502, 'WX_LOGIN_FAILED', '微信服务暂时不可用，请稍后再试')
      }
      if (!body.openid || (body.errcode && body.errcode !== 0)) {
        throw new ApiError(401, 'WX_LOGIN_FAILED', '微信登录失败，请重新进入小程序')
      }
      return { openid: body.openid }
    }
  }
}

export function createCode2Session(config: AppConfig): Code2Session {
  if (config.wx.sandbox) {
    // production never accepts sandbox codes unless ANJIA_SANDBOX=1 (start-up refuses first)
    if (!config.sandboxAllowed) throw new Error('WX_APPID and WX_SECRET are required in production (or set ANJIA_SANDBOX=1)')
    return sandboxCode2Session()
  }
  if (!config.wx.appId || !config.wx.secret) throw new Error('WX_APPID and WX_SECRET are required when WX_CODE2SESSION_URL is set')
  return httpCode2Session(config.wx.code2SessionUrl, config.wx.appId, config.wx.secret)
}

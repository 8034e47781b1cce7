/*
 * Mini-program codes (wxacode.getUnlimited) for the printed notices, with the same pattern
 * as wechat/code2session.ts: a sandbox stand-in without a network, and the real endpoint.
 *
 * WeChat facts this follows (docs/domain.md "Going live" 4, "The notice"):
 *  1. codes never expire and are unlimited in number, but the call is limited to 5000 a
 *     minute: notices.service generates them ahead of time and caches them per token;
 *  2. `scene` is at most 32 visible characters; ours is the house's 10-character token;
 *  3. errcode 40169 = invalid scene, 41030 = page not published (we send check_path=false
 *     so an unpublished version still gets a code), reported per house, never thrown away;
 *  4. on success the answer is the image itself; on failure a JSON body with errcode;
 *  5. the access_token (cgi-bin/token) is cached until shortly before it expires, and
 *     dropped and fetched again once when WeChat says it is invalid (40001 / 42001).
 */
import QRCode from 'qrcode'

export const WXACODE_PAGE = 'pages/entry/index'
/**
 * WeChat's smallest width (default 430): 280 px across the printed 4.5 cm is still ~158 ppi,
 * plenty for a phone camera, and keeps a 2,000-page PDF of embedded codes at a size a print
 * shop accepts (each code is embedded once per page).
 */
export const WXACODE_WIDTH = 280

export class WxacodeError extends Error {
  constructor(
    /** WeChat's errcode, or 0 when WeChat could not be reached */
    readonly code: number,
    message: string
  ) {
    super(message)
    this.name = 'WxacodeError'
  }
}

export interface Wxacode {
  kind: 'sandbox' | 'wechat'
  /** the PNG of the code for `scene`; throws WxacodeError */
  getUnlimited(scene: string): Promise<Buffer>
}

const SCENE_RE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/

/**
 * Without a network: a real QR PNG of the H5 entry URL for the scene, so the wxacode path
 * (generate ahead, cache, print from the cache) runs end to end offline. Refuses a bad scene
 * the way WeChat does (40169).
 */
export function sandboxWxacode(entryUrlOf: (scene: string) => string): Wxacode {
  return {
    kind: 'sandbox',
    async getUnlimited(scene) {
      if (!SCENE_RE.test(scene)) throw new WxacodeError(40169, 'invalid scene')
      return QRCode.toBuffer(entryUrlOf(scene), { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8 })
    }
  }
}

export interface HttpWxacodeOptions {
  appId: string
  secret: string
  /** default https://api.weixin.qq.com */
  baseUrl?: string
  fetchImpl?: typeof fetch
  now?: () => Date
  /** `release` (default), `trial` or `develop` */
  envVersion?: string
}

/** The real endpoints: cgi-bin/token (cached) and wxa/getwxacodeunlimit. */
export function httpWxacode(o: HttpWxacodeOptions): Wxacode {
  const base = (o.baseUrl ?? 'https://api.weixin.qq.com').replace(/\/+$/, '')
  const fetchImpl = o.fetchImpl ?? fetch
  const now = o.now ?? (() => new Date())
  let token: { value: string; expiresAt: number } | null = null

  async function json(res: Response): Promise<Record<string, unknown>> {
    try {
      return (await res.json()) as Record<string, unknown>
    } catch {
      throw new WxacodeError(0, `微信接口返回了无法识别的内容（HTTP ${res.status}）`)
    }
  }

  async function accessToken(): Promise<string> {
    if (token && token.expiresAt > now().getTime()) return token.value
    const u = new URL(`${base}/cgi-bin/token`)
    u.searchParams.set('grant_type', 'client_credential')
    u.searchParams.set('appid', o.appId)
    u.searchParams.set('secret', o.secret)
    let body: Record<string, unknown>
    try {
      body = await json(await fetchImpl(u, { signal: AbortSignal.timeout(5000) }))
    } catch (err) {
      if (err instanceof WxacodeError) throw err
      throw new WxacodeError(0, '无法连接微信服务器')
    }
    if (typeof body.access_token !== 'string') {
      throw new WxacodeError(Number(body.errcode ?? 0), `获取 access_token 失败：${String(body.errmsg ?? '未知错误')}`)
    }
    const ttl = Number(body.expires_in ?? 7200)
    // five minutes early: a token that expires mid-batch would fail the rest of the batch
    token = { value: body.access_token, expiresAt: now().getTime() + Math.max(60, ttl - 300) * 1000 }
    return token.value
  }

  async function once(scene: string): Promise<Buffer | { errcode: number; errmsg: string }> {
    const at = await accessToken()
    let res: Response
    try {
      res = await fetchImpl(`${base}/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(at)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scene, page: WXACODE_PAGE, check_path: false, env_version: o.envVersion ?? 'release', width: WXACODE_WIDTH }),
        signal: AbortSignal.timeout(10000)
      })
    } catch {
      throw new WxacodeError(0, '无法连接微信服务器')
    }
    const type = res.headers.get('content-type') ?? ''
    if (res.ok && type.startsWith('image/')) return Buffer.from(await res.arrayBuffer())
    const body = await json(res)
    return { errcode: Number(body.errcode ?? 0), errmsg: String(body.errmsg ?? `HTTP ${res.status}`) }
  }

  return {
    kind: 'wechat',
    async getUnlimited(scene) {
      let r = await once(scene)
      if (!Buffer.isBuffer(r) && (r.errcode === 40001 || r.errcode === 42001)) {
        token = null
        r = await once(scene)
      }
      if (Buffer.isBuffer(r)) return r
      throw new WxacodeError(r.errcode, r.errmsg)
    }
  }
}

/**
 * null when the mini-program is not configured (no WX_APPID / WX_SECRET): notices then carry
 * the H5 entry URL's QR. With credentials and the sandbox code2session (WX_CODE2SESSION_URL
 * = sandbox:), the sandbox stand-in; otherwise WeChat itself.
 */
export function createWxacode(
  config: { publicUrl: string; wx: { appId?: string; secret?: string; sandbox: boolean } },
  entryUrlOf: (scene: string) => string
): Wxacode | null {
  if (!config.wx.appId || !config.wx.secret) return null
  if (config.wx.sandbox) return sandboxWxacode(entryUrlOf)
  return httpWxacode({ appId: config.wx.appId, secret: config.wx.secret })
}

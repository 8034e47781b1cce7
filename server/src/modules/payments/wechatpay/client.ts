import { buildAuthorization, type KeyLike } from './signing'
import { verifyResponseSignature } from './notify'
import { isTransaction, type Transaction, type WechatPayErrorBody } from './types'

export const WECHATPAY_BASE_URL = 'https://api.mch.weixin.qq.com'

/** The subset of `fetch` we use; the sandbox provides an in-process one. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

export interface CreateJsapiOrderInput {
  /** Our order number: 6-32 characters of [A-Za-z0-9_-|*], unique per merchant. */
  outTradeNo: string
  /** Shown to the payer in WeChat, at most 127 characters. */
  description: string
  /** Positive integer, in fen. */
  amountCents: number
  /** The payer's openid under the same appid. */
  openid: string
  /** HTTPS URL without query parameters (the sandbox also accepts http). */
  notifyUrl: string
}

/** What the payment service needs from WeChat Pay. */
export interface WechatPayClient {
  createJsapiOrder(input: CreateJsapiOrderInput): Promise<{ prepayId: string }>
  /** The order as WeChat knows it, or null when WeChat has no such order. */
  queryOrder(outTradeNo: string): Promise<Transaction | null>
  /**
   * Asks WeChat to close an unpaid order (204). Closing says nothing certain by itself (the
   * payer may have paid a moment before): callers confirm with queryOrder.
   */
  closeOrder(outTradeNo: string): Promise<void>
}

/**
 * A failed call. `code` is WeChat's own (PARAM_ERROR, SIGN_ERROR, OUT_TRADE_NO_USED…)
 * or one of ours: NETWORK_ERROR, RESPONSE_SIGNATURE_INVALID, MALFORMED_RESPONSE.
 * `status` is the HTTP status, 0 when no response arrived.
 */
export class WechatPayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
    this.name = 'WechatPayError'
  }
}

export const OUT_TRADE_NO_RE = /^[A-Za-z0-9_\-|*]{6,32}$/

export interface RealWechatPayClientOptions {
  mchid: string
  /** The mini-program appid bound to the merchant. */
  appid: string
  /** Serial number of the merchant API certificate. */
  serialNo: string
  privateKeyPem: KeyLike
  /** Platform public keys by serial, to verify responses. */
  platformPublicKeys: ReadonlyMap<string, KeyLike>
  baseUrl?: string
  fetch?: FetchLike
  now?: () => Date | number
  timeoutMs?: number
}

/** WeChat Pay API v3 over HTTPS, every request signed and every 2xx response verified. */
export class RealWechatPayClient implements WechatPayClient {
  private readonly baseUrl: string
  private readonly doFetch: FetchLike
  private readonly now: () => Date | number

  constructor(private readonly opts: RealWechatPayClientOptions) {
    this.baseUrl = (opts.baseUrl ?? WECHATPAY_BASE_URL).replace(/\/+$/, '')
    this.doFetch = opts.fetch ?? ((input, init) => fetch(input, init))
    this.now = opts.now ?? (() => Date.now())
  }

  async createJsapiOrder(input: CreateJsapiOrderInput): Promise<{ prepayId: string }> {
    assertOutTradeNo(input.outTradeNo)
    const res = await this.request('POST', '/v3/pay/transactions/jsapi', {
      appid: this.opts.appid,
      mchid: this.opts.mchid,
      description: input.description,
      out_trade_no: input.outTradeNo,
      notify_url: input.notifyUrl,
      amount: { total: input.amountCents, currency: 'CNY' },
      payer: { openid: input.openid }
    })
    const prepayId = (res as { prepay_id?: unknown } | null)?.prepay_id
    if (typeof prepayId !== 'string' || prepayId.length === 0) {
      throw new WechatPayError(502, 'MALFORMED_RESPONSE', '微信支付下单应答缺少 prepay_id')
    }
    return { prepayId }
  }

  async queryOrder(outTradeNo: string): Promise<Transaction | null> {
    assertOutTradeNo(outTradeNo)
    const path =
      `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}` +
      `?mchid=${encodeURIComponent(this.opts.mchid)}`
    try {
      const res = await this.request('GET', path)
      if (!isTransaction(res)) throw new WechatPayError(502, 'MALFORMED_RESPONSE', '微信支付查单应答格式不正确')
      return res
    } catch (err) {
      if (err instanceof WechatPayError && err.status === 404) return null
      throw err
    }
  }

  async closeOrder(outTradeNo: string): Promise<void> {
    assertOutTradeNo(outTradeNo)
    await this.request('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, { mchid: this.opts.mchid })
  }

  private async request(method: 'GET' | 'POST', urlPathWithQuery: string, payload?: unknown): Promise<unknown> {
    const body = payload === undefined ? '' : JSON.stringify(payload)
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': 'anjia-wechatpay/1.0',
      Authorization: buildAuthorization({
        mchid: this.opts.mchid,
        serialNo: this.opts.serialNo,
        privateKeyPem: this.opts.privateKeyPem,
        method,
        urlPathWithQuery,
        body,
        timestamp: Math.floor(toMs(this.now()) / 1000)
      })
    }
    if (payload !== undefined) headers['Content-Type'] = 'application/json'

    let res: Response
    let text: string
    try {
      res = await this.doFetch(this.baseUrl + urlPathWithQuery, {
        method,
        headers,
        body: payload === undefined ? undefined : body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000)
      })
      text = await res.text()
    } catch (err) {
      throw new WechatPayError(0, 'NETWORK_ERROR', `无法连接微信支付：${(err as Error).message}`)
    }

    if (!res.ok) {
      const e = parseJson(text) as Partial<WechatPayErrorBody> | undefined
      throw new WechatPayError(
        res.status,
        typeof e?.code === 'string' ? e.code : `HTTP_${res.status}`,
        typeof e?.message === 'string' ? e.message : `微信支付返回 HTTP ${res.status}`
      )
    }
    const check = verifyResponseSignature({
      headers: res.headers,
      rawBody: text,
      platformPublicKeys: this.opts.platformPublicKeys,
      now: this.now()
    })
    if (!check.ok) {
      throw new WechatPayError(502, 'RESPONSE_SIGNATURE_INVALID', `微信支付应答验签失败（${check.reason}）`)
    }
    if (text === '') return null
    const parsed = parseJson(text)
    if (parsed === undefined) throw new WechatPayError(502, 'MALFORMED_RESPONSE', '微信支付应答不是合法的 JSON')
    return parsed
  }
}

function assertOutTradeNo(outTradeNo: string): void {
  if (!OUT_TRADE_NO_RE.test(outTradeNo)) {
    throw new WechatPayError(400, 'PARAM_ERROR', '商户订单号须为 6-32 位字母、数字或 _-|*')
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export function toMs(now: Date | number): number {
  return typeof now === 'number' ? now : now.getTime()
}

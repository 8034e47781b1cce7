import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto'
import { verifyAuthorization, type KeyLike } from './signing'
import { beijingTime, buildSignedNotification, getHeader, signWechatpayHeaders, type HeaderSource } from './notify'
import {
  OUT_TRADE_NO_RE,
  RealWechatPayClient,
  WechatPayError,
  toMs,
  type CreateJsapiOrderInput,
  type FetchLike,
  type WechatPayClient
} from './client'
import type { TradeState, Transaction, WechatPayErrorBody } from './types'

export interface KeyPairWithSerial {
  privateKeyPem: string
  publicKeyPem: string
  /** 40 upper-case hex digits, like a certificate serial. */
  serialNo: string
}

/** Everything the sandbox needs; JSON-serialisable so the server can keep it in the database. */
export interface SandboxKeys {
  merchant: KeyPairWithSerial
  platform: KeyPairWithSerial
  /** 32 ASCII characters. */
  apiV3Key: string
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function rsaPair(): KeyPairWithSerial {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' }
  })
  return { privateKeyPem: privateKey, publicKeyPem: publicKey, serialNo: randomBytes(20).toString('hex').toUpperCase() }
}

/** Fresh merchant and platform RSA-2048 key pairs with serials, and an APIv3 key. */
export function generateSandboxKeys(): SandboxKeys {
  let apiV3Key = ''
  for (let i = 0; i < 32; i++) apiV3Key += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)]
  return { merchant: rsaPair(), platform: rsaPair(), apiV3Key }
}

/** One order as the sandbox stores it (JSON-serialisable). */
export interface SandboxOrderRecord {
  appid: string
  mchid: string
  outTradeNo: string
  description: string
  amountCents: number
  openid: string
  notifyUrl: string
  prepayId: string
  tradeState: TradeState
  transactionId?: string
  successTime?: string
  /** Less than amountCents when a (simulated) coupon paid part of it. */
  payerTotalCents?: number
  /** Id of the payment notification; retries and redeliveries reuse it, as WeChat does. */
  notificationId?: string
  createdAt: string
}

/**
 * Where the sandbox keeps its orders. In memory by default (unit tests); the server passes a
 * database-backed store (gateway.ts) so every API instance sees the same orders.
 */
export interface SandboxOrderStore {
  get(outTradeNo: string): Promise<SandboxOrderRecord | null>
  /** false when an order with this out_trade_no exists already (nothing written) */
  insert(order: SandboxOrderRecord): Promise<boolean>
  update(order: SandboxOrderRecord): Promise<void>
  /**
   * Compare-and-swap: writes `next` only while the stored record still equals `prev`; false
   * otherwise. A payment and a close of the same order at once (two instances) cannot both win.
   */
  replace(prev: SandboxOrderRecord, next: SandboxOrderRecord): Promise<boolean>
}

/** The in-memory store: orders restored from `orders`, `onChange` called with a snapshot after each write. */
export class MemorySandboxOrderStore implements SandboxOrderStore {
  private readonly orders = new Map<string, SandboxOrderRecord>()
  constructor(orders: SandboxOrderRecord[] = [], private readonly onChange?: (orders: SandboxOrderRecord[]) => void) {
    for (const o of orders) this.orders.set(o.outTradeNo, { ...o })
  }
  async get(outTradeNo: string) {
    const o = this.orders.get(outTradeNo)
    return o ? { ...o } : null
  }
  async insert(order: SandboxOrderRecord) {
    if (this.orders.has(order.outTradeNo)) return false
    this.orders.set(order.outTradeNo, { ...order })
    this.onChange?.(this.snapshot())
    return true
  }
  async update(order: SandboxOrderRecord) {
    this.orders.set(order.outTradeNo, { ...order })
    this.onChange?.(this.snapshot())
  }
  async replace(prev: SandboxOrderRecord, next: SandboxOrderRecord) {
    const cur = this.orders.get(prev.outTradeNo)
    if (!cur || JSON.stringify(cur) !== JSON.stringify(prev)) return false
    await this.update(next)
    return true
  }
  snapshot(): SandboxOrderRecord[] {
    return [...this.orders.values()].map((o) => ({ ...o }))
  }
}

export interface DeliveryResult {
  delivered: boolean
  attempts: number
  /** HTTP status of the last attempt, absent when it never got an answer. */
  lastStatus?: number
  lastError?: string
}

export interface SandboxResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export interface SandboxOptions {
  mchid: string
  appid: string
  keys: SandboxKeys
  /** Where orders live (the server: the database); default in memory, from `orders` and `onChange` */
  store?: SandboxOrderStore
  /** Orders restored from a previous run (in-memory store only). */
  orders?: SandboxOrderRecord[]
  /** Called with a snapshot after every change (in-memory store only). */
  onChange?: (orders: SandboxOrderRecord[]) => void
  now?: () => Date | number
  /** Used to POST notifications; defaults to the global fetch. */
  notifyFetch?: FetchLike
  /** Waits between delivery attempts; the number of attempts is length + 1. */
  retryDelaysMs?: number[]
  notifyTimeoutMs?: number
  sleep?: (ms: number) => Promise<void>
}

const DEFAULT_RETRY_DELAYS_MS = [1_000, 3_000, 10_000, 30_000]

const STATE_DESC: Record<TradeState, string> = {
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  NOTPAY: '未支付',
  CLOSED: '已关闭',
  REVOKED: '已撤销',
  USERPAYING: '用户支付中',
  PAYERROR: '支付失败，请重新下单支付'
}

/**
 * Plays WeChat Pay's part over the same protocol, in process, with its own keys: it checks
 * our signed requests against the merchant public key, signs its answers with its platform
 * key, and POSTs real encrypted, signed notifications to the notify_url.
 * As a WechatPayClient it drives the RealWechatPayClient through `this.fetch`, so the code
 * path the payment service uses is the one that talks to WeChat.
 */
export class SandboxWechatPay implements WechatPayClient {
  /** WeChat's API as a fetch function: route it with RealWechatPayClient({ fetch }). */
  readonly fetch: FetchLike
  /** The merchant-side client bound to this sandbox. */
  readonly client: RealWechatPayClient
  private readonly store: SandboxOrderStore
  private readonly memory: MemorySandboxOrderStore | null
  private readonly now: () => Date | number
  private readonly merchantKeys: ReadonlyMap<string, KeyLike>

  constructor(private readonly opts: SandboxOptions) {
    this.now = opts.now ?? (() => Date.now())
    this.memory = opts.store ? null : new MemorySandboxOrderStore(opts.orders, opts.onChange)
    this.store = opts.store ?? this.memory!
    this.merchantKeys = new Map([[opts.keys.merchant.serialNo, opts.keys.merchant.publicKeyPem]])
    this.fetch = async (input, init) => {
      const req = new Request(input, init)
      const url = new URL(req.url)
      const body = req.method === 'GET' || req.method === 'HEAD' ? '' : await req.text()
      const r = await this.handle({ method: req.method, urlPathWithQuery: url.pathname + url.search, headers: req.headers, body })
      return new Response(r.status === 204 ? null : r.body, { status: r.status, headers: r.headers })
    }
    this.client = new RealWechatPayClient({
      mchid: opts.mchid,
      appid: opts.appid,
      serialNo: opts.keys.merchant.serialNo,
      privateKeyPem: opts.keys.merchant.privateKeyPem,
      platformPublicKeys: this.platformPublicKeys(),
      fetch: this.fetch,
      now: this.now
    })
  }

  /** What the server must trust to verify this sandbox's responses and notifications. */
  platformPublicKeys(): Map<string, string> {
    return new Map([[this.opts.keys.platform.serialNo, this.opts.keys.platform.publicKeyPem]])
  }

  createJsapiOrder(input: CreateJsapiOrderInput): Promise<{ prepayId: string }> {
    return this.client.createJsapiOrder(input)
  }

  queryOrder(outTradeNo: string): Promise<Transaction | null> {
    return this.client.queryOrder(outTradeNo)
  }

  closeOrder(outTradeNo: string): Promise<void> {
    return this.client.closeOrder(outTradeNo)
  }

  /** The orders of the in-memory store (empty with another store). */
  snapshot(): SandboxOrderRecord[] {
    return this.memory?.snapshot() ?? []
  }

  /**
   * The payer completes (SUCCESS) or fails (PAYERROR) the payment. Like WeChat, only a
   * success is notified unless `notify` says otherwise; the result is always visible to
   * queryOrder. Resolves after delivery finished or gave up (it never rejects for delivery).
   */
  async pay(
    outTradeNo: string,
    opts: { result: 'SUCCESS' | 'PAYERROR'; notify?: boolean; payerTotalCents?: number }
  ): Promise<{ transaction: Transaction; delivery: DeliveryResult | null }> {
    let order: SandboxOrderRecord | null = null
    for (let attempt = 0; attempt < 5 && !order; attempt++) {
      const prev = await this.store.get(outTradeNo)
      if (!prev) throw new WechatPayError(404, 'ORDER_NOT_EXIST', '订单不存在')
      if (prev.tradeState === 'SUCCESS') throw new WechatPayError(400, 'ORDERPAID', '该订单已支付')
      if (prev.tradeState !== 'NOTPAY' && prev.tradeState !== 'USERPAYING') {
        throw new WechatPayError(400, 'ORDER_CLOSED', '订单状态不允许支付')
      }
      const ptc = opts.payerTotalCents
      if (ptc !== undefined && (!Number.isSafeInteger(ptc) || ptc < 0 || ptc > prev.amountCents)) {
        throw new WechatPayError(400, 'PARAM_ERROR', 'payerTotalCents 须为 0 到订单金额之间的整数')
      }
      const next: SandboxOrderRecord = { ...prev, tradeState: opts.result }
      if (opts.result === 'SUCCESS') {
        next.transactionId = `4200${String(toMs(this.now())).slice(-10)}${randomDigits(14)}`
        next.successTime = beijingTime(this.now())
        if (opts.payerTotalCents !== undefined) next.payerTotalCents = opts.payerTotalCents
      }
      next.notificationId = `EV-${randomBytes(10).toString('hex').toUpperCase()}`
      // a close (or another payment) changed the order meanwhile: look again
      if (await this.store.replace(prev, next)) order = next
    }
    if (!order) throw new WechatPayError(500, 'SYSTEM_ERROR', '系统繁忙，请稍后再试')
    const transaction = this.toTransaction(order)
    const notify = opts.notify ?? opts.result === 'SUCCESS'
    const delivery = notify ? await this.deliver(order, transaction) : null
    return { transaction, delivery }
  }

  /** Sends the notification of a paid order again, as WeChat's retries do (duplicates). */
  async redeliver(outTradeNo: string): Promise<DeliveryResult> {
    const order = await this.store.get(outTradeNo)
    if (!order) throw new WechatPayError(404, 'ORDER_NOT_EXIST', '订单不存在')
    if (order.tradeState !== 'SUCCESS') throw new WechatPayError(400, 'INVALID_REQUEST', '订单未支付成功，没有可重发的通知')
    return this.deliver(order, this.toTransaction(order))
  }

  /** One HTTP exchange with "WeChat": always answers, signed with the platform key. */
  async handle(req: { method: string; urlPathWithQuery: string; headers: HeaderSource; body: string }): Promise<SandboxResponse> {
    const auth = verifyAuthorization({
      header: getHeader(req.headers, 'Authorization'),
      method: req.method,
      urlPathWithQuery: req.urlPathWithQuery,
      body: req.body,
      merchantPublicKeys: this.merchantKeys,
      now: this.now()
    })
    if (!auth.ok) return this.error(401, 'SIGN_ERROR', `签名错误（${auth.reason}）`)
    if (auth.mchid !== this.opts.mchid) return this.error(401, 'SIGN_ERROR', '商户号与证书不匹配')

    const [path, query = ''] = req.urlPathWithQuery.split('?', 2)
    if (req.method === 'POST' && path === '/v3/pay/transactions/jsapi') return this.handleJsapi(req.body)
    const close = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(path)
    if (req.method === 'POST' && close) return this.handleClose(close[1], req.body)
    const m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(path)
    if (req.method === 'GET' && m) {
      let outTradeNo: string
      try {
        outTradeNo = decodeURIComponent(m[1])
      } catch {
        return this.error(400, 'PARAM_ERROR', '商户订单号格式错误')
      }
      const mchid = new URLSearchParams(query).get('mchid')
      if (!mchid) return this.error(400, 'PARAM_ERROR', '缺少参数 mchid')
      if (mchid !== this.opts.mchid) return this.error(400, 'PARAM_ERROR', 'mchid 与请求商户号不一致')
      const order = await this.store.get(outTradeNo)
      if (!order) return this.error(404, 'ORDER_NOT_EXIST', '订单不存在')
      return this.reply(200, this.toTransaction(order))
    }
    return this.error(404, 'NOT_FOUND', '接口不存在')
  }

  /** Close: an unpaid order becomes CLOSED (no payment possible afterwards); a paid one answers ORDERPAID. */
  private async handleClose(encoded: string, rawBody: string): Promise<SandboxResponse> {
    let outTradeNo: string
    let b: { mchid?: unknown }
    try {
      outTradeNo = decodeURIComponent(encoded)
      b = JSON.parse(rawBody)
    } catch {
      return this.error(400, 'PARAM_ERROR', '请求参数格式错误')
    }
    if (typeof b !== 'object' || b === null || b.mchid !== this.opts.mchid) return this.error(400, 'PARAM_ERROR', 'mchid 与请求商户号不一致')
    for (let attempt = 0; attempt < 5; attempt++) {
      const prev = await this.store.get(outTradeNo)
      if (!prev) return this.error(404, 'ORDER_NOT_EXIST', '订单不存在')
      if (prev.tradeState === 'SUCCESS' || prev.tradeState === 'REFUND') return this.error(400, 'ORDERPAID', '订单已支付')
      if (prev.tradeState === 'CLOSED' || prev.tradeState === 'REVOKED') return this.reply(204, undefined)
      if (await this.store.replace(prev, { ...prev, tradeState: 'CLOSED' })) return this.reply(204, undefined)
    }
    return this.error(500, 'SYSTEM_ERROR', '系统繁忙，请稍后再试')
  }

  private async handleJsapi(rawBody: string): Promise<SandboxResponse> {
    let b: Record<string, unknown>
    try {
      b = JSON.parse(rawBody)
    } catch {
      return this.error(400, 'PARAM_ERROR', '请求体不是合法的 JSON')
    }
    if (typeof b !== 'object' || b === null) return this.error(400, 'PARAM_ERROR', '请求体不是 JSON 对象')
    const amount = b.amount as { total?: unknown; currency?: unknown } | undefined
    const payer = b.payer as { openid?: unknown } | undefined
    if (b.appid !== this.opts.appid || b.mchid !== this.opts.mchid) {
      return this.error(400, 'APPID_MCHID_NOT_MATCH', 'appid 和 mch_id 不匹配')
    }
    if (typeof b.description !== 'string' || b.description.length === 0 || b.description.length > 127) {
      return this.error(400, 'PARAM_ERROR', 'description 须为 1-127 个字符')
    }
    if (typeof b.out_trade_no !== 'string' || !OUT_TRADE_NO_RE.test(b.out_trade_no)) {
      return this.error(400, 'PARAM_ERROR', 'out_trade_no 须为 6-32 位字母、数字或 _-|*')
    }
    if (typeof b.notify_url !== 'string' || !isNotifyUrl(b.notify_url)) {
      return this.error(400, 'PARAM_ERROR', 'notify_url 须为不带参数的 http(s) 地址')
    }
    if (
      typeof amount !== 'object' ||
      amount === null ||
      !Number.isSafeInteger(amount.total) ||
      (amount.total as number) <= 0 ||
      (amount.currency !== undefined && amount.currency !== 'CNY')
    ) {
      return this.error(400, 'PARAM_ERROR', 'amount.total 须为正整数（分），币种 CNY')
    }
    if (typeof payer !== 'object' || payer === null || typeof payer.openid !== 'string' || payer.openid === '') {
      return this.error(400, 'PARAM_ERROR', '缺少 payer.openid')
    }

    const existing = await this.store.get(b.out_trade_no)
    if (existing) return this.placedAgain(existing, b.description, amount.total as number, payer.openid, b.notify_url)

    const record: SandboxOrderRecord = {
      appid: this.opts.appid,
      mchid: this.opts.mchid,
      outTradeNo: b.out_trade_no,
      description: b.description,
      amountCents: amount.total as number,
      openid: payer.openid,
      notifyUrl: b.notify_url,
      prepayId: `wx${beijingTime(this.now()).replace(/\D/g, '').slice(0, 14)}${randomBytes(10).toString('hex')}`,
      tradeState: 'NOTPAY',
      createdAt: beijingTime(this.now())
    }
    if (!(await this.store.insert(record))) {
      // placed at the same moment through another instance: answer as WeChat does for a repeat
      const raced = await this.store.get(record.outTradeNo)
      if (raced) return this.placedAgain(raced, record.description, record.amountCents, record.openid, record.notifyUrl)
    }
    return this.reply(200, { prepay_id: record.prepayId })
  }

  private placedAgain(existing: SandboxOrderRecord, description: string, amountCents: number, openid: string, notifyUrl: string): SandboxResponse {
    if (existing.tradeState === 'SUCCESS') return this.error(400, 'ORDERPAID', '该订单已支付')
    if (existing.tradeState !== 'NOTPAY') return this.error(400, 'ORDER_CLOSED', '订单已关闭')
    const same =
      existing.description === description && existing.amountCents === amountCents && existing.openid === openid && existing.notifyUrl === notifyUrl
    // Same order placed again: WeChat answers with the same prepay_id.
    if (same) return this.reply(200, { prepay_id: existing.prepayId })
    return this.error(403, 'OUT_TRADE_NO_USED', '商户订单号重复')
  }

  private toTransaction(o: SandboxOrderRecord): Transaction {
    const tx: Transaction = {
      appid: o.appid,
      mchid: o.mchid,
      out_trade_no: o.outTradeNo,
      trade_type: 'JSAPI',
      trade_state: o.tradeState,
      trade_state_desc: STATE_DESC[o.tradeState],
      amount: { total: o.amountCents, currency: 'CNY' }
    }
    if (o.tradeState === 'SUCCESS' || o.tradeState === 'PAYERROR') {
      tx.bank_type = 'OTHERS'
      tx.attach = ''
      tx.payer = { openid: o.openid }
    }
    if (o.tradeState === 'SUCCESS') {
      tx.transaction_id = o.transactionId
      tx.success_time = o.successTime
      tx.amount = { total: o.amountCents, payer_total: o.payerTotalCents ?? o.amountCents, currency: 'CNY', payer_currency: 'CNY' }
    }
    return tx
  }

  private async deliver(order: SandboxOrderRecord, transaction: Transaction): Promise<DeliveryResult> {
    const { keys } = this.opts
    // One notification (same id and resource) for every attempt; headers re-signed each time.
    const { body } = buildSignedNotification({
      transaction,
      apiV3Key: keys.apiV3Key,
      platformPrivateKeyPem: keys.platform.privateKeyPem,
      platformSerial: keys.platform.serialNo,
      now: this.now(),
      id: order.notificationId
    })
    const delays = this.opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS
    const doFetch = this.opts.notifyFetch ?? ((input, init) => fetch(input, init))
    const sleep = this.opts.sleep ?? defaultSleep
    const result: DeliveryResult = { delivered: false, attempts: 0 }
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await sleep(delays[attempt - 1])
      result.attempts = attempt + 1
      try {
        const res = await doFetch(order.notifyUrl, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': 'Mozilla/4.0',
            ...signWechatpayHeaders({
              body,
              platformPrivateKeyPem: keys.platform.privateKeyPem,
              platformSerial: keys.platform.serialNo,
              timestamp: Math.floor(toMs(this.now()) / 1000)
            })
          },
          body,
          signal: AbortSignal.timeout(this.opts.notifyTimeoutMs ?? 5_000)
        })
        result.lastStatus = res.status
        delete result.lastError
        await res.arrayBuffer().catch(() => undefined)
        if (res.ok) {
          result.delivered = true
          return result
        }
      } catch (err) {
        delete result.lastStatus
        result.lastError = (err as Error).message
      }
    }
    return result
  }

  private reply(status: number, payload: unknown): SandboxResponse {
    const body = payload === undefined ? '' : JSON.stringify(payload)
    return {
      status,
      headers: {
        'Content-Type': 'application/json',
        'Request-ID': randomBytes(16).toString('hex'),
        ...signWechatpayHeaders({
          body,
          platformPrivateKeyPem: this.opts.keys.platform.privateKeyPem,
          platformSerial: this.opts.keys.platform.serialNo,
          timestamp: Math.floor(toMs(this.now()) / 1000)
        })
      },
      body
    }
  }

  private error(status: number, code: string, message: string): SandboxResponse {
    const payload: WechatPayErrorBody = { code, message }
    return this.reply(status, payload)
  }

}

function isNotifyUrl(s: string): boolean {
  try {
    const u = new URL(s)
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.search === '' && u.hash === ''
  } catch {
    return false
  }
}

function randomDigits(n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += String(randomInt(10))
  return s
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}

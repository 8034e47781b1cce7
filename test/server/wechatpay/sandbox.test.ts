import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  RealWechatPayClient,
  SandboxWechatPay,
  WechatPayError,
  buildAuthorization,
  checkTransactionAgainstOrder,
  generateSandboxKeys,
  parseAndVerify,
  type SandboxKeys,
  type Transaction
} from '../../../server/src/modules/payments/wechatpay'
import { APPID, MCHID, NOW, NOW_SEC, rsaPair } from './fixtures'

interface Received {
  headers: IncomingHttpHeaders
  body: string
}

/** A tiny merchant notify endpoint: records raw requests, answers with the scripted statuses. */
class NotifyEndpoint {
  readonly received: Received[] = []
  statuses: number[] = []
  /** When set, the endpoint verifies and decrypts like our server: 204 if valid, 401 if not. */
  verifyWith: { platformPublicKeys: Map<string, string>; apiV3Key: string } | null = null
  readonly accepted: Transaction[] = []
  private server!: Server
  url = ''

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        this.received.push({ headers: req.headers, body })
        if (this.verifyWith) {
          const parsed = parseAndVerify({ headers: req.headers, rawBody: body, now: NOW, ...this.verifyWith })
          if (parsed.ok) this.accepted.push(parsed.transaction)
          res.statusCode = parsed.ok ? 204 : 401
        } else {
          res.statusCode = this.statuses.shift() ?? 204
        }
        res.end()
      })
    })
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/payments/wechat/notify`
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}

let keys: SandboxKeys
let endpoint: NotifyEndpoint
let orderSeq = 0

beforeAll(async () => {
  keys = generateSandboxKeys()
  endpoint = new NotifyEndpoint()
  await endpoint.start()
})
afterAll(() => endpoint.stop())
beforeEach(() => {
  endpoint.received.length = 0
  endpoint.accepted.length = 0
  endpoint.statuses = []
  endpoint.verifyWith = null
})

function sandbox(extra: Partial<ConstructorParameters<typeof SandboxWechatPay>[0]> = {}): SandboxWechatPay {
  return new SandboxWechatPay({ mchid: MCHID, appid: APPID, keys, now: () => NOW, retryDelaysMs: [1, 1, 1], ...extra })
}

function order(amountCents = 268800) {
  orderSeq += 1
  return {
    outTradeNo: `AJ2025060800${String(orderSeq).padStart(4, '0')}`,
    description: '安家-物业费 3栋1单元1201 12个月',
    amountCents,
    openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    notifyUrl: endpoint.url
  }
}

describe('generateSandboxKeys', () => {
  it('makes two distinct RSA pairs with hex serials and a 32-character APIv3 key', () => {
    expect(keys.apiV3Key).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(keys.merchant.serialNo).toMatch(/^[0-9A-F]{40}$/)
    expect(keys.platform.serialNo).not.toBe(keys.merchant.serialNo)
    expect(keys.platform.privateKeyPem).not.toBe(keys.merchant.privateKeyPem)
    expect(keys.merchant.publicKeyPem).toContain('BEGIN PUBLIC KEY')
  })
})

describe('SandboxWechatPay', () => {
  it('creates an order from a signed request and shows it as NOTPAY', async () => {
    const s = sandbox()
    const o = order()
    const { prepayId } = await s.createJsapiOrder(o)
    expect(prepayId).toMatch(/^wx20250608103456[0-9a-f]{20}$/)
    const tx = await s.queryOrder(o.outTradeNo)
    expect(tx).toMatchObject({ out_trade_no: o.outTradeNo, trade_state: 'NOTPAY', amount: { total: 268800 }, mchid: MCHID, appid: APPID })
    expect(tx?.transaction_id).toBeUndefined()
  })

  it('pays and POSTs a notification that verifies with the platform key and decrypts', async () => {
    const s = sandbox()
    const o = order()
    await s.createJsapiOrder(o)
    const { delivery, transaction } = await s.pay(o.outTradeNo, { result: 'SUCCESS' })
    expect(delivery).toEqual({ delivered: true, attempts: 1, lastStatus: 204 })
    expect(endpoint.received).toHaveLength(1)

    const [req] = endpoint.received
    const parsed = parseAndVerify({
      headers: req.headers,
      rawBody: req.body,
      platformPublicKeys: s.platformPublicKeys(),
      apiV3Key: keys.apiV3Key,
      now: NOW
    })
    if (!parsed.ok) throw new Error(`notification refused: ${parsed.reason}`)
    expect(parsed.notification.event_type).toBe('TRANSACTION.SUCCESS')
    expect(parsed.transaction).toEqual(transaction)
    expect(parsed.transaction).toMatchObject({
      out_trade_no: o.outTradeNo,
      trade_state: 'SUCCESS',
      amount: { total: 268800, payer_total: 268800 },
      payer: { openid: o.openid },
      success_time: '2025-06-08T10:34:56+08:00'
    })
    expect(parsed.transaction.transaction_id).toMatch(/^4200\d{24}$/)
    expect(checkTransactionAgainstOrder(parsed.transaction, { ...o, mchid: MCHID, appid: APPID })).toEqual({ ok: true })

    // The same notification does not verify under a key that is not the sandbox's.
    const stranger = rsaPair()
    const refused = parseAndVerify({
      headers: req.headers,
      rawBody: req.body,
      platformPublicKeys: new Map([[keys.platform.serialNo, stranger.publicKeyPem]]),
      apiV3Key: keys.apiV3Key,
      now: NOW
    })
    expect(refused).toEqual({ ok: false, reason: 'bad_signature' })

    expect(await s.queryOrder(o.outTradeNo)).toEqual(transaction)
  })

  it('delivers to an endpoint that verifies and decrypts it on receipt', async () => {
    const s = sandbox()
    const o = order(52000)
    await s.createJsapiOrder(o)
    endpoint.verifyWith = { platformPublicKeys: s.platformPublicKeys(), apiV3Key: keys.apiV3Key }
    const { delivery } = await s.pay(o.outTradeNo, { result: 'SUCCESS', payerTotalCents: 50000 })
    expect(delivery).toEqual({ delivered: true, attempts: 1, lastStatus: 204 })
    expect(endpoint.accepted).toHaveLength(1)
    expect(endpoint.accepted[0]).toMatchObject({ out_trade_no: o.outTradeNo, amount: { total: 52000, payer_total: 50000 } })
  })

  it('keeps retrying, then gives up, when the endpoint holds another APIv3 key', async () => {
    const s = sandbox()
    const o = order()
    await s.createJsapiOrder(o)
    endpoint.verifyWith = { platformPublicKeys: s.platformPublicKeys(), apiV3Key: generateSandboxKeys().apiV3Key }
    const { delivery } = await s.pay(o.outTradeNo, { result: 'SUCCESS' })
    expect(delivery).toEqual({ delivered: false, attempts: 4, lastStatus: 401 })
    expect(endpoint.accepted).toHaveLength(0)
  })

  it('retries a refused notification and sends the same notification each time', async () => {
    const s = sandbox()
    const o = order()
    await s.createJsapiOrder(o)
    endpoint.statuses = [500, 503]
    const { delivery } = await s.pay(o.outTradeNo, { result: 'SUCCESS' })
    expect(delivery).toEqual({ delivered: true, attempts: 3, lastStatus: 204 })
    expect(endpoint.received).toHaveLength(3)
    expect(new Set(endpoint.received.map((r) => r.body)).size).toBe(1)
  })

  it('gives up after the last retry without throwing', async () => {
    const s = sandbox({ retryDelaysMs: [1, 1] })
    const o = order()
    await s.createJsapiOrder(o)
    endpoint.statuses = [500, 500, 500]
    const { delivery } = await s.pay(o.outTradeNo, { result: 'SUCCESS' })
    expect(delivery).toEqual({ delivered: false, attempts: 3, lastStatus: 500 })
  })

  it('sends a duplicate with the same notification id on redeliver', async () => {
    const s = sandbox()
    const o = order()
    await s.createJsapiOrder(o)
    await s.pay(o.outTradeNo, { result: 'SUCCESS' })
    await s.redeliver(o.outTradeNo)
    expect(endpoint.received).toHaveLength(2)
    const [first, second] = endpoint.received.map((r) => JSON.parse(r.body))
    expect(second.id).toBe(first.id)
    const keysOf = s.platformPublicKeys()
    for (const r of endpoint.received) {
      const parsed = parseAndVerify({ headers: r.headers, rawBody: r.body, platformPublicKeys: keysOf, apiV3Key: keys.apiV3Key, now: NOW })
      expect(parsed).toMatchObject({ ok: true, transaction: { out_trade_no: o.outTradeNo, trade_state: 'SUCCESS' } })
    }
  })

  it('records PAYERROR without a notification, like WeChat, and shows it to queryOrder', async () => {
    const s = sandbox()
    const o = order()
    await s.createJsapiOrder(o)
    const { delivery } = await s.pay(o.outTradeNo, { result: 'PAYERROR' })
    expect(delivery).toBeNull()
    expect(endpoint.received).toHaveLength(0)
    expect(await s.queryOrder(o.outTradeNo)).toMatchObject({ trade_state: 'PAYERROR' })
    await expect(s.pay(o.outTradeNo, { result: 'SUCCESS' })).rejects.toMatchObject({ code: 'ORDER_CLOSED' })
  })

  it('refuses to pay an order twice', async () => {
    const s = sandbox()
    const o = order()
    await s.createJsapiOrder(o)
    await s.pay(o.outTradeNo, { result: 'SUCCESS' })
    await expect(s.pay(o.outTradeNo, { result: 'SUCCESS' })).rejects.toMatchObject({ code: 'ORDERPAID' })
  })

  it('answers the same prepay_id to the same order and refuses a reused number with other terms', async () => {
    const s = sandbox()
    const o = order()
    const first = await s.createJsapiOrder(o)
    expect(await s.createJsapiOrder(o)).toEqual(first)
    await expect(s.createJsapiOrder({ ...o, amountCents: 1 })).rejects.toMatchObject({ status: 403, code: 'OUT_TRADE_NO_USED' })
  })

  it('validates the order as WeChat does', async () => {
    const s = sandbox()
    await expect(s.createJsapiOrder({ ...order(), amountCents: 0 })).rejects.toMatchObject({ status: 400, code: 'PARAM_ERROR' })
    await expect(s.createJsapiOrder({ ...order(), amountCents: 1.5 })).rejects.toMatchObject({ code: 'PARAM_ERROR' })
    await expect(s.createJsapiOrder({ ...order(), notifyUrl: `${endpoint.url}?a=1` })).rejects.toMatchObject({ code: 'PARAM_ERROR' })
    await expect(s.createJsapiOrder({ ...order(), outTradeNo: 'AB' })).rejects.toMatchObject({ code: 'PARAM_ERROR' })
  })

  it('returns null for an order it does not know', async () => {
    expect(await sandbox().queryOrder('AJ_UNKNOWN_01')).toBeNull()
  })

  it('restores orders from a snapshot handed back by the caller', async () => {
    let saved: unknown = null
    const s = sandbox({ onChange: (orders) => (saved = JSON.parse(JSON.stringify(orders))) })
    const o = order()
    await s.createJsapiOrder(o)
    await s.pay(o.outTradeNo, { result: 'SUCCESS', notify: false })
    const restored = sandbox({ orders: saved as never })
    expect(await restored.queryOrder(o.outTradeNo)).toMatchObject({ trade_state: 'SUCCESS' })
  })

  describe('refuses a request with a bad Authorization', () => {
    const path = '/v3/pay/transactions/jsapi'
    const body = () =>
      JSON.stringify({
        appid: APPID,
        mchid: MCHID,
        description: '物业费',
        out_trade_no: order().outTradeNo,
        notify_url: endpoint.url,
        amount: { total: 100, currency: 'CNY' },
        payer: { openid: 'o1' }
      })
    const post = (s: SandboxWechatPay, b: string, authorization?: string) =>
      s.fetch(`https://api.mch.weixin.qq.com${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
        body: b
      })
    const auth = (b: string, over: Partial<Parameters<typeof buildAuthorization>[0]> = {}) =>
      buildAuthorization({
        mchid: MCHID,
        serialNo: keys.merchant.serialNo,
        privateKeyPem: keys.merchant.privateKeyPem,
        method: 'POST',
        urlPathWithQuery: path,
        body: b,
        timestamp: NOW_SEC,
        ...over
      })

    it('accepts the well-signed control request', async () => {
      const b = body()
      const res = await post(sandbox(), b, auth(b))
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ prepay_id: expect.stringMatching(/^wx/) })
    })

    it.each([
      ['no header', (b: string) => [b, undefined] as const],
      ['another private key', (b: string) => [b, auth(b, { privateKeyPem: rsaPair().privateKeyPem })] as const],
      ['a body changed after signing', (b: string) => [b.replace('"total":100', '"total":1'), auth(b)] as const],
      ['an unknown serial', (b: string) => [b, auth(b, { serialNo: 'ABCDEF' })] as const],
      ['a stale timestamp', (b: string) => [b, auth(b, { timestamp: NOW_SEC - 600 })] as const],
      ['another merchant id', (b: string) => [b, auth(b, { mchid: '1900000110' })] as const]
    ])('%s → 401 SIGN_ERROR, order not created', async (_name, make) => {
      const s = sandbox()
      const b = body()
      const [sent, authorization] = make(b)
      const res = await post(s, sent, authorization)
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({ code: 'SIGN_ERROR' })
      expect(s.snapshot()).toEqual([])
    })

    it('surfaces as WechatPayError SIGN_ERROR through a client holding the wrong merchant key', async () => {
      const s = sandbox()
      const client = new RealWechatPayClient({
        mchid: MCHID,
        appid: APPID,
        serialNo: keys.merchant.serialNo,
        privateKeyPem: rsaPair().privateKeyPem,
        platformPublicKeys: s.platformPublicKeys(),
        fetch: s.fetch,
        now: () => NOW
      })
      const err = await client.createJsapiOrder(order()).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(WechatPayError)
      expect(err).toMatchObject({ status: 401, code: 'SIGN_ERROR' })
    })
  })

  it('makes the client refuse a response not signed by the trusted platform key', async () => {
    const s = sandbox()
    const client = new RealWechatPayClient({
      mchid: MCHID,
      appid: APPID,
      serialNo: keys.merchant.serialNo,
      privateKeyPem: keys.merchant.privateKeyPem,
      platformPublicKeys: new Map([[keys.platform.serialNo, rsaPair().publicKeyPem]]),
      fetch: s.fetch,
      now: () => NOW
    })
    await expect(client.createJsapiOrder(order())).rejects.toMatchObject({ code: 'RESPONSE_SIGNATURE_INVALID' })
  })

  it('reports an unreachable notify URL as undelivered', async () => {
    const s = sandbox({ retryDelaysMs: [1] })
    const o = { ...order(), notifyUrl: 'http://127.0.0.1:1/notify' }
    await s.createJsapiOrder(o)
    const { delivery } = await s.pay(o.outTradeNo, { result: 'SUCCESS' })
    expect(delivery).toMatchObject({ delivered: false, attempts: 2, lastError: expect.any(String) })
  })
})

import { createVerify } from 'node:crypto'
import {
  buildAuthorization,
  buildJsapiPayParams,
  parseAuthorization,
  verifyAuthorization
} from '../../../server/src/modules/payments/wechatpay'
import { MCHID, NOW, NOW_SEC, rsaPair } from './fixtures'

const merchant = rsaPair()
const other = rsaPair()
const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1'

// The message is rebuilt here from the documentation, not with the module's helper.
function verifies(message: string, signature: string, publicKeyPem: string): boolean {
  const v = createVerify('RSA-SHA256')
  v.update(message)
  return v.verify(publicKeyPem, signature, 'base64')
}

const ORDER_BODY = '{"appid":"wx8888888888888888","amount":{"total":100}}'

describe('buildAuthorization', () => {
  const header = buildAuthorization({
    mchid: MCHID,
    serialNo: SERIAL,
    privateKeyPem: merchant.privateKeyPem,
    method: 'POST',
    urlPathWithQuery: '/v3/pay/transactions/jsapi',
    body: ORDER_BODY,
    timestamp: NOW_SEC,
    nonce: '593BEC0C930BF1AFEB40B4A08C8FB242'
  })

  it('has the documented scheme and field order', () => {
    expect(header).toMatch(
      new RegExp(
        `^WECHATPAY2-SHA256-RSA2048 mchid="${MCHID}",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",` +
          `signature="[A-Za-z0-9+/]+={0,2}",timestamp="${NOW_SEC}",serial_no="${SERIAL}"$`
      )
    )
  })

  it('signs METHOD\\nURL\\nTIMESTAMP\\nNONCE\\nBODY\\n with the merchant key', () => {
    const signature = /signature="([^"]+)"/.exec(header)![1]
    const message = `POST\n/v3/pay/transactions/jsapi\n${NOW_SEC}\n593BEC0C930BF1AFEB40B4A08C8FB242\n${ORDER_BODY}\n`
    expect(verifies(message, signature, merchant.publicKeyPem)).toBe(true)
    expect(verifies(message, signature, other.publicKeyPem)).toBe(false)
  })

  it('signs an empty body line for GET requests', () => {
    const get = buildAuthorization({
      mchid: MCHID,
      serialNo: SERIAL,
      privateKeyPem: merchant.privateKeyPem,
      method: 'GET',
      urlPathWithQuery: '/v3/pay/transactions/out-trade-no/AJ001?mchid=1900000109',
      timestamp: NOW_SEC,
      nonce: 'N1'
    })
    const signature = parseAuthorization(get)!.signature
    const message = `GET\n/v3/pay/transactions/out-trade-no/AJ001?mchid=1900000109\n${NOW_SEC}\nN1\n\n`
    expect(verifies(message, signature, merchant.publicKeyPem)).toBe(true)
  })

  it('uses a fresh 32-character nonce and the current time when none is given', () => {
    const a = parseAuthorization(
      buildAuthorization({ mchid: MCHID, serialNo: SERIAL, privateKeyPem: merchant.privateKeyPem, method: 'GET', urlPathWithQuery: '/x' })
    )!
    const b = parseAuthorization(
      buildAuthorization({ mchid: MCHID, serialNo: SERIAL, privateKeyPem: merchant.privateKeyPem, method: 'GET', urlPathWithQuery: '/x' })
    )!
    expect(a.nonce_str).toMatch(/^[A-Z0-9]{32}$/)
    expect(a.nonce_str).not.toBe(b.nonce_str)
    expect(a.timestamp).toMatch(/^\d{10}$/)
  })
})

describe('verifyAuthorization (what the sandbox checks)', () => {
  const keys = new Map([[SERIAL, merchant.publicKeyPem]])
  const sign = (over: Partial<Parameters<typeof buildAuthorization>[0]> = {}) =>
    buildAuthorization({
      mchid: MCHID,
      serialNo: SERIAL,
      privateKeyPem: merchant.privateKeyPem,
      method: 'POST',
      urlPathWithQuery: '/v3/pay/transactions/jsapi',
      body: ORDER_BODY,
      timestamp: NOW_SEC,
      ...over
    })
  const check = (header: string | undefined, body = ORDER_BODY, path = '/v3/pay/transactions/jsapi') =>
    verifyAuthorization({ header, method: 'POST', urlPathWithQuery: path, body, merchantPublicKeys: keys, now: NOW })

  it('accepts a correctly signed request', () => {
    expect(check(sign())).toEqual({ ok: true, mchid: MCHID, serialNo: SERIAL })
  })
  it('refuses a request signed with another key', () => {
    expect(check(sign({ privateKeyPem: other.privateKeyPem }))).toEqual({ ok: false, reason: 'bad_signature' })
  })
  it('refuses a body changed after signing', () => {
    expect(check(sign(), ORDER_BODY.replace('100', '1'))).toEqual({ ok: false, reason: 'bad_signature' })
  })
  it('refuses a different path', () => {
    expect(check(sign(), ORDER_BODY, '/v3/pay/transactions/native')).toEqual({ ok: false, reason: 'bad_signature' })
  })
  it('refuses an unknown certificate serial', () => {
    expect(check(sign({ serialNo: 'FFFF' }))).toEqual({ ok: false, reason: 'unknown_serial' })
  })
  it('refuses a timestamp 6 minutes old', () => {
    expect(check(sign({ timestamp: NOW_SEC - 360 }))).toEqual({ ok: false, reason: 'stale_timestamp' })
  })
  it('refuses missing, foreign-scheme and duplicated-field headers', () => {
    expect(check(undefined)).toEqual({ ok: false, reason: 'malformed' })
    expect(check(sign().replace('WECHATPAY2-SHA256-RSA2048', 'Bearer'))).toEqual({ ok: false, reason: 'malformed' })
    expect(check(`${sign()},mchid="1"`)).toEqual({ ok: false, reason: 'malformed' })
  })
})

describe('buildJsapiPayParams', () => {
  const params = buildJsapiPayParams({
    appId: 'wx8888888888888888',
    prepayId: 'wx201410272009395522657a690389285100',
    privateKeyPem: merchant.privateKeyPem,
    timestamp: NOW_SEC,
    nonce: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS'
  })

  it('returns what Taro.requestPayment takes', () => {
    expect(params).toEqual({
      timeStamp: String(NOW_SEC),
      nonceStr: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
      package: 'prepay_id=wx201410272009395522657a690389285100',
      signType: 'RSA',
      paySign: expect.any(String)
    })
  })

  it('paySign verifies over appId\\ntimeStamp\\nnonceStr\\npackage\\n', () => {
    const message = `wx8888888888888888\n${NOW_SEC}\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n`
    expect(verifies(message, params.paySign, merchant.publicKeyPem)).toBe(true)
    expect(verifies(message.replace('wx8888888888888888', 'wx9999999999999999'), params.paySign, merchant.publicKeyPem)).toBe(false)
  })
})

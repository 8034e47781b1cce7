import {
  buildSignedNotification,
  parseAndVerify,
  signWechatpayHeaders,
  verifyNotification,
  type SignedNotification
} from '../../../server/src/modules/payments/wechatpay'
import { NOW, NOW_SEC, paidTransaction, rsaPair } from './fixtures'

const platform = rsaPair()
const impostor = rsaPair()
const SERIAL = 'PUB_KEY_ID_0114232004112025061800000000000001'
const API_V3_KEY = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6'
const keys = new Map([[SERIAL, platform.publicKeyPem]])

function notification(over: { now?: number; privateKeyPem?: string } = {}): SignedNotification {
  return buildSignedNotification({
    transaction: paidTransaction(),
    apiV3Key: API_V3_KEY,
    platformPrivateKeyPem: over.privateKeyPem ?? platform.privateKeyPem,
    platformSerial: SERIAL,
    now: over.now ?? NOW.getTime()
  })
}

const verify = (headers: Record<string, string | string[] | undefined>, rawBody: string | Buffer) =>
  verifyNotification({ headers, rawBody, platformPublicKeys: keys, now: NOW })

describe('verifyNotification', () => {
  it('accepts a notification signed by the platform key', () => {
    const n = notification()
    expect(verify(n.headers, n.body)).toEqual({ ok: true })
  })

  it('finds the headers whatever their case (Node lower-cases them)', () => {
    const n = notification()
    const lower = Object.fromEntries(Object.entries(n.headers).map(([k, v]) => [k.toLowerCase(), v]))
    expect(verify(lower, n.body)).toEqual({ ok: true })
    expect(verifyNotification({ headers: new Headers(n.headers), rawBody: n.body, platformPublicKeys: keys, now: NOW })).toEqual({ ok: true })
  })

  it('accepts the raw body as a Buffer', () => {
    const n = notification()
    expect(verify(n.headers, Buffer.from(n.body, 'utf8'))).toEqual({ ok: true })
  })

  it('refuses a signature made with another key under the platform serial', () => {
    const n = notification({ privateKeyPem: impostor.privateKeyPem })
    expect(verify(n.headers, n.body)).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('refuses a body changed by one byte', () => {
    const n = notification()
    const i = n.body.indexOf('TRANSACTION.SUCCESS')
    const changed = n.body.slice(0, i) + 't' + n.body.slice(i + 1)
    expect(changed).not.toBe(n.body)
    expect(verify(n.headers, changed)).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('refuses the same JSON re-serialised with other spacing', () => {
    const n = notification()
    const reserialised = JSON.stringify(JSON.parse(n.body), null, 1)
    expect(JSON.parse(reserialised)).toEqual(JSON.parse(n.body))
    expect(verify(n.headers, reserialised)).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('refuses a notification signed 6 minutes ago', () => {
    const n = notification({ now: NOW.getTime() - 6 * 60_000 })
    expect(verify(n.headers, n.body)).toEqual({ ok: false, reason: 'stale_timestamp' })
  })

  it('refuses a notification dated 6 minutes ahead', () => {
    const n = notification({ now: NOW.getTime() + 6 * 60_000 })
    expect(verify(n.headers, n.body)).toEqual({ ok: false, reason: 'stale_timestamp' })
  })

  it('accepts exactly 5 minutes of skew and refuses 5 minutes and 1 second', () => {
    const at300 = notification({ now: NOW.getTime() - 300_000 })
    const at301 = notification({ now: NOW.getTime() - 301_000 })
    expect(verify(at300.headers, at300.body)).toEqual({ ok: true })
    expect(verify(at301.headers, at301.body)).toEqual({ ok: false, reason: 'stale_timestamp' })
  })

  it('refuses a non-numeric timestamp', () => {
    const n = notification()
    expect(verify({ ...n.headers, 'Wechatpay-Timestamp': `${NOW_SEC}.0` }, n.body)).toEqual({ ok: false, reason: 'stale_timestamp' })
  })

  it("refuses WeChat's SIGNTEST probe", () => {
    const n = notification()
    const headers = { ...n.headers, 'Wechatpay-Signature': `WECHATPAY/SIGNTEST/${n.headers['Wechatpay-Signature']}` }
    expect(verify(headers, n.body)).toEqual({ ok: false, reason: 'signtest' })
  })

  it('refuses an unknown serial', () => {
    const n = notification()
    expect(verify({ ...n.headers, 'Wechatpay-Serial': 'PUB_KEY_ID_UNKNOWN' }, n.body)).toEqual({ ok: false, reason: 'unknown_serial' })
  })

  it.each(['Wechatpay-Timestamp', 'Wechatpay-Nonce', 'Wechatpay-Signature', 'Wechatpay-Serial'])('refuses a missing %s', (name) => {
    const n = notification()
    const headers: Record<string, string> = { ...n.headers }
    delete headers[name]
    expect(verify(headers, n.body)).toEqual({ ok: false, reason: 'missing_headers' })
  })

  it('refuses a header sent twice', () => {
    const n = notification()
    const sig = n.headers['Wechatpay-Signature']
    expect(verify({ ...n.headers, 'Wechatpay-Signature': [sig, sig] }, n.body)).toEqual({ ok: false, reason: 'missing_headers' })
  })

  it('refuses a signature that is not base64', () => {
    const n = notification()
    expect(verify({ ...n.headers, 'Wechatpay-Signature': 'not base64!' }, n.body)).toEqual({ ok: false, reason: 'bad_signature' })
  })
})

describe('parseAndVerify', () => {
  const run = (headers: Record<string, string>, rawBody: string, apiV3Key = API_V3_KEY) =>
    parseAndVerify({ headers, rawBody, platformPublicKeys: keys, apiV3Key, now: NOW })
  const resign = (body: string) => ({
    'Content-Type': 'application/json',
    ...signWechatpayHeaders({ body, platformPrivateKeyPem: platform.privateKeyPem, platformSerial: SERIAL, timestamp: NOW_SEC })
  })

  it('returns the envelope and the decrypted transaction', () => {
    const n = notification()
    const r = run(n.headers, n.body)
    expect(r).toEqual({ ok: true, notification: n.envelope, transaction: paidTransaction() })
    if (r.ok) {
      expect(r.notification.event_type).toBe('TRANSACTION.SUCCESS')
      expect(r.notification.resource.associated_data).toBe('transaction')
    }
  })

  it('passes signature failures through', () => {
    const n = notification()
    expect(run(n.headers, n.body + ' ')).toEqual({ ok: false, reason: 'bad_signature' })
  })

  it('reports a resource encrypted under another APIv3 key', () => {
    const n = notification()
    expect(run(n.headers, n.body, 'Z'.repeat(32))).toEqual({ ok: false, reason: 'decrypt_failed' })
  })

  it('reports a signed body that is not JSON', () => {
    expect(run(resign('hello'), 'hello')).toEqual({ ok: false, reason: 'malformed_body' })
  })

  it('refuses a refund notification on the payment endpoint', () => {
    const env = notification().envelope
    const body = JSON.stringify({ ...env, resource: { ...env.resource, original_type: 'refund' } })
    expect(run(resign(body), body)).toEqual({ ok: false, reason: 'unexpected_resource' })
  })

  it('refuses a decrypted object that is not a transaction', () => {
    const n = buildSignedNotification({
      transaction: { ...paidTransaction(), amount: { total: '268800' } } as never,
      apiV3Key: API_V3_KEY,
      platformPrivateKeyPem: platform.privateKeyPem,
      platformSerial: SERIAL,
      now: NOW
    })
    expect(run(n.headers, n.body)).toEqual({ ok: false, reason: 'malformed_transaction' })
  })
})

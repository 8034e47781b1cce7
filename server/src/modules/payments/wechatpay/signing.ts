import { createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto'

/** A PEM string or an already parsed key. */
export type KeyLike = string | KeyObject

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048'

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** 32 random characters from [A-Z0-9], the shape WeChat's own SDKs use for nonce_str. */
export function randomNonce(length = 32): string {
  const bytes = randomBytes(length)
  let out = ''
  // 36 does not divide 256, the bias (<0.4 %) is irrelevant for a nonce.
  for (let i = 0; i < length; i++) out += NONCE_ALPHABET[bytes[i] % NONCE_ALPHABET.length]
  return out
}

/** Unix time in whole seconds, as WeChat writes it. */
export function unixSeconds(now: Date | number = Date.now()): string {
  const ms = typeof now === 'number' ? now : now.getTime()
  return String(Math.floor(ms / 1000))
}

/** Every WeChat Pay v3 signature is over lines that each end with "\n". */
export function buildSignMessage(lines: readonly string[]): string {
  return lines.map((l) => `${l}\n`).join('')
}

/** SHA256withRSA (PKCS#1 v1.5), base64. */
export function signSha256Rsa(message: string | Buffer, privateKey: KeyLike): string {
  const signer = createSign('RSA-SHA256')
  signer.update(message)
  return signer.sign(privateKey, 'base64')
}

/** Verifies a base64 SHA256withRSA signature; malformed input is simply `false`. */
export function verifySha256Rsa(message: string | Buffer, signatureBase64: string, publicKey: KeyLike): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64)) return false
  try {
    const verifier = createVerify('RSA-SHA256')
    verifier.update(message)
    return verifier.verify(publicKey, signatureBase64, 'base64')
  } catch {
    // An unparsable key or signature is a failed verification, not a crash.
    return false
  }
}

export interface AuthorizationInput {
  mchid: string
  /** Serial number of the merchant API certificate. */
  serialNo: string
  privateKeyPem: KeyLike
  method: string
  /** Path plus query exactly as sent, e.g. `/v3/pay/transactions/out-trade-no/X?mchid=1`. */
  urlPathWithQuery: string
  /** The exact body string sent; '' for GET. */
  body?: string
  timestamp?: string | number
  nonce?: string
}

/** Message signed for the Authorization header: METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n. */
export function authorizationMessage(p: {
  method: string
  urlPathWithQuery: string
  timestamp: string
  nonce: string
  body: string
}): string {
  return buildSignMessage([p.method.toUpperCase(), p.urlPathWithQuery, p.timestamp, p.nonce, p.body])
}

/** `Authorization` header value for a request to the WeChat Pay v3 API. */
export function buildAuthorization(input: AuthorizationInput): string {
  const timestamp = input.timestamp === undefined ? unixSeconds() : String(input.timestamp)
  const nonce = input.nonce ?? randomNonce()
  const signature = signSha256Rsa(
    authorizationMessage({
      method: input.method,
      urlPathWithQuery: input.urlPathWithQuery,
      timestamp,
      nonce,
      body: input.body ?? ''
    }),
    input.privateKeyPem
  )
  return (
    `${AUTH_SCHEMA} mchid="${input.mchid}",nonce_str="${nonce}",signature="${signature}",` +
    `timestamp="${timestamp}",serial_no="${input.serialNo}"`
  )
}

export interface ParsedAuthorization {
  mchid: string
  nonce_str: string
  signature: string
  timestamp: string
  serial_no: string
}

/** Parses an Authorization header built by `buildAuthorization`; null when malformed. */
export function parseAuthorization(header: string | undefined | null): ParsedAuthorization | null {
  if (!header) return null
  const prefix = `${AUTH_SCHEMA} `
  if (!header.startsWith(prefix)) return null
  const fields: Record<string, string> = {}
  const re = /\s*([a-z_]+)="([^"]*)"\s*(?:,|$)/gy
  const rest = header.slice(prefix.length)
  let m: RegExpExecArray | null
  let consumed = 0
  while (consumed < rest.length && (m = re.exec(rest)) !== null) {
    if (m[1] in fields) return null // a repeated field is an attempt to confuse, refuse it
    fields[m[1]] = m[2]
    consumed = re.lastIndex
  }
  if (consumed !== rest.length) return null
  const { mchid, nonce_str, signature, timestamp, serial_no } = fields
  if (!mchid || !nonce_str || !signature || !timestamp || !serial_no) return null
  return { mchid, nonce_str, signature, timestamp, serial_no }
}

export type AuthorizationCheck =
  | { ok: true; mchid: string; serialNo: string }
  | { ok: false; reason: 'malformed' | 'unknown_serial' | 'stale_timestamp' | 'bad_signature' }

/**
 * Checks a request's Authorization header as WeChat does: known merchant serial, timestamp
 * within the window, signature over the exact method, path and body.
 */
export function verifyAuthorization(p: {
  header: string | undefined | null
  method: string
  urlPathWithQuery: string
  body: string
  /** Merchant public keys by certificate serial. */
  merchantPublicKeys: ReadonlyMap<string, KeyLike>
  now: Date | number
  maxSkewSeconds?: number
}): AuthorizationCheck {
  const parsed = parseAuthorization(p.header)
  if (!parsed) return { ok: false, reason: 'malformed' }
  const key = p.merchantPublicKeys.get(parsed.serial_no)
  if (!key) return { ok: false, reason: 'unknown_serial' }
  if (!withinSkew(parsed.timestamp, p.now, p.maxSkewSeconds ?? 300)) return { ok: false, reason: 'stale_timestamp' }
  const message = authorizationMessage({
    method: p.method,
    urlPathWithQuery: p.urlPathWithQuery,
    timestamp: parsed.timestamp,
    nonce: parsed.nonce_str,
    body: p.body
  })
  if (!verifySha256Rsa(message, parsed.signature, key)) return { ok: false, reason: 'bad_signature' }
  return { ok: true, mchid: parsed.mchid, serialNo: parsed.serial_no }
}

/** True when `timestamp` (unix seconds, digits only) is within ±maxSkewSeconds of now. */
export function withinSkew(timestamp: string, now: Date | number, maxSkewSeconds: number): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false
  const nowSec = Math.floor((typeof now === 'number' ? now : now.getTime()) / 1000)
  return Math.abs(nowSec - Number(timestamp)) <= maxSkewSeconds
}

export interface JsapiPayParams {
  timeStamp: string
  nonceStr: string
  package: string
  signType: 'RSA'
  paySign: string
}

/**
 * Parameters for `Taro.requestPayment` / `wx.requestPayment`. `appId` is the mini-program's
 * appid (the one the order was created with); it is signed but not passed to the call.
 */
export function buildJsapiPayParams(input: {
  appId: string
  prepayId: string
  privateKeyPem: KeyLike
  timestamp?: string | number
  nonce?: string
}): JsapiPayParams {
  const timeStamp = input.timestamp === undefined ? unixSeconds() : String(input.timestamp)
  const nonceStr = input.nonce ?? randomNonce()
  const pkg = `prepay_id=${input.prepayId}`
  const paySign = signSha256Rsa(buildSignMessage([input.appId, timeStamp, nonceStr, pkg]), input.privateKeyPem)
  return { timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign }
}

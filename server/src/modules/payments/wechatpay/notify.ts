import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { shanghaiRfc3339 } from '../../../lib/time'
import { buildSignMessage, signSha256Rsa, randomNonce, unixSeconds, verifySha256Rsa, withinSkew, type KeyLike } from './signing'
import {
  AEAD_AES_256_GCM,
  isTransaction,
  type EncryptedResource,
  type NotificationEnvelope,
  type Transaction
} from './types'

export type { EncryptedResource, NotificationEnvelope, Transaction, TradeState } from './types'

/** Fastify's IncomingHttpHeaders, a plain record, or a fetch `Headers`. */
export type HeaderSource = Record<string, string | string[] | undefined> | { get(name: string): string | null }

export type SignatureFailureReason = 'missing_headers' | 'signtest' | 'stale_timestamp' | 'unknown_serial' | 'bad_signature'
export type SignatureCheck = { ok: true } | { ok: false; reason: SignatureFailureReason }

export const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/'
const GCM_TAG_BYTES = 16
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/

/** Case-insensitive header lookup; a repeated header counts as absent (ambiguous). */
export function getHeader(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(n: string): string | null }).get(name) ?? undefined
  }
  const wanted = name.toLowerCase()
  for (const [k, v] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (k.toLowerCase() !== wanted) continue
    if (Array.isArray(v)) return v.length === 1 ? v[0] : undefined
    return v
  }
  return undefined
}

export interface VerifySignatureInput {
  headers: HeaderSource
  /** The body exactly as received: re-serialised JSON does not verify. */
  rawBody: string | Buffer
  /** WeChat Pay platform public keys (certificate or public-key mode) by serial / key id. */
  platformPublicKeys: ReadonlyMap<string, KeyLike>
  now: Date | number
  maxSkewSeconds?: number
}

/**
 * Verifies the Wechatpay-* signature headers over `timestamp\nnonce\nbody\n`. Used for
 * notifications and, identically, for API responses.
 */
export function verifyNotification(input: VerifySignatureInput): SignatureCheck {
  const timestamp = getHeader(input.headers, 'Wechatpay-Timestamp')
  const nonce = getHeader(input.headers, 'Wechatpay-Nonce')
  const signature = getHeader(input.headers, 'Wechatpay-Signature')
  const serial = getHeader(input.headers, 'Wechatpay-Serial')
  if (!timestamp || !nonce || !signature || !serial) return { ok: false, reason: 'missing_headers' }
  // WeChat probes merchants with deliberately invalid signatures: they must be refused.
  if (signature.startsWith(SIGNTEST_PREFIX)) return { ok: false, reason: 'signtest' }
  if (!withinSkew(timestamp, input.now, input.maxSkewSeconds ?? 300)) return { ok: false, reason: 'stale_timestamp' }
  const key = input.platformPublicKeys.get(serial)
  if (!key) return { ok: false, reason: 'unknown_serial' }
  const body = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody
  const message = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`, 'utf8'), body, Buffer.from('\n', 'utf8')])
  // RSA verification compares no secret, so there is nothing to make timing-safe here.
  if (!verifySha256Rsa(message, signature, key)) return { ok: false, reason: 'bad_signature' }
  return { ok: true }
}

/** Same check, named for API responses. */
export const verifyResponseSignature = verifyNotification

function apiV3KeyBytes(apiV3Key: string): Buffer {
  const key = Buffer.from(apiV3Key, 'utf8')
  if (key.length !== 32) throw new Error('APIv3 key must be 32 bytes')
  return key
}

/**
 * Decrypts a notification resource (AEAD_AES_256_GCM, the last 16 bytes of the ciphertext
 * are the tag) and parses the JSON. Throws on a wrong algorithm, key, nonce, associated
 * data, or any altered byte.
 */
export function decryptResource<T = Transaction>(
  resource: Pick<EncryptedResource, 'algorithm' | 'ciphertext' | 'nonce' | 'associated_data'>,
  apiV3Key: string
): T {
  if (resource.algorithm !== AEAD_AES_256_GCM) throw new Error(`unsupported algorithm: ${resource.algorithm}`)
  if (typeof resource.ciphertext !== 'string' || !BASE64_RE.test(resource.ciphertext)) {
    throw new Error('ciphertext is not base64')
  }
  if (typeof resource.nonce !== 'string' || resource.nonce.length === 0) throw new Error('missing nonce')
  const data = Buffer.from(resource.ciphertext, 'base64')
  if (data.length <= GCM_TAG_BYTES) throw new Error('ciphertext too short')
  const decipher = createDecipheriv('aes-256-gcm', apiV3KeyBytes(apiV3Key), Buffer.from(resource.nonce, 'utf8'), {
    authTagLength: GCM_TAG_BYTES
  })
  decipher.setAuthTag(data.subarray(data.length - GCM_TAG_BYTES))
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'))
  // final() throws "Unsupported state or unable to authenticate data" on any tampering.
  const plain = Buffer.concat([decipher.update(data.subarray(0, data.length - GCM_TAG_BYTES)), decipher.final()])
  return JSON.parse(plain.toString('utf8')) as T
}

/** The inverse of decryptResource, as WeChat does it (12-character nonce, 'transaction' AAD). */
export function encryptResource(
  plaintext: unknown,
  apiV3Key: string,
  opts: { nonce?: string; associatedData?: string } = {}
): Pick<EncryptedResource, 'algorithm' | 'ciphertext' | 'nonce' | 'associated_data'> {
  const nonce = opts.nonce ?? randomNonce(12)
  const associatedData = opts.associatedData ?? 'transaction'
  const cipher = createCipheriv('aes-256-gcm', apiV3KeyBytes(apiV3Key), Buffer.from(nonce, 'utf8'), {
    authTagLength: GCM_TAG_BYTES
  })
  cipher.setAAD(Buffer.from(associatedData, 'utf8'))
  const enc = Buffer.concat([cipher.update(JSON.stringify(plaintext), 'utf8'), cipher.final(), cipher.getAuthTag()])
  return { algorithm: AEAD_AES_256_GCM, ciphertext: enc.toString('base64'), nonce, associated_data: associatedData }
}

export type ParseFailureReason =
  | SignatureFailureReason
  | 'malformed_body'
  | 'unexpected_resource'
  | 'decrypt_failed'
  | 'malformed_transaction'

export type ParsedNotification =
  | { ok: true; notification: NotificationEnvelope; transaction: Transaction }
  | { ok: false; reason: ParseFailureReason }

/**
 * Signature check, envelope parse, decryption and shape check of a payment notification.
 * It does not compare the transaction with our order: see checkTransactionAgainstOrder.
 */
export function parseAndVerify(input: VerifySignatureInput & { apiV3Key: string }): ParsedNotification {
  const sig = verifyNotification(input)
  if (!sig.ok) return sig
  let envelope: NotificationEnvelope
  try {
    envelope = JSON.parse(typeof input.rawBody === 'string' ? input.rawBody : input.rawBody.toString('utf8'))
  } catch {
    return { ok: false, reason: 'malformed_body' }
  }
  if (
    typeof envelope !== 'object' ||
    envelope === null ||
    typeof envelope.resource !== 'object' ||
    envelope.resource === null ||
    typeof envelope.event_type !== 'string'
  ) {
    return { ok: false, reason: 'malformed_body' }
  }
  // Refund notifications carry original_type 'refund' and belong to another endpoint.
  if (envelope.resource.original_type !== undefined && envelope.resource.original_type !== 'transaction') {
    return { ok: false, reason: 'unexpected_resource' }
  }
  let transaction: unknown
  try {
    transaction = decryptResource<unknown>(envelope.resource, input.apiV3Key)
  } catch {
    return { ok: false, reason: 'decrypt_failed' }
  }
  if (!isTransaction(transaction)) return { ok: false, reason: 'malformed_transaction' }
  return { ok: true, notification: envelope, transaction }
}

/** RFC 3339 in Beijing time (+08:00), the format WeChat uses for create_time / success_time. */
export function beijingTime(now: Date | number): string {
  return shanghaiRfc3339(now)
}

/** Signs `timestamp\nnonce\nbody\n` and returns the four Wechatpay-* headers. */
export function signWechatpayHeaders(p: {
  body: string
  platformPrivateKeyPem: KeyLike
  platformSerial: string
  timestamp?: string | number
  nonce?: string
}): Record<'Wechatpay-Timestamp' | 'Wechatpay-Nonce' | 'Wechatpay-Signature' | 'Wechatpay-Serial', string> {
  const timestamp = p.timestamp === undefined ? unixSeconds() : String(p.timestamp)
  const nonce = p.nonce ?? randomNonce()
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signSha256Rsa(buildSignMessage([timestamp, nonce, p.body]), p.platformPrivateKeyPem),
    'Wechatpay-Serial': p.platformSerial
  }
}

export interface SignedNotification {
  headers: Record<string, string>
  body: string
  envelope: NotificationEnvelope
}

/**
 * Builds a notification exactly as WeChat sends it: encrypted resource, signed headers.
 * Used by the sandbox and by tests to forge valid or invalid notifications.
 */
export function buildSignedNotification(p: {
  transaction: Transaction
  apiV3Key: string
  platformPrivateKeyPem: KeyLike
  platformSerial: string
  now?: Date | number
  eventType?: string
  summary?: string
  id?: string
  nonce?: string
  resourceNonce?: string
}): SignedNotification {
  const now = p.now ?? Date.now()
  const envelope: NotificationEnvelope = {
    id: p.id ?? `EV-${randomBytes(10).toString('hex').toUpperCase()}`,
    create_time: beijingTime(now),
    resource_type: 'encrypt-resource',
    event_type: p.eventType ?? `TRANSACTION.${p.transaction.trade_state}`,
    summary: p.summary ?? (p.transaction.trade_state === 'SUCCESS' ? '支付成功' : '支付失败'),
    resource: {
      original_type: 'transaction',
      ...encryptResource(p.transaction, p.apiV3Key, { nonce: p.resourceNonce })
    }
  }
  const body = JSON.stringify(envelope)
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    ...signWechatpayHeaders({
      body,
      platformPrivateKeyPem: p.platformPrivateKeyPem,
      platformSerial: p.platformSerial,
      timestamp: unixSeconds(now),
      nonce: p.nonce
    })
  }
  return { headers, body, envelope }
}

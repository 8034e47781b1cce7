import crypto from 'node:crypto'

export interface DerivedKeys {
  /** AES-256-GCM key for personal data at rest */
  aes: Buffer
  /** HMAC-SHA256 key for blind indexes */
  hmac: Buffer
}

/** Separate keys per purpose from one master key (HKDF-SHA256), so one leak does not expose both. */
export function deriveKeys(master: Buffer): DerivedKeys {
  const hkdf = (info: string) => Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), info, 32))
  return { aes: hkdf('anjia/aes-256-gcm/v1'), hmac: hkdf('anjia/hmac-blind-index/v1') }
}

const VERSION = 'v1'

/** AES-256-GCM with a random 12-byte IV: `v1:<iv>:<tag>:<ciphertext>`, base64url parts. */
export function encrypt(key: Buffer, plaintext: string): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  const tag = cipher.getAuthTag()
  return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join(':')
}

/** Throws on a wrong key, a wrong version or any tampering (the GCM tag is checked). */
export function decrypt(key: Buffer, payload: string): string {
  const parts = payload.split(':')
  if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('unsupported ciphertext format')
  const iv = Buffer.from(parts[1], 'base64url')
  const tag = Buffer.from(parts[2], 'base64url')
  const ct = Buffer.from(parts[3], 'base64url')
  if (iv.length !== 12 || tag.length !== 16) throw new Error('malformed ciphertext')
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 })
  decipher.setAuthTag(tag)
  return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8')
}

/** Canonical form of a resident ID number (or its tail) before hashing. */
export function normalizeIdNumber(value: string): string {
  return value.trim().toUpperCase()
}

/** Keyed blind index: equality search without storing the value. */
export function blindIndex(key: Buffer, value: string, scope = 'id'): string {
  return crypto.createHmac('sha256', key).update(`${scope}\u0000${normalizeIdNumber(value)}`).digest('base64url')
}

/** `440106199001011234` → `4401**********1234` */
export function maskIdNumber(id: string): string {
  const v = normalizeIdNumber(id)
  if (v.length <= 8) return '*'.repeat(v.length)
  return v.slice(0, 4) + '*'.repeat(v.length - 8) + v.slice(-4)
}

/** `张三明` → `张*明`, `张三` → `张*`. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length === 0) return ''
  if (chars.length === 1) return '*'
  if (chars.length === 2) return chars[0] + '*'
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1]
}

export function maskPhone(phone: string): string {
  const v = phone.trim()
  return v.length >= 7 ? v.slice(0, 3) + '****' + v.slice(-4) : '*'.repeat(v.length)
}

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 }

// Async scrypt: a sign-in must not block the event loop for every other request (~50 ms each).
function scryptAsync(password: string, salt: Buffer, keylen: number, opts: crypto.ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(password, salt, keylen, { ...opts, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)))
  })
}

/** `scrypt$N$r$p$salt$hash` */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16)
  const hash = await scryptAsync(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p })
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = parts.slice(1, 4).map(Number)
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20) return false
  const salt = Buffer.from(parts[4], 'base64url')
  const expected = Buffer.from(parts[5], 'base64url')
  if (expected.length === 0) return false
  const actual = await scryptAsync(password, salt, expected.length, { N, r, p })
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected)
}

// No 0/O, 1/l/I: a one-time password is read off a screen and typed on a phone.
const OTP_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** `length` characters drawn uniformly from `alphabet` (rejection sampling: no modulo bias). */
function randomString(alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length)
  let out = ''
  while (out.length < length) {
    for (const b of crypto.randomBytes(length * 2)) {
      if (b < limit && out.length < length) out += alphabet[b % alphabet.length]
    }
  }
  return out
}

/** A one-time password (default 12 characters, ~70 bits), to be changed at first sign-in. */
export function generatePassword(length = 12): string {
  return randomString(OTP_ALPHABET, length)
}

/** A house invitation token: 10 base62 characters (~59.5 bits), fits a wxacode scene. */
export function newInviteToken(length = 10): string {
  return randomString(BASE62, length)
}

/** Unguessable session token (base64url of 32 random bytes). */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url')
}

export function sha256(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex')
}

/** Constant-time comparison of two strings. */
export function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a)
  const bb = Buffer.from(b)
  return ba.length === bb.length && crypto.timingSafeEqual(ba, bb)
}

/** Checks the GB 11643 check digit of an 18-character resident ID number. */
export function isValidIdNumber(id: string): boolean {
  const v = normalizeIdNumber(id)
  if (!/^[0-9]{17}[0-9X]$/.test(v)) return false
  return idCheckDigit(v.slice(0, 17)) === v[17]
}

export function idCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]
  return '10X98765432'[sum % 11]
}

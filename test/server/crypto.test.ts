import crypto from 'node:crypto'
import {
  blindIndex,
  decrypt,
  deriveKeys,
  encrypt,
  hashPassword,
  idCheckDigit,
  isValidIdNumber,
  maskIdNumber,
  maskName,
  randomToken,
  sha256,
  verifyPassword
} from '../../server/src/lib/crypto'

const keys = deriveKeys(crypto.createHash('sha256').update('k').digest())

describe('crypto', () => {
  test('AES-GCM round trip with a versioned payload and a fresh IV each time', () => {
    const a = encrypt(keys.aes, '440106199001011234')
    const b = encrypt(keys.aes, '440106199001011234')
    expect(a).toMatch(/^v1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/)
    expect(a).not.toBe(b)
    expect(decrypt(keys.aes, a)).toBe('440106199001011234')
    expect(a).not.toContain('440106')
  })

  test('a tampered ciphertext, tag or IV is rejected', () => {
    const payload = encrypt(keys.aes, '440106199001011234')
    const [v, iv, tag, ct] = payload.split(':')
    const flip = (s: string) => {
      const buf = Buffer.from(s, 'base64url')
      buf[0] ^= 1
      return buf.toString('base64url')
    }
    expect(() => decrypt(keys.aes, [v, iv, tag, flip(ct)].join(':'))).toThrow()
    expect(() => decrypt(keys.aes, [v, iv, flip(tag), ct].join(':'))).toThrow()
    expect(() => decrypt(keys.aes, [v, flip(iv), tag, ct].join(':'))).toThrow()
    expect(() => decrypt(keys.aes, ['v2', iv, tag, ct].join(':'))).toThrow()
    expect(() => decrypt(keys.aes, 'garbage')).toThrow()
  })

  test('a different master key cannot decrypt', () => {
    const other = deriveKeys(crypto.randomBytes(32))
    expect(() => decrypt(other.aes, encrypt(keys.aes, 'x'))).toThrow()
  })

  test('HKDF derives distinct keys per purpose', () => {
    expect(keys.aes.equals(keys.hmac)).toBe(false)
    expect(keys.aes).toHaveLength(32)
  })

  test('blind index normalises case and whitespace and depends on the key and scope', () => {
    expect(blindIndex(keys.hmac, ' 11010519491231002x ')).toBe(blindIndex(keys.hmac, '11010519491231002X'))
    expect(blindIndex(keys.hmac, '123456', 'id_tail')).not.toBe(blindIndex(keys.hmac, '123456', 'id'))
    expect(blindIndex(deriveKeys(crypto.randomBytes(32)).hmac, '123456')).not.toBe(blindIndex(keys.hmac, '123456'))
  })

  test('masks', () => {
    expect(maskIdNumber('440106199001011234')).toBe('4401**********1234')
    expect(maskIdNumber('11010519491231002x')).toBe('1101**********002X')
    expect(maskName('张三明')).toBe('张*明')
    expect(maskName('张三')).toBe('张*')
    expect(maskName('欧阳娜娜')).toBe('欧**娜')
    expect(maskName('')).toBe('')
  })

  test('scrypt password hash verifies only the right password', async () => {
    const h = await hashPassword('secret-1')
    expect(h.startsWith('scrypt$')).toBe(true)
    expect(await verifyPassword('secret-1', h)).toBe(true)
    expect(await verifyPassword('secret-2', h)).toBe(false)
    expect(await verifyPassword('secret-1', 'not-a-hash')).toBe(false)
    expect(await hashPassword('secret-1')).not.toBe(h)
  })

  test('a hash in the format written before the async change still verifies', async () => {
    const salt = Buffer.from('0123456789abcdef')
    const hash = crypto.scryptSync('old-secret', salt, 32, { N: 16384, r: 8, p: 1 })
    const stored = ['scrypt', 16384, 8, 1, salt.toString('base64url'), hash.toString('base64url')].join('$')
    expect(await verifyPassword('old-secret', stored)).toBe(true)
    expect(await verifyPassword('other-secret', stored)).toBe(false)
  })

  test('tokens are random base64url; sha256 is hex', () => {
    const t = randomToken()
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(randomToken()).not.toBe(t)
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  test('ID check digit (GB 11643)', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X')
    expect(isValidIdNumber('11010519491231002X')).toBe(true)
    expect(isValidIdNumber('110105194912310021')).toBe(false)
    expect(isValidIdNumber('1101051949123100')).toBe(false)
  })
})

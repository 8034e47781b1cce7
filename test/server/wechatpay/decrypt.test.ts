import { createCipheriv } from 'node:crypto'
import { decryptResource, encryptResource } from '../../../server/src/modules/payments/wechatpay'
import { paidTransaction } from './fixtures'

const API_V3_KEY = 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6'

// Encrypted here with the raw cipher, as documented, independently of encryptResource.
function encryptAsWechat(plain: string, key = API_V3_KEY, nonce = 'fdasflkja484', aad = 'transaction') {
  const c = createCipheriv('aes-256-gcm', Buffer.from(key, 'utf8'), Buffer.from(nonce, 'utf8'))
  c.setAAD(Buffer.from(aad, 'utf8'))
  const out = Buffer.concat([c.update(plain, 'utf8'), c.final(), c.getAuthTag()])
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: out.toString('base64'), nonce, associated_data: aad }
}

function flipBit(base64: string, byteIndex: number): string {
  const b = Buffer.from(base64, 'base64')
  b[byteIndex] ^= 0x01
  return b.toString('base64')
}

function flipChar(s: string, index: number): string {
  return s.slice(0, index) + String.fromCharCode(s.charCodeAt(index) ^ 0x01) + s.slice(index + 1)
}

describe('decryptResource', () => {
  const tx = paidTransaction()
  const resource = encryptAsWechat(JSON.stringify(tx))
  const length = Buffer.from(resource.ciphertext, 'base64').length

  it('decrypts and parses a resource encrypted as WeChat does', () => {
    expect(decryptResource(resource, API_V3_KEY)).toEqual(tx)
  })

  it('round-trips with encryptResource', () => {
    const enc = encryptResource(tx, API_V3_KEY)
    expect(enc.nonce).toMatch(/^[A-Z0-9]{12}$/)
    expect(decryptResource(enc, API_V3_KEY)).toEqual(tx)
  })

  it('throws on one flipped bit in the ciphertext', () => {
    expect(() => decryptResource({ ...resource, ciphertext: flipBit(resource.ciphertext, 3) }, API_V3_KEY)).toThrow()
  })

  it('throws on one flipped bit in the tag', () => {
    expect(() => decryptResource({ ...resource, ciphertext: flipBit(resource.ciphertext, length - 1) }, API_V3_KEY)).toThrow()
  })

  it('throws on one flipped bit in the nonce', () => {
    expect(() => decryptResource({ ...resource, nonce: flipChar(resource.nonce, 0) }, API_V3_KEY)).toThrow()
  })

  it('throws on one flipped bit in the associated data', () => {
    expect(() => decryptResource({ ...resource, associated_data: flipChar(resource.associated_data, 5) }, API_V3_KEY)).toThrow()
  })

  it('throws when the associated data is dropped', () => {
    expect(() => decryptResource({ ...resource, associated_data: undefined }, API_V3_KEY)).toThrow()
  })

  it('throws under a wrong key', () => {
    expect(() => decryptResource(resource, flipChar(API_V3_KEY, 31))).toThrow()
  })

  it('throws on an APIv3 key that is not 32 bytes', () => {
    expect(() => decryptResource(resource, API_V3_KEY.slice(1))).toThrow(/32 bytes/)
  })

  it('throws on another algorithm', () => {
    expect(() => decryptResource({ ...resource, algorithm: 'AEAD_SM4_GCM' }, API_V3_KEY)).toThrow(/algorithm/)
  })

  it('throws on a truncated ciphertext and on non-base64 text', () => {
    const short = Buffer.from(resource.ciphertext, 'base64').subarray(0, 16).toString('base64')
    expect(() => decryptResource({ ...resource, ciphertext: short }, API_V3_KEY)).toThrow()
    expect(() => decryptResource({ ...resource, ciphertext: `*${resource.ciphertext}` }, API_V3_KEY)).toThrow()
  })
})

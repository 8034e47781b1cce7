import { resetTaroDouble } from './taro-double'
import { bytesToBase64, fetchSignatureImage } from '../../src/api/agreements'
import { setOwnerSession } from '../../src/stores/session'
import { serveApi } from './helpers'

const HOUSE = { id: 1, communityName: '锦绣花园', building: '1', unit: '2', room: '1201', label: '1栋2单元1201', area: 98.5, batch: '第一批' }

beforeEach(() => {
  resetTaroDouble()
  setOwnerSession({ sessionToken: 'tok', expiresAt: new Date(Date.now() + 3600_000).toISOString(), role: 'owner', house: HOUSE })
})

describe('signature image download', () => {
  it('encodes bytes exactly like base64 for every padding length', () => {
    const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff])
    for (let n = 0; n <= bytes.length; n++) {
      const part = bytes.slice(0, n)
      expect(bytesToBase64(part.buffer)).toBe(Buffer.from(part).toString('base64'))
    }
  })

  it('turns the ArrayBuffer answer into a PNG data URL (Taro H5 arrayBufferToBase64 gave an empty one)', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    serveApi((url) => (url === '/api/owner/agreements/2/signature' ? { status: 200, body: png.buffer } : undefined))
    const r = await fetchSignatureImage('/api/owner/agreements/2/signature')
    expect(r).toEqual({ ok: true, data: 'data:image/png;base64,iVBORw0KGgo=' })
  })

  it('an empty answer is an error, not a blank image', async () => {
    serveApi((url) => (url === '/api/owner/agreements/2/signature' ? { status: 200, body: new ArrayBuffer(0) } : undefined))
    const r = await fetchSignatureImage('/api/owner/agreements/2/signature')
    expect(r.ok).toBe(false)
  })
})

/*
 * Files that only pass the magic-byte check: they must decode as what they claim to be,
 * stay within sane dimensions, lose their EXIF, and be served so that no browser runs them.
 */
import zlib from 'node:zlib'
import sharp from 'sharp'
import { bearer, createTestApp, dialects, multipart, staffLogin, verifyAs, type TestApp } from './harness'

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(zlib.crc32(body))
  return Buffer.concat([len, body, crc])
}

/** A 1 KB PNG whose header claims 60000×60000 RGB (10.8 GB once decoded). */
function pngBomb(): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(60000, 0)
  ihdr.writeUInt32BE(60000, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(60001 * 4))),
    pngChunk('IEND', Buffer.alloc(0))
  ])
}

/** JFIF header bytes, then an HTML page: passes a magic-byte check, is no image. */
const JPEG_HTML = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
  Buffer.from('<html><body><script>fetch("/api/owner/me").then(r=>r.text()).then(alert)</script></body></html>')
])

const pdf = (catalog: string) =>
  Buffer.from(`%PDF-1.7\n1 0 obj\n${catalog}\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1')

/** A PDF whose catalog hides in a compressed object stream. */
function pdfWithObjStm(inner: string): Buffer {
  const data = zlib.deflateSync(Buffer.from(`1 0 ${inner}`, 'latin1'))
  return Buffer.concat([
    Buffer.from(`%PDF-1.7\n3 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1')
  ])
}

/** A real 64×40 JPEG carrying camera EXIF and a GPS position (Shenzhen). */
async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 40, channels: 3, background: { r: 200, g: 120, b: 60 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'AnjiaTestCam', Model: 'GPS-1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '22/1 32/1 4/1', GPSLongitudeRef: 'E', GPSLongitude: '114/1 3/1 5/1' }
    })
    .toBuffer()
}

describe.each(dialects())('upload content and upload serving (%s)', (dialect) => {
  let t: TestApp
  let owner: string
  let reviewer: string
  beforeAll(async () => {
    t = await createTestApp(dialect)
    owner = (await verifyAs(t, 40)).sessionToken
    reviewer = await staffLogin(t, 'reviewer')
    expect((await t.app.inject({ method: 'POST', url: '/api/owner/consents', headers: bearer(owner), payload: { kind: 'id_photo' } })).statusCode).toBe(200)
  })
  afterAll(async () => t.close())

  const upload = (item: string, file: Buffer, name = 'page.jpg') => {
    const m = multipart(file, name)
    return t.app.inject({ method: 'POST', url: `/api/owner/documents/${item}/files`, headers: { ...bearer(owner), ...m.headers }, payload: m.payload })
  }
  const uploadCount = async () => Number((await t.db.handle.db.selectFrom('uploads').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

  test('a JPEG header followed by HTML is refused: it does not decode as an image', async () => {
    const before = await uploadCount()
    const res = await upload('purchase_contract', JPEG_HTML)
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('IMAGE_INVALID')
    expect(await uploadCount()).toBe(before)
  })

  test('a PNG claiming 60000×60000 is refused before any pixel is decoded', async () => {
    const bomb = pngBomb()
    expect(bomb.length).toBeLessThan(2048)
    const res = await upload('purchase_contract', bomb, 'scan.png')
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toEqual({ code: 'IMAGE_TOO_LARGE', message: expect.stringContaining('60000×60000') })
  })

  test('a real JPEG with HTML appended is stored re-encoded: the trailing page is gone', async () => {
    const real = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#3366cc' } }).jpeg().toBuffer()
    const res = await upload('purchase_contract', Buffer.concat([real, Buffer.from('<html><script>alert(1)</script></html>')]))
    expect(res.statusCode).toBe(200)
    const file = await t.app.inject({ method: 'GET', url: res.json().upload.url, headers: bearer(owner) })
    expect(file.rawPayload.includes(Buffer.from('<script'))).toBe(false)
    expect((await sharp(file.rawPayload).metadata()).format).toBe('jpeg')
  })

  test.each([
    ['an OpenAction running JavaScript', pdf('<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>'), 'JavaScript'],
    ['a name written with # escapes', pdf('<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> >>'), 'JavaScript'],
    ['a Launch action', pdf('<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (cmd.exe) >> >>'), 'Launch'],
    ['an embedded file', pdf('<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [] >> >> >>'), 'EmbeddedFiles'],
    ['JavaScript inside a compressed object stream', pdfWithObjStm('<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>'), 'JavaScript']
  ])('a PDF with %s is refused', async (_name, file, found) => {
    const before = await uploadCount()
    const res = await upload('purchase_contract', file, 'c.pdf')
    expect(res.statusCode).toBe(400)
    expect(res.json().error).toEqual({ code: 'PDF_ACTIVE_CONTENT', message: expect.stringContaining(`/${found}`) })
    expect(await uploadCount()).toBe(before)
  })

  test('a plain PDF is accepted and served as an attachment under a sandboxing CSP', async () => {
    const plain = pdf('<< /Type /Catalog /Pages 2 0 R /OpenAction [ 2 0 R /Fit ] >>')
    const res = await upload('purchase_contract', plain, 'c.pdf')
    expect(res.statusCode).toBe(200)
    const file = await t.app.inject({ method: 'GET', url: res.json().upload.url, headers: bearer(owner) })
    expect(file.statusCode).toBe(200)
    expect(file.rawPayload.equals(plain)).toBe(true)
    expect(file.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-security-policy': "sandbox; default-src 'none'",
      'x-content-type-options': 'nosniff',
      'content-disposition': 'attachment; filename="file.pdf"',
      'cache-control': 'private, no-store'
    })
  })

  test('an ID-card JPEG with EXIF GPS is stored and served without any EXIF', async () => {
    const original = await jpegWithGps()
    const meta = await sharp(original).metadata()
    // the fixture really carries the position: EXIF with the GPS IFD pointer (tag 0x8825)
    expect(meta.exif).toBeDefined()
    expect(meta.exif!.includes(Buffer.from('AnjiaTestCam'))).toBe(true)
    expect(meta.exif!.includes(Buffer.from([0x88, 0x25])) || meta.exif!.includes(Buffer.from([0x25, 0x88]))).toBe(true)

    const res = await upload('owner_id_card', original, 'front.jpg')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.upload.mime).toBe('image/jpeg')

    for (const [url, token] of [
      [body.upload.url, owner],
      [`/api/staff/files/${body.upload.id}`, reviewer]
    ] as const) {
      const file = await t.app.inject({ method: 'GET', url, headers: bearer(token) })
      expect(file.statusCode).toBe(200)
      const served = file.rawPayload
      const m = await sharp(served).metadata()
      expect([m.format, m.width, m.height]).toEqual(['jpeg', 64, 40])
      expect(m.exif).toBeUndefined()
      expect(served.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false)
      expect(served.includes(Buffer.from('AnjiaTestCam'))).toBe(false)
      expect(file.headers).toMatchObject({
        'content-type': 'image/jpeg',
        'content-security-policy': "sandbox; default-src 'none'",
        'x-content-type-options': 'nosniff',
        'content-disposition': 'inline; filename="file.jpg"'
      })
      expect(Number(file.headers['content-length'])).toBe(served.length)
    }
    const row = await t.db.handle.db.selectFrom('uploads').select(['size']).where('id', '=', body.upload.id).executeTakeFirstOrThrow()
    expect(Number(row.size)).toBe(body.upload.size)
  })

  test('a photo taken sideways keeps its orientation once the EXIF is gone', async () => {
    // 60×20 pixels with EXIF orientation 6 (rotate 90°): a viewer shows it 20×60
    const sideways = await sharp({ create: { width: 60, height: 20, channels: 3, background: '#888888' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer()
    const res = await upload('purchase_contract', sideways)
    expect(res.statusCode).toBe(200)
    const file = await t.app.inject({ method: 'GET', url: res.json().upload.url, headers: bearer(owner) })
    const m = await sharp(file.rawPayload).metadata()
    expect([m.width, m.height, m.orientation ?? 1]).toEqual([20, 60, 1])
  })

  test('inspection photos are decoded too: HTML behind a JPEG header is refused', async () => {
    const inspector = await staffLogin(t, 'inspector')
    const s = await verifyAs(t, 41)
    const c = await t.db.handle.db.selectFrom('move_in_cases').select('id').where('house_id', '=', s.house.id).executeTakeFirstOrThrow()
    const at = t.clock.now().toISOString()
    await t.db.handle.db.insertInto('checkins').values({ case_id: c.id, date: at.slice(0, 10), queue_no: 2, arrived_at: at, called_at: null, finished_at: null } as never).execute()
    const ins = (await t.app.inject({ method: 'POST', url: '/api/staff/inspections', headers: bearer(inspector), payload: { caseId: Number(c.id) } })).json()
    const send = (file: Buffer) => {
      const m = multipart(file, 'photo.jpg')
      return t.app.inject({ method: 'POST', url: `/api/staff/inspections/${ins.id}/photos`, headers: { ...bearer(inspector), ...m.headers }, payload: m.payload })
    }
    const bad = await send(JPEG_HTML)
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'IMAGE_INVALID'])
    const bomb = await send(pngBomb())
    expect([bomb.statusCode, bomb.json().error.code]).toEqual([400, 'IMAGE_TOO_LARGE'])
    const good = await send(await jpegWithGps())
    expect(good.statusCode).toBe(200)
    const file = await t.app.inject({ method: 'GET', url: good.json().url, headers: bearer(inspector) })
    expect(file.statusCode).toBe(200)
    expect((await sharp(file.rawPayload).metadata()).exif).toBeUndefined()
    expect(file.headers['content-security-policy']).toBe("sandbox; default-src 'none'")
  })
})

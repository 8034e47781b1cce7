import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { extensionFor, sniffMime } from '../../server/src/modules/uploads/sniff'
import {
  EMPTY_SHA256,
  StorageError,
  amzDate,
  createStorage,
  newStorageKey,
  sha256Hex,
  signV4
} from '../../server/src/modules/uploads/storage'

const bytes = (...b: number[]) => Buffer.from(b)
const JPEG = Buffer.concat([bytes(0xff, 0xd8, 0xff, 0xe0), Buffer.from('JFIF rest of a photo')])
const PNG = Buffer.concat([bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), Buffer.alloc(16)])
const WEBP = Buffer.concat([Buffer.from('RIFF'), bytes(0x24, 0, 0, 0), Buffer.from('WEBPVP8 '), Buffer.alloc(8)])
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n')

describe('sniffMime', () => {
  test.each([
    ['JPEG', JPEG, 'image/jpeg'],
    ['PNG', PNG, 'image/png'],
    ['WEBP', WEBP, 'image/webp'],
    ['PDF', PDF, 'application/pdf']
  ])('recognises %s', (_name, buf, mime) => {
    expect(sniffMime(buf)).toBe(mime)
  })

  test.each([
    ['an ELF executable renamed to .jpg', Buffer.concat([bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1), Buffer.alloc(9)])],
    ['a Windows MZ executable renamed to .pdf', Buffer.concat([Buffer.from('MZ'), bytes(0x90, 0, 3, 0), Buffer.alloc(58)])],
    ['a zip archive', Buffer.concat([bytes(0x50, 0x4b, 0x03, 0x04), Buffer.alloc(26)])],
    ['HTML', Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>')],
    ['SVG', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>')],
    ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00')],
    ['an empty buffer', Buffer.alloc(0)],
    ['a truncated PNG signature', bytes(0x89, 0x50, 0x4e, 0x47)],
    ['two JPEG bytes only', bytes(0xff, 0xd8)],
    ['a RIFF that is not WEBP (WAVE)', Buffer.concat([Buffer.from('RIFF'), bytes(0x24, 0, 0, 0), Buffer.from('WAVEfmt ')])],
    ['PDF magic not at the start', Buffer.concat([Buffer.from(' '), PDF])],
    ['"%PDF" without the dash', Buffer.from('%PDF1.7')]
  ])('refuses %s', (_name, buf) => {
    expect(sniffMime(buf)).toBeNull()
  })

  test('extensions', () => {
    expect(extensionFor('image/jpeg')).toBe('jpg')
    expect(extensionFor('image/png')).toBe('png')
    expect(extensionFor('image/webp')).toBe('webp')
    expect(extensionFor('application/pdf')).toBe('pdf')
  })
})

describe('newStorageKey', () => {
  test('yyyy/mm/<24 hex>.<ext> with the Shanghai month', () => {
    // 2024-01-31T16:30Z is already February 1st in Shanghai.
    const key = newStorageKey('jpg', new Date('2024-01-31T16:30:00Z'))
    expect(key).toMatch(/^2024\/02\/[0-9a-f]{24}\.jpg$/)
    expect(newStorageKey('pdf', new Date('2024-01-31T15:59:59Z'))).toMatch(/^2024\/01\/[0-9a-f]{24}\.pdf$/)
  })

  test('keys are random', () => {
    expect(newStorageKey('png')).not.toBe(newStorageKey('png'))
  })

  test('refuses a strange extension', () => {
    expect(() => newStorageKey('../x')).toThrow(StorageError)
    expect(() => newStorageKey('')).toThrow(StorageError)
  })
})

describe('local storage', () => {
  let dataDir: string
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'anjia-storage-'))
  })
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true })
  })

  test('round trip: put, get, overwrite, remove', async () => {
    const storage = createStorage({ dataDir })
    expect(storage.kind).toBe('local')
    const key = newStorageKey('jpg')
    await storage.put(key, JPEG, 'image/jpeg')
    expect(await storage.get(key)).toEqual(JPEG)
    await storage.put(key, PNG, 'image/png')
    expect(await storage.get(key)).toEqual(PNG)

    const file = path.join(dataDir, 'uploads', key)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    // the atomic write leaves no temporary file behind
    expect(await readdir(path.dirname(file))).toEqual([path.basename(file)])

    await storage.remove(key)
    expect(await storage.get(key)).toBeNull()
    await expect(storage.remove(key)).resolves.toBeUndefined()
  })

  test('a missing key reads as null', async () => {
    expect(await createStorage({ dataDir }).get('2024/01/000000000000000000000000.jpg')).toBeNull()
  })

  test.each([
    ['../outside.jpg'],
    ['2024/../../outside.jpg'],
    ['..'],
    ['/etc/passwd'],
    ['2024\\01\\x.jpg'],
    ['C:/x.jpg'],
    ['./x.jpg'],
    ['2024//x.jpg'],
    ['2024/01/x.jpg\u0000.png'],
    ['']
  ])('refuses the key %j on put, get and remove', async (key) => {
    const storage = createStorage({ dataDir: path.join(dataDir, 'inner') })
    await expect(storage.put(key, JPEG, 'image/jpeg')).rejects.toMatchObject({ code: 'INVALID_KEY' })
    await expect(storage.get(key)).rejects.toMatchObject({ code: 'INVALID_KEY' })
    await expect(storage.remove(key)).rejects.toMatchObject({ code: 'INVALID_KEY' })
    expect(await readdir(dataDir)).toEqual([]) // nothing written anywhere
  })

  test('a traversal key cannot read a file outside the uploads folder', async () => {
    await writeFile(path.join(dataDir, 'secret.txt'), 'secret')
    const storage = createStorage({ dataDir: path.join(dataDir, 'inner') })
    await expect(storage.get('../../secret.txt')).rejects.toBeInstanceOf(StorageError)
  })
})

describe('AWS Signature V4', () => {
  const creds = {
    region: 'us-east-1',
    service: 's3',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
  }

  test('reproduces the S3 documentation example "GET /test.txt"', () => {
    const out = signV4({
      ...creds,
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      headers: { Range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY_SHA256, 'x-amz-date': '20130524T000000Z' }
    })
    expect(out.canonicalRequest).toBe(
      [
        'GET',
        '/test.txt',
        '',
        'host:examplebucket.s3.amazonaws.com',
        'range:bytes=0-9',
        `x-amz-content-sha256:${EMPTY_SHA256}`,
        'x-amz-date:20130524T000000Z',
        '',
        'host;range;x-amz-content-sha256;x-amz-date',
        EMPTY_SHA256
      ].join('\n')
    )
    expect(out.stringToSign).toBe(
      'AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n' +
        '7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972'
    )
    expect(out.signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41')
    expect(out.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41'
    )
  })

  test('amzDate format', () => {
    expect(amzDate(new Date('2013-05-24T00:00:00.000Z'))).toBe('20130524T000000Z')
  })
})

describe('S3-compatible storage against a local fake', () => {
  const S3 = {
    bucket: 'anjia-uploads',
    region: 'cn-east-1',
    accessKeyId: 'TESTKEYID',
    secretAccessKey: 'test/secret+key',
    forcePathStyle: true
  }
  const objects = new Map<string, { body: Buffer; type: string }>()
  const seen: { method: string; url: string; authorization: string }[] = []
  let server: Server
  let endpoint: string
  let failNext: number | null = null

  const readBody = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => resolve(Buffer.concat(chunks)))
      req.on('error', reject)
    })

  /** Checks the request the way S3 would: recompute the signature from what arrived. */
  function authorised(req: IncomingMessage, body: Buffer): boolean {
    const auth = String(req.headers.authorization ?? '')
    const m =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request,SignedHeaders=([a-z0-9;-]+),Signature=([0-9a-f]{64})$/.exec(
        auth
      )
    if (!m || m[1] !== S3.accessKeyId || m[3] !== S3.region) return false
    if (req.headers['x-amz-content-sha256'] !== sha256Hex(body)) return false
    const signed = m[4].split(';')
    if (!signed.includes('host') || !signed.includes('x-amz-date') || !signed.includes('x-amz-content-sha256')) return false
    const headers: Record<string, string> = {}
    for (const name of signed) if (name !== 'host') headers[name] = String(req.headers[name])
    const expected = signV4({
      method: req.method!,
      url: new URL(`http://${req.headers.host}${req.url}`),
      headers,
      region: S3.region,
      service: 's3',
      accessKeyId: S3.accessKeyId,
      secretAccessKey: S3.secretAccessKey
    })
    return expected.signature === m[5]
  }

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await readBody(req)
      seen.push({ method: req.method!, url: req.url!, authorization: String(req.headers.authorization) })
      if (failNext) {
        res.writeHead(failNext, { 'content-type': 'application/xml' })
        res.end('<Error><Code>InternalError</Code><Message>boom</Message></Error>')
        failNext = null
        return
      }
      if (!authorised(req, body)) {
        res.writeHead(403, { 'content-type': 'application/xml' })
        res.end('<Error><Code>SignatureDoesNotMatch</Code></Error>')
        return
      }
      const key = req.url!
      if (req.method === 'PUT') {
        objects.set(key, { body, type: String(req.headers['content-type']) })
        res.writeHead(200).end()
      } else if (req.method === 'GET') {
        const o = objects.get(key)
        if (!o) res.writeHead(404).end('<Error><Code>NoSuchKey</Code></Error>')
        else res.writeHead(200, { 'content-type': o.type }).end(o.body)
      } else if (req.method === 'DELETE') {
        objects.delete(key)
        res.writeHead(204).end()
      } else res.writeHead(405).end()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  beforeEach(() => {
    objects.clear()
    seen.length = 0
  })

  test('round trip with signed, path-style requests', async () => {
    const storage = createStorage({ dataDir: '/nonexistent', s3: { ...S3, endpoint } })
    expect(storage.kind).toBe('s3')
    const key = '2024/11/0123456789abcdef01234567.pdf'
    await storage.put(key, PDF, 'application/pdf')
    expect(objects.get(`/anjia-uploads/${key}`)).toEqual({ body: PDF, type: 'application/pdf' })
    expect(await storage.get(key)).toEqual(PDF)
    await storage.remove(key)
    expect(await storage.get(key)).toBeNull()
    await expect(storage.remove(key)).resolves.toBeUndefined()

    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      `PUT /anjia-uploads/${key}`,
      `GET /anjia-uploads/${key}`,
      `DELETE /anjia-uploads/${key}`,
      `GET /anjia-uploads/${key}`,
      `DELETE /anjia-uploads/${key}`
    ])
    for (const r of seen) {
      expect(r.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=TESTKEYID\/\d{8}\/cn-east-1\/s3\/aws4_request,SignedHeaders=(content-type;)?host;x-amz-content-sha256;x-amz-date,Signature=[0-9a-f]{64}$/
      )
    }
  })

  test('a wrong secret is refused by the fake and surfaces as STORAGE_FAILED', async () => {
    const storage = createStorage({ dataDir: '/nonexistent', s3: { ...S3, endpoint, secretAccessKey: 'wrong' } })
    await expect(storage.put('2024/11/aa.jpg', JPEG, 'image/jpeg')).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
      status: 403,
      message: '文件存储失败（PUT 403 SignatureDoesNotMatch）'
    })
    expect(objects.size).toBe(0)
  })

  test('a server error is reported, never read as "missing"', async () => {
    const storage = createStorage({ dataDir: '/nonexistent', s3: { ...S3, endpoint } })
    failNext = 500
    await expect(storage.get('2024/11/aa.jpg')).rejects.toMatchObject({ code: 'STORAGE_FAILED', status: 500 })
  })

  test('an unreachable endpoint is STORAGE_FAILED', async () => {
    const storage = createStorage({ dataDir: '/nonexistent', s3: { ...S3, endpoint: 'http://127.0.0.1:1', timeoutMs: 2000 } })
    await expect(storage.get('2024/11/aa.jpg')).rejects.toMatchObject({ code: 'STORAGE_FAILED' })
  })

  test('traversal keys never reach the network', async () => {
    const storage = createStorage({ dataDir: '/nonexistent', s3: { ...S3, endpoint } })
    await expect(storage.get('../other-bucket/x')).rejects.toMatchObject({ code: 'INVALID_KEY' })
    expect(seen).toHaveLength(0)
  })
})

import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { extensionFor, sniffMime } from '../../server/src/modules/uploads/sniff'
import { StorageError, createStorage, newStorageKey, s3UrlFor } from '../../server/src/modules/uploads/storage'

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

describe('S3 object URLs (signing itself is aws4fetch, proven against s3rver in uploads-s3.test.ts)', () => {
  const key = '2024/11/0123456789abcdef01234567.pdf'

  test('path style is the default: endpoint/bucket/key', () => {
    expect(s3UrlFor({ endpoint: 'http://127.0.0.1:9000', bucket: 'anjia' }, key).toString()).toBe(`http://127.0.0.1:9000/anjia/${key}`)
    expect(s3UrlFor({ endpoint: 'http://127.0.0.1:9000', bucket: 'anjia', forcePathStyle: true }, null).toString()).toBe('http://127.0.0.1:9000/anjia/')
  })

  test('virtual-hosted style: bucket.endpoint/key, keeping the port and a base path', () => {
    expect(s3UrlFor({ endpoint: 'https://cos.ap-guangzhou.myqcloud.com', bucket: 'anjia-1250000000', forcePathStyle: false }, key).toString()).toBe(
      `https://anjia-1250000000.cos.ap-guangzhou.myqcloud.com/${key}`
    )
    expect(s3UrlFor({ endpoint: 'http://s3.localhost:4569/base/', bucket: 'b', forcePathStyle: false }, key).toString()).toBe(`http://b.s3.localhost:4569/base/${key}`)
  })

  test('a non-http endpoint and a traversal key are refused', () => {
    expect(() => s3UrlFor({ endpoint: 'ftp://x', bucket: 'b' }, key)).toThrow(StorageError)
    expect(() => s3UrlFor({ endpoint: 'http://x', bucket: 'b' }, '../other-bucket/x')).toThrow(StorageError)
  })

  test('S3_FORCE_PATH_STYLE and S3_SESSION_TOKEN reach the config', () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { loadConfig } = require('../../server/src/config') as typeof import('../../server/src/config')
    const env = { DATA_DIR: '/nonexistent', ANJIA_SECRET_KEY: '0'.repeat(64), S3_ENDPOINT: 'http://x', S3_BUCKET: 'b' }
    expect(loadConfig(env).s3).toMatchObject({ forcePathStyle: true })
    expect(loadConfig({ ...env, S3_FORCE_PATH_STYLE: 'false', S3_SESSION_TOKEN: 'tok' }).s3).toMatchObject({ forcePathStyle: false, sessionToken: 'tok' })
  })
})

describe('S3 storage failures (a plain HTTP server playing a broken store)', () => {
  const S3 = { bucket: 'anjia-uploads', region: 'cn-east-1', accessKeyId: 'TESTKEYID', secretAccessKey: 'secret' }
  let server: Server
  let endpoint: string
  const seen: string[] = []

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      seen.push(`${req.method} ${req.url}`)
      req.resume()
      res.writeHead(500, { 'content-type': 'application/xml' })
      res.end('<Error><Code>InternalError</Code><Message>boom</Message></Error>')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  test('a server error is reported with its code, never read as "missing"', async () => {
    const storage = createStorage({ dataDir: '/nonexistent', s3: { ...S3, endpoint } })
    await expect(storage.get('2024/11/aa.jpg')).rejects.toMatchObject({ code: 'STORAGE_FAILED', status: 500, message: '文件存储失败（GET 500 InternalError）' })
    await expect(storage.open!('2024/11/aa.jpg')).rejects.toMatchObject({ code: 'STORAGE_FAILED', status: 500 })
    await expect(storage.check!()).rejects.toMatchObject({ code: 'STORAGE_FAILED', status: 500 })
  })

  test('an unreachable endpoint is STORAGE_FAILED', async () => {
    const storage = createStorage({ dataDir: '/nonexistent', s3: { ...S3, endpoint: 'http://127.0.0.1:1', timeoutMs: 2000 } })
    await expect(storage.get('2024/11/aa.jpg')).rejects.toMatchObject({ code: 'STORAGE_FAILED' })
  })

  test('traversal keys never reach the network', async () => {
    seen.length = 0
    const storage = createStorage({ dataDir: '/nonexistent', s3: { ...S3, endpoint } })
    await expect(storage.get('../other-bucket/x')).rejects.toMatchObject({ code: 'INVALID_KEY' })
    expect(seen).toHaveLength(0)
  })
})

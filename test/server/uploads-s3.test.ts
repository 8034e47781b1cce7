/*
 * Uploads on an S3-compatible store, against a real S3-protocol server (s3rver, started here on
 * 127.0.0.1 with a temp dir) behind a front that recomputes every SigV4 signature with a
 * test-only implementation checked against AWS's documented example (s3rver itself does not
 * verify SigV4: see test/support/s3rver.ts). The server's signer is aws4fetch: these tests
 * prove its requests are what S3 accepts, not what our own signing code expects.
 */
import http from 'node:http'
import { Readable } from 'node:stream'
import { EMPTY_SHA256, createStorage, type S3Options } from '../../server/src/modules/uploads/storage'
import { buildApp } from '../../server/src/app'
import { S3RVER_KEY, S3RVER_SECRET, expectedSignature, startS3rver, type TestS3 } from '../support/s3rver'
import { PNG_1x1, bearer, createTestApp, dialects, multipart, staffLogin, verifyAs, type TestApp } from './harness'

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n')
const KEY = '2026/03/0123456789abcdef01234567.pdf'

let s3: TestS3
beforeAll(async () => {
  s3 = await startS3rver()
})
afterAll(async () => s3?.close())

const opts = (extra: Partial<S3Options> = {}): S3Options => ({
  endpoint: s3.endpoint,
  bucket: s3.bucket,
  region: 'us-east-1',
  accessKeyId: S3RVER_KEY,
  secretAccessKey: S3RVER_SECRET,
  ...extra
})

test('the test-only SigV4 check reproduces the S3 documentation example "GET /test.txt"', () => {
  const headers = { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY_SHA256, 'x-amz-date': '20130524T000000Z' }
  expect(
    expectedSignature({
      method: 'GET',
      url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
      headers,
      signed: Object.keys(headers),
      secret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      amzDate: '20130524T000000Z',
      scope: '20130524/us-east-1/s3/aws4_request',
      payloadHash: EMPTY_SHA256
    })
  ).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41')
})

describe('the S3 store against s3rver (path style, the default)', () => {
  test('put, get, open (streamed), remove; a missing object is null; removing it again is fine', async () => {
    const storage = createStorage({ dataDir: '/nonexistent', s3: opts() })
    await storage.put(KEY, PDF, 'application/pdf')
    expect(s3.keys()).toContain(KEY)
    expect(await storage.get(KEY)).toEqual(PDF)
    const opened = await storage.open!(KEY)
    expect(opened!.body).toBeInstanceOf(Readable)
    expect(opened!.size).toBe(PDF.length)
    const chunks: Buffer[] = []
    for await (const c of opened!.body) chunks.push(Buffer.from(c))
    expect(Buffer.concat(chunks)).toEqual(PDF)
    await storage.remove(KEY)
    expect(s3.keys()).not.toContain(KEY)
    expect(await storage.get(KEY)).toBeNull()
    expect(await storage.open!(KEY)).toBeNull()
    await expect(storage.remove(KEY)).resolves.toBeUndefined()
    await expect(storage.check!()).resolves.toBeUndefined()
  })

  test('a wrong secret is refused by the verifying store: 403 SignatureDoesNotMatch, nothing stored', async () => {
    const storage = createStorage({ dataDir: '/nonexistent', s3: opts({ secretAccessKey: 'not-the-secret' }) })
    await expect(storage.put('2026/03/aa.jpg', PDF, 'image/jpeg')).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
      status: 403,
      message: '文件存储失败（PUT 403 SignatureDoesNotMatch）'
    })
    expect(s3.keys()).not.toContain('2026/03/aa.jpg')
    await expect(storage.check!()).rejects.toMatchObject({ code: 'STORAGE_FAILED', status: 403 })
  })

  test('an unknown access key is refused too', async () => {
    const storage = createStorage({ dataDir: '/nonexistent', s3: opts({ accessKeyId: 'SOMEONE' }) })
    await expect(storage.put('2026/03/ab.jpg', PDF, 'image/jpeg')).rejects.toMatchObject({ code: 'STORAGE_FAILED', status: 403 })
  })

  test('a body changed after signing is refused (the payload hash is signed)', async () => {
    const storage = createStorage({
      dataDir: '/nonexistent',
      s3: opts({ fetch: async (req) => fetch(new Request(req, { body: Buffer.from('%PDF-1.7 tampered'), duplex: 'half' } as RequestInit)) })
    })
    await expect(storage.put('2026/03/ac.pdf', PDF, 'application/pdf')).rejects.toMatchObject({ code: 'STORAGE_FAILED', status: 403 })
    expect(s3.keys()).not.toContain('2026/03/ac.pdf')
  })

  test('a session token (S3_SESSION_TOKEN) is sent as x-amz-security-token and signed', async () => {
    const seen: Request[] = []
    const storage = createStorage({
      dataDir: '/nonexistent',
      s3: opts({ sessionToken: 'FQoGZXIvYXdzEXAMPLETOKEN', fetch: (req) => (seen.push(req.clone()), fetch(req)) })
    })
    await storage.put(KEY, PDF, 'application/pdf')
    expect(await storage.get(KEY)).toEqual(PDF)
    expect(seen[0].headers.get('x-amz-security-token')).toBe('FQoGZXIvYXdzEXAMPLETOKEN')
    expect(seen[0].headers.get('authorization')).toMatch(/SignedHeaders=[^,]*x-amz-security-token/)
    await storage.remove(KEY)
  })

  test('a missing bucket is not ready: HEAD bucket 404', async () => {
    const storage = createStorage({ dataDir: '/nonexistent', s3: opts({ bucket: 'no-such-bucket' }) })
    await expect(storage.check!()).rejects.toMatchObject({ code: 'STORAGE_FAILED', status: 404 })
  })
})

describe('virtual-hosted style against s3rver (bucket.s3.localhost)', () => {
  let vs3: TestS3
  beforeAll(async () => {
    vs3 = await startS3rver({ bucket: 'vhost-bucket', serviceEndpoint: 'localhost' })
  })
  afterAll(async () => vs3?.close())

  /** *.localhost does not resolve here: connect to 127.0.0.1 and keep the Host header the request was signed for. */
  const viaLoopback = async (req: Request): Promise<Response> => {
    const url = new URL(req.url)
    const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { host: url.host }
      req.headers.forEach((v, k) => (headers[k] = v))
      const r = http.request({ host: '127.0.0.1', port: url.port, method: req.method, path: url.pathname + url.search, headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => {
          const h = new Headers()
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v)
          const status = res.statusCode ?? 500
          resolve(new Response(status === 204 || status === 304 || req.method === 'HEAD' ? null : Buffer.concat(chunks), { status, headers: h }))
        })
      })
      r.on('error', reject)
      r.end(body)
    })
  }

  test('put, get, remove addressed as https://bucket.endpoint/key', async () => {
    const seen: string[] = []
    const storage = createStorage({
      dataDir: '/nonexistent',
      s3: {
        ...opts(),
        endpoint: `http://s3.localhost:${vs3.port}`,
        bucket: vs3.bucket,
        forcePathStyle: false,
        fetch: (req) => (seen.push(new URL(req.url).host + new URL(req.url).pathname), viaLoopback(req))
      }
    })
    await storage.put(KEY, PDF, 'application/pdf')
    expect(vs3.keys()).toEqual([KEY])
    expect(await storage.get(KEY)).toEqual(PDF)
    await storage.check!()
    await storage.remove(KEY)
    expect(vs3.keys()).toEqual([])
    expect(seen[0]).toBe(`vhost-bucket.s3.localhost:${vs3.port}/${KEY}`)
  })
})

describe.each(dialects())('uploads through the API on s3rver (%s)', (dialect) => {
  let t: TestApp
  let app: Awaited<ReturnType<typeof buildApp>>
  beforeAll(async () => {
    t = await createTestApp(dialect)
    // the same database, an app whose uploads go to the bucket
    app = await buildApp({
      config: { ...t.config, s3: { endpoint: s3.endpoint, bucket: s3.bucket, region: 'us-east-1', accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_SECRET, forcePathStyle: true } },
      db: t.db.handle,
      logger: false
    })
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
    await t?.close()
  })

  test('an ID photo uploaded by the owner lands in the bucket; the owner and the reviewer read it with the local-file headers', async () => {
    const s = await verifyAs(t, 3)
    const consent = await app.inject({ method: 'POST', url: '/api/owner/consents', headers: bearer(s.sessionToken), payload: { kind: 'id_photo' } })
    expect(consent.statusCode).toBe(200)
    const m = multipart(PNG_1x1, 'id.png')
    const res = await app.inject({ method: 'POST', url: '/api/owner/documents/owner_id_card/files', headers: { ...bearer(s.sessionToken), ...m.headers }, payload: m.payload })
    expect(res.statusCode).toBe(200)
    const row = await app.db.selectFrom('uploads').select('storage_key').where('id', '=', res.json().upload.id).executeTakeFirstOrThrow()
    expect(s3.keys()).toContain(row.storage_key)

    // what is stored is the re-encoded image (no metadata): the bucket's object, served as is
    const stored = await createStorage({ dataDir: '/nonexistent', s3: opts() }).get(row.storage_key)
    expect(stored!.subarray(0, 8).equals(PNG_1x1.subarray(0, 8))).toBe(true)
    expect(stored!.length).toBe(res.json().upload.size)
    const own = await app.inject({ method: 'GET', url: res.json().upload.url, headers: bearer(s.sessionToken) })
    expect(own.statusCode).toBe(200)
    expect(own.rawPayload.equals(stored!)).toBe(true)
    expect(own.headers).toMatchObject({
      'content-type': 'image/png',
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
      'content-disposition': 'inline; filename="file.png"',
      'content-length': String(stored!.length)
    })

    const reviewer = await staffLogin(t, 'reviewer')
    const staff = await app.inject({ method: 'GET', url: `/api/staff/files/${res.json().upload.id}`, headers: bearer(reviewer) })
    expect(staff.statusCode).toBe(200)
    expect(staff.rawPayload.equals(stored!)).toBe(true)
    expect(staff.headers['content-security-policy']).toBe("sandbox; default-src 'none'")

    // another owner never reaches it
    const other = await verifyAs(t, 4)
    expect((await app.inject({ method: 'GET', url: res.json().upload.url, headers: bearer(other.sessionToken) })).statusCode).toBe(404)

    // an object gone from the bucket (deleted by hand) answers 404 NOT_FOUND, not 500
    await createStorage({ dataDir: '/nonexistent', s3: opts() }).remove(row.storage_key)
    const gone = await app.inject({ method: 'GET', url: `/api/staff/files/${res.json().upload.id}`, headers: bearer(reviewer) })
    expect(gone.statusCode).toBe(404)
    expect(gone.json()).toEqual({ error: { code: 'NOT_FOUND', message: '文件不存在' } })
  })

  test('GET /api/ready: 200 with the bucket answering, 503 STORAGE_UNAVAILABLE when it does not', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/ready' })).json()).toEqual({ status: 'ready', decryptFailures: 0 })
    const broken = await buildApp({ config: { ...t.config, s3: { ...opts(), secretAccessKey: 'wrong', forcePathStyle: true } }, db: t.db.handle, logger: false })
    try {
      const res = await broken.inject({ method: 'GET', url: '/api/ready' })
      expect(res.statusCode).toBe(503)
      expect(res.json().error.code).toBe('STORAGE_UNAVAILABLE')
      expect((await broken.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200)
    } finally {
      await broken.close()
    }
  })
})

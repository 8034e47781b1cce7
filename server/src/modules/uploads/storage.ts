/**
 * Where uploaded files live: the local disk (default) or an S3-compatible bucket (AWS S3,
 * MinIO, Tencent COS, Aliyun OSS...) spoken to with plain fetch and AWS Signature V4, no SDK.
 * Keys are made by the server (newStorageKey); anything else that looks like a path
 * trick is refused before it reaches the disk or the network.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises'
import path from 'node:path'

export interface S3Options {
  /** e.g. https://s3.ap-east-1.amazonaws.com or http://127.0.0.1:9000 */
  endpoint: string
  bucket: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  /** https://endpoint/bucket/key instead of https://bucket.endpoint/key (MinIO needs it) */
  forcePathStyle?: boolean
  /** per request; default 15 s */
  timeoutMs?: number
}

export interface StorageOptions {
  dataDir: string
  s3?: S3Options
}

export interface Storage {
  kind: 'local' | 's3'
  put(key: string, buf: Buffer, mime: string): Promise<void>
  /** null when there is no such object */
  get(key: string): Promise<Buffer | null>
  /** removing a missing object is not an error */
  remove(key: string): Promise<void>
}

export type StorageErrorCode = 'INVALID_KEY' | 'STORAGE_FAILED'

export class StorageError extends Error {
  readonly code: StorageErrorCode
  /** HTTP status of the S3 answer, when there was one */
  readonly status?: number

  constructor(code: StorageErrorCode, message: string, status?: number) {
    super(message)
    this.name = 'StorageError'
    this.code = code
    this.status = status
  }
}

// ---------------------------------------------------------------------------------------
// Keys

const SEGMENT_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/
const EXT_RE = /^[a-z0-9]{1,8}$/
const MAX_KEY_LENGTH = 512

/** Throws StorageError('INVALID_KEY') for anything but a relative, plain, forward-slash key. */
export function assertValidKey(key: string): void {
  const bad = (why: string) => new StorageError('INVALID_KEY', `非法的文件标识（${why}）`)
  if (typeof key !== 'string' || key.length === 0) throw bad('为空')
  if (key.length > MAX_KEY_LENGTH) throw bad('过长')
  if (key.includes('..')) throw bad('包含 ..')
  if (key.includes('\\')) throw bad('包含反斜杠')
  if (key.startsWith('/') || /^[A-Za-z]:/.test(key)) throw bad('绝对路径')
  if (!key.split('/').every((s) => SEGMENT_RE.test(s))) throw bad('包含不允许的字符')
}

/** A fresh key `yyyy/mm/<24 hex>.<ext>`; the month is Asia/Shanghai's (UTC+8). */
export function newStorageKey(ext: string, now: Date = new Date()): string {
  if (!EXT_RE.test(ext)) throw new StorageError('INVALID_KEY', '非法的文件扩展名')
  const shanghai = new Date(now.getTime() + 8 * 3_600_000).toISOString()
  return `${shanghai.slice(0, 4)}/${shanghai.slice(5, 7)}/${randomBytes(12).toString('hex')}.${ext}`
}

// ---------------------------------------------------------------------------------------
// Local disk

function createLocalStorage(dataDir: string): Storage {
  const root = path.resolve(dataDir, 'uploads')

  const fileFor = (key: string): string => {
    assertValidKey(key)
    const file = path.resolve(root, key)
    // Defence in depth: the key rules above already make this impossible.
    if (!file.startsWith(root + path.sep)) throw new StorageError('INVALID_KEY', '非法的文件标识（越界）')
    return file
  }

  return {
    kind: 'local',

    async put(key, buf) {
      const file = fileFor(key)
      // Personal documents: readable by the service user only.
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
      const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`
      try {
        const fh = await open(tmp, 'wx', 0o600)
        try {
          await fh.writeFile(buf)
          await fh.sync()
        } finally {
          await fh.close()
        }
        await rename(tmp, file) // atomic: readers see the old file or the whole new one
      } catch (err) {
        await unlink(tmp).catch(() => undefined)
        throw err
      }
    },

    async get(key) {
      const file = fileFor(key)
      try {
        return await readFile(file)
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null
        throw err
      }
    },

    async remove(key) {
      const file = fileFor(key)
      try {
        await unlink(file)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// AWS Signature Version 4 (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html)

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest()
}

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - . _ ~ */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

export interface SignInput {
  method: string
  url: URL
  /** headers to sign besides host (x-amz-date and x-amz-content-sha256 are required) */
  headers: Record<string, string>
  region: string
  service: string
  accessKeyId: string
  secretAccessKey: string
}

export interface SignOutput {
  authorization: string
  signature: string
  signedHeaders: string
  canonicalRequest: string
  stringToSign: string
}

/** Signs one request. Payload hash and date are taken from the x-amz-* headers. */
export function signV4(input: SignInput): SignOutput {
  const headers = new Map<string, string>()
  headers.set('host', input.url.host)
  for (const [name, value] of Object.entries(input.headers)) {
    headers.set(name.toLowerCase(), String(value).trim().replace(/\s+/g, ' '))
  }
  const amzDate = headers.get('x-amz-date')
  const payloadHash = headers.get('x-amz-content-sha256')
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate)) throw new Error('x-amz-date header required (YYYYMMDDTHHMMSSZ)')
  if (!payloadHash) throw new Error('x-amz-content-sha256 header required')

  const names = [...headers.keys()].sort()
  const signedHeaders = names.join(';')
  const canonicalHeaders = names.map((n) => `${n}:${headers.get(n)}\n`).join('')
  // S3 encodes the path once; URL has already percent-encoded it, so decode then encode.
  const canonicalUri =
    input.url.pathname
      .split('/')
      .map((seg) => uriEncode(decodeURIComponent(seg)))
      .join('/') || '/'
  const canonicalQuery = [...input.url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')

  const canonicalRequest = [
    input.method.toUpperCase(),
    canonicalUri,
    canonicalQuery,
    canonicalHeaders,
    signedHeaders,
    payloadHash
  ].join('\n')

  const day = amzDate.slice(0, 8)
  const scope = `${day}/${input.region}/${input.service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n')

  const kDate = hmac(`AWS4${input.secretAccessKey}`, day)
  const kRegion = hmac(kDate, input.region)
  const kService = hmac(kRegion, input.service)
  const kSigning = hmac(kService, 'aws4_request')
  const signature = createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex')

  return {
    authorization: `AWS4-HMAC-SHA256 Credential=${input.accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`,
    signature,
    signedHeaders,
    canonicalRequest,
    stringToSign
  }
}

/** 2013-05-24T00:00:00.000Z → 20130524T000000Z */
export function amzDate(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')
}

// ---------------------------------------------------------------------------------------
// S3-compatible bucket

function createS3Storage(s3: S3Options): Storage {
  const endpoint = new URL(s3.endpoint)
  if (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:') {
    throw new StorageError('STORAGE_FAILED', 'S3 endpoint 必须是 http(s) 地址')
  }
  const timeoutMs = s3.timeoutMs ?? 15_000
  const base = endpoint.pathname.replace(/\/+$/, '')

  const urlFor = (key: string): URL => {
    assertValidKey(key)
    const encodedKey = key.split('/').map(uriEncode).join('/')
    const url = new URL(endpoint.origin)
    if (s3.forcePathStyle) {
      url.pathname = `${base}/${uriEncode(s3.bucket)}/${encodedKey}`
    } else {
      url.hostname = `${s3.bucket}.${endpoint.hostname}`
      url.pathname = `${base}/${encodedKey}`
    }
    return url
  }

  const send = async (method: 'PUT' | 'GET' | 'DELETE', key: string, body?: Buffer, mime?: string) => {
    const url = urlFor(key)
    const headers: Record<string, string> = {
      'x-amz-content-sha256': body ? sha256Hex(body) : EMPTY_SHA256,
      'x-amz-date': amzDate(new Date())
    }
    if (mime) headers['content-type'] = mime
    const { authorization } = signV4({
      method,
      url,
      headers,
      region: s3.region,
      service: 's3',
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey
    })
    try {
      return await fetch(url, {
        method,
        headers: { ...headers, authorization },
        body,
        signal: AbortSignal.timeout(timeoutMs)
      })
    } catch (err) {
      throw new StorageError('STORAGE_FAILED', `文件存储服务不可用（${method} ${(err as Error).name}）`)
    }
  }

  const fail = async (method: string, res: Response): Promise<never> => {
    // S3 answers errors as XML with a <Code>; keep only that, never the request.
    const text = await res.text().catch(() => '')
    const code = /<Code>([^<]{1,64})<\/Code>/.exec(text)?.[1] ?? ''
    throw new StorageError('STORAGE_FAILED', `文件存储失败（${method} ${res.status}${code ? ` ${code}` : ''}）`, res.status)
  }

  return {
    kind: 's3',

    async put(key, buf, mime) {
      const res = await send('PUT', key, buf, mime)
      if (!res.ok) await fail('PUT', res)
      await res.arrayBuffer().catch(() => undefined) // drain so the socket is reused
    },

    async get(key) {
      const res = await send('GET', key)
      if (res.status === 404) {
        await res.arrayBuffer().catch(() => undefined)
        return null
      }
      if (!res.ok) return fail('GET', res)
      return Buffer.from(await res.arrayBuffer())
    },

    async remove(key) {
      const res = await send('DELETE', key)
      if (!res.ok && res.status !== 404) await fail('DELETE', res)
      await res.arrayBuffer().catch(() => undefined)
    }
  }
}

/** The configured storage: S3-compatible when `s3` is given, the local disk otherwise. */
export function createStorage(opts: StorageOptions): Storage {
  return opts.s3 ? createS3Storage(opts.s3) : createLocalStorage(opts.dataDir)
}

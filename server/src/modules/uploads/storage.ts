/**
 * Where uploaded files live: the local disk (default) or an S3-compatible bucket (AWS S3,
 * MinIO, Tencent COS, Aliyun OSS...) spoken to with fetch, requests signed by aws4fetch
 * (SigV4; proven against s3rver, a real S3-protocol server, in test/server/uploads-s3.test.ts).
 * Both stores are shared-nothing-safe: several instances may use one bucket; the local disk
 * is one machine's only (startup.ts warns when DATABASE_URL is set with it).
 * Keys are made by the server (newStorageKey); anything else that looks like a path
 * trick is refused before it reaches the disk or the network.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { AwsClient } from 'aws4fetch'
import { shanghaiMonthPath } from '../../lib/time'

export interface S3Options {
  /** e.g. https://s3.ap-east-1.amazonaws.com or http://127.0.0.1:9000 */
  endpoint: string
  bucket: string
  region: string
  accessKeyId: string
  secretAccessKey: string
  /** temporary credentials (STS): sent as x-amz-security-token and signed */
  sessionToken?: string
  /** https://endpoint/bucket/key (default, undefined or true) or https://bucket.endpoint/key (false) */
  forcePathStyle?: boolean
  /** tests: how a signed request is sent (default: the global fetch) */
  fetch?: (req: Request) => Promise<Response>
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
  /** the object as a stream (null when missing), so a large file is never held in memory; stores without it are read with get */
  open?(key: string): Promise<{ body: Readable; size?: number } | null>
  /** removing a missing object is not an error */
  remove(key: string): Promise<void>
  /** readiness: throws StorageError when the store does not answer (S3: HEAD bucket) */
  check?(): Promise<void>
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
  return `${shanghaiMonthPath(now)}/${randomBytes(12).toString('hex')}.${ext}`
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

    async open(key) {
      const file = fileFor(key)
      try {
        const st = await stat(file)
        if (!st.isFile()) return null
        return { body: createReadStream(file), size: st.size }
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if (code === 'ENOENT' || code === 'ENOTDIR') return null
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
// S3-compatible bucket, signed by aws4fetch (SigV4, session tokens included)

/** SHA-256 of an empty payload, hex: what GET/HEAD/DELETE sign as their body hash. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

/** RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - . _ ~ */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * The URL of an object (or of the bucket itself when `key` is null). Path style
 * (https://endpoint/bucket/key) is the default: every S3-compatible server speaks it (MinIO,
 * s3rver, Ceph) and it needs no wildcard DNS. forcePathStyle=false gives the virtual-hosted
 * style (https://bucket.endpoint/key) that AWS prefers and COS/OSS require.
 */
export function s3UrlFor(s3: Pick<S3Options, 'endpoint' | 'bucket' | 'forcePathStyle'>, key: string | null): URL {
  const endpoint = new URL(s3.endpoint)
  if (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:') {
    throw new StorageError('STORAGE_FAILED', 'S3 endpoint 必须是 http(s) 地址')
  }
  if (key !== null) assertValidKey(key)
  const base = endpoint.pathname.replace(/\/+$/, '')
  const encodedKey = key === null ? '' : key.split('/').map(uriEncode).join('/')
  const url = new URL(endpoint.origin)
  if (s3.forcePathStyle !== false) {
    url.pathname = `${base}/${uriEncode(s3.bucket)}/${encodedKey}`
  } else {
    url.hostname = `${s3.bucket}.${endpoint.hostname}`
    url.pathname = `${base}/${encodedKey}`
  }
  return url
}

function createS3Storage(s3: S3Options): Storage {
  s3UrlFor(s3, null) // refuses a bad endpoint at start-up, not at the first upload
  const timeoutMs = s3.timeoutMs ?? 15_000
  const client = new AwsClient({
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    ...(s3.sessionToken ? { sessionToken: s3.sessionToken } : {}),
    service: 's3',
    region: s3.region,
    retries: 0
  })
  const doFetch = s3.fetch ?? ((req: Request) => fetch(req))

  const send = async (method: 'PUT' | 'GET' | 'HEAD' | 'DELETE', key: string | null, body?: Buffer, mime?: string): Promise<Response> => {
    const url = s3UrlFor(s3, key)
    const headers: Record<string, string> = {
      // the payload hash is signed too: the store refuses a body changed on the way
      'x-amz-content-sha256': body ? createHash('sha256').update(body).digest('hex') : EMPTY_SHA256
    }
    if (mime) headers['content-type'] = mime
    try {
      const signed = await client.sign(url.toString(), { method, headers, body, signal: AbortSignal.timeout(timeoutMs) })
      return await doFetch(signed)
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
  const drain = (res: Response) => res.arrayBuffer().catch(() => undefined) // so the socket is reused

  return {
    kind: 's3',

    async put(key, buf, mime) {
      const res = await send('PUT', key, buf, mime)
      if (!res.ok) await fail('PUT', res)
      await drain(res)
    },

    async get(key) {
      const res = await send('GET', key)
      if (res.status === 404) {
        await drain(res)
        return null
      }
      if (!res.ok) return fail('GET', res)
      return Buffer.from(await res.arrayBuffer())
    },

    async open(key) {
      const res = await send('GET', key)
      if (res.status === 404) {
        await drain(res)
        return null
      }
      if (!res.ok || !res.body) return fail('GET', res)
      const length = Number(res.headers.get('content-length'))
      return { body: Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), ...(Number.isSafeInteger(length) && length >= 0 ? { size: length } : {}) }
    },

    async remove(key) {
      const res = await send('DELETE', key)
      if (!res.ok && res.status !== 404) await fail('DELETE', res)
      await drain(res)
    },

    async check() {
      const res = await send('HEAD', null)
      await drain(res)
      if (!res.ok) throw new StorageError('STORAGE_FAILED', `文件存储不可用（HEAD bucket ${res.status}）`, res.status)
    }
  }
}

/** The configured storage: S3-compatible when `s3` is given, the local disk otherwise. */
export function createStorage(opts: StorageOptions): Storage {
  return opts.s3 ? createS3Storage(opts.s3) : createLocalStorage(opts.dataDir)
}

/*
 * A real S3-protocol server for tests: s3rver on 127.0.0.1 (random port), objects in a temp
 * dir, one bucket, default credentials S3RVER / S3RVER.
 *
 * Measured: s3rver 3.7.1 checks only that a SigV4 request names a known access key — its
 * source says "Signature version 4 calculation is unimplemented", and a wrong secret was
 * accepted. So a verifying front sits before it: it recomputes every SigV4 signature (and the
 * payload hash) with the test-only implementation below, which reproduces AWS's documented
 * example and shares no code with the server's signer (aws4fetch), and answers 403
 * SignatureDoesNotMatch as S3 does. Everything else (storage, 404 NoSuchKey, HEAD bucket,
 * virtual-hosted addressing) is s3rver's.
 */
import { createHash, createHmac } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'

// eslint-disable-next-line @typescript-eslint/no-var-requires
const S3rver = require('s3rver')

export const S3RVER_KEY = 'S3RVER'
export const S3RVER_SECRET = 'S3RVER'

export interface TestS3 {
  /** http://127.0.0.1:<port> */
  endpoint: string
  port: number
  bucket: string
  dir: string
  /** objects currently stored, by key */
  keys(): string[]
  close(): Promise<void>
}

export async function startS3rver(opts: { bucket?: string; serviceEndpoint?: string } = {}): Promise<TestS3> {
  const bucket = opts.bucket ?? 'anjia-uploads'
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjia-s3rver-'))
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    allowMismatchedSignatures: false,
    configureBuckets: [{ name: bucket }],
    ...(opts.serviceEndpoint ? { serviceEndpoint: opts.serviceEndpoint } : {})
  })
  const { port: innerPort } = (await server.run()) as { port: number }
  const front = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const why = checkSigV4(req, body)
      if (why) {
        res.writeHead(403, { 'content-type': 'application/xml' })
        res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>${why}</Message></Error>`)
        return
      }
      const fwd = http.request({ host: '127.0.0.1', port: innerPort, method: req.method, path: req.url, headers: req.headers, agent: false }, (inner) => {
        res.writeHead(inner.statusCode ?? 502, inner.headers)
        inner.pipe(res)
      })
      fwd.on('error', () => res.writeHead(502).end())
      fwd.end(body)
    })
  })
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve))
  const port = (front.address() as import('node:net').AddressInfo).port
  const keys = () => {
    const root = path.join(dir, bucket)
    const out: string[] = []
    const walk = (d: string) => {
      for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
        const p = path.join(d, e.name)
        if (e.isDirectory()) walk(p)
        else if (e.name.endsWith('._S3rver_object')) out.push(path.relative(root, p).replace(/\._S3rver_object$/, ''))
      }
    }
    walk(root)
    return out
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    bucket,
    dir,
    keys,
    close: async () => {
      front.closeAllConnections()
      await new Promise<void>((resolve) => front.close(() => resolve()))
      await server.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
}

// ---------------------------------------------------------------------------------------
// SigV4 verification, test-only (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html)

const SECRETS: Record<string, string> = { [S3RVER_KEY]: S3RVER_SECRET }

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest()
export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')
const uriEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** The signature S3 computes for a request: method, URL, the signed headers' values, the secret. */
export function expectedSignature(i: { method: string; url: URL; headers: Record<string, string>; signed: string[]; secret: string; amzDate: string; scope: string; payloadHash: string }): string {
  const canonicalUri = i.url.pathname.split('/').map((seg) => uriEncode(decodeURIComponent(seg))).join('/') || '/'
  const canonicalQuery = [...i.url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const canonicalHeaders = i.signed.map((n) => `${n}:${String(i.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('')
  const canonicalRequest = [i.method, canonicalUri, canonicalQuery, canonicalHeaders, i.signed.join(';'), i.payloadHash].join('\n')
  const stringToSign = ['AWS4-HMAC-SHA256', i.amzDate, i.scope, sha256Hex(canonicalRequest)].join('\n')
  const [day, region, service] = i.scope.split('/')
  const kSigning = hmac(hmac(hmac(hmac(`AWS4${i.secret}`, day), region), service), 'aws4_request')
  return createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex')
}

/** null when the request is signed right; otherwise why not. */
function checkSigV4(req: http.IncomingMessage, body: Buffer): string | null {
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8}\/[^/]+\/s3\/aws4_request), ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(String(req.headers.authorization ?? ''))
  if (!m) return 'no SigV4 Authorization'
  const secret = SECRETS[m[1]]
  if (!secret) return 'unknown access key'
  const amzDate = String(req.headers['x-amz-date'] ?? '')
  if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== m[2].slice(0, 8)) return 'bad x-amz-date'
  const at = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15))
  if (Math.abs(Date.now() - at) > 15 * 60_000) return 'request time too skewed'
  const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '')
  if (payloadHash !== 'UNSIGNED-PAYLOAD' && payloadHash !== sha256Hex(body)) return 'payload hash mismatch'
  const signed = m[3].split(';')
  if (!signed.includes('host') || !signed.includes('x-amz-date')) return 'host and x-amz-date must be signed'
  if (req.headers['x-amz-security-token'] !== undefined && !signed.includes('x-amz-security-token')) return 'session token not signed'
  const headers: Record<string, string> = {}
  for (const n of signed) headers[n] = String(req.headers[n] ?? '')
  const url = new URL(`http://${req.headers.host}${req.url}`)
  const sig = expectedSignature({ method: req.method!, url, headers, signed, secret, amzDate, scope: m[2], payloadHash })
  return sig === m[4] ? null : 'signature mismatch'
}

/**
 * Hand-drawn signatures (agreements, the handover form, the key handover confirmation).
 *
 * `saveSignatureImage(storage, dataUrl, now)` decodes a `data:image/png;base64,...` URL,
 * checks it really is a PNG (magic bytes, never the declared type), at most 1 MB, and not
 * blank (some ink differs from the background), then stores it under a fresh key.
 * Callers keep the returned `key` in their row and, if their transaction fails, remove it:
 *
 *   const sig = await saveSignatureImage(app.storage, body.signaturePng, now)
 *   try { await db.transaction().execute(...) } catch (e) { await app.storage.remove(sig.key).catch(() => {}); throw e }
 *
 * Routes that take a signature in a JSON body need `bodyLimit: SIGNATURE_BODY_LIMIT` (the
 * app-wide limit of 1 MB is below a 1 MB PNG in base64) and `SignaturePngSchema` from
 * types/agreements.ts. Serve the image with `sendUpload(app, reply, { storageKey, mime: 'image/png' })`
 * (documents/routes.ts) after checking the row belongs to the caller's case.
 */
import { createHash } from 'node:crypto'
import { inflateSync } from 'node:zlib'
import { SIGNATURE_MAX_BYTES } from '../../../../types/agreements'
import { ApiError } from '../../errors'
import { sniffMime } from '../uploads/sniff'
import { newStorageKey, type Storage } from '../uploads/storage'

export { SIGNATURE_MAX_BYTES }

/** Route body limit for a JSON body carrying one signature data URL plus a few fields. */
export const SIGNATURE_BODY_LIMIT = Math.ceil((SIGNATURE_MAX_BYTES * 4) / 3) + 64 * 1024

/** Fewer differing pixels than this is a dot or a slip, not a signature. */
export const MIN_INK_PIXELS = 20
/** Largest canvas accepted (pixels), so a tiny compressed PNG cannot inflate to gigabytes. */
const MAX_PIXELS = 4096 * 4096

const DATA_URL_RE = /^data:image\/png;base64,/i
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/

export interface SavedSignature {
  /** storage key (`yyyy/mm/<hex>.png`) to keep in the caller's row */
  key: string
  mime: 'image/png'
  size: number
  /** hex SHA-256 of the PNG bytes */
  sha256: string
  bytes: Buffer
}

const invalid = (message = '签名图片格式不正确，请重新签名') => new ApiError(400, 'SIGNATURE_INVALID', message)

/** The PNG bytes of a signature data URL; throws 4xx ApiErrors with stable codes. */
export function decodeSignaturePng(dataUrl: unknown): Buffer {
  if (typeof dataUrl !== 'string' || dataUrl.length === 0) throw invalid('请先签名')
  const m = DATA_URL_RE.exec(dataUrl.slice(0, 32))
  if (!m) {
    if (/^data:[^,]*,/i.test(dataUrl.slice(0, 64))) throw new ApiError(415, 'UNSUPPORTED_FILE_TYPE', '签名须为 PNG 图片')
    throw invalid()
  }
  const b64 = dataUrl.slice(m[0].length).replace(/\s+/g, '')
  // Checked on the text first, so a huge body is refused before it is decoded.
  if (Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0) > SIGNATURE_MAX_BYTES) {
    throw new ApiError(413, 'SIGNATURE_TOO_LARGE', '签名图片不能超过 1 MB')
  }
  if (b64.length === 0 || b64.length % 4 !== 0 || !BASE64_RE.test(b64)) throw invalid()
  const buf = Buffer.from(b64, 'base64')
  if (buf.length === 0) throw new ApiError(400, 'SIGNATURE_EMPTY', '请先签名')
  if (sniffMime(buf) !== 'image/png') throw new ApiError(415, 'UNSUPPORTED_FILE_TYPE', '签名须为 PNG 图片')
  return buf
}

interface PngInfo {
  width: number
  height: number
  bitDepth: number
  colorType: number
  interlace: number
  idat: Buffer
  palette: Buffer | null
  trns: Buffer | null
}

function readChunks(buf: Buffer): PngInfo {
  let off = 8
  let ihdr: Buffer | null = null
  let palette: Buffer | null = null
  let trns: Buffer | null = null
  const idat: Buffer[] = []
  let ended = false
  while (off + 8 <= buf.length) {
    const len = buf.readUInt32BE(off)
    const type = buf.toString('latin1', off + 4, off + 8)
    const start = off + 8
    const end = start + len
    if (end + 4 > buf.length) throw invalid('签名图片不完整，请重新签名')
    const data = buf.subarray(start, end)
    if (type === 'IHDR') ihdr = data
    else if (type === 'PLTE') palette = data
    else if (type === 'tRNS') trns = data
    else if (type === 'IDAT') idat.push(data)
    else if (type === 'IEND') {
      ended = true
      break
    }
    off = end + 4 // skip CRC
  }
  if (!ihdr || ihdr.length !== 13 || idat.length === 0 || !ended) throw invalid('签名图片不完整，请重新签名')
  return {
    width: ihdr.readUInt32BE(0),
    height: ihdr.readUInt32BE(4),
    bitDepth: ihdr[8],
    colorType: ihdr[9],
    interlace: ihdr[12],
    idat: Buffer.concat(idat),
    palette,
    trns
  }
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

/**
 * Counts pixels whose RGBA differs clearly from the top-left (background) pixel. Supports the
 * 8-bit non-interlaced PNGs canvases produce (grey, RGB, palette, grey+alpha, RGBA).
 */
export function countInkPixels(png: Buffer, stopAt = Infinity): number {
  const info = readChunks(png)
  const channels = CHANNELS[info.colorType]
  if (!channels || info.bitDepth !== 8 || info.interlace !== 0) throw invalid('不支持的签名图片格式，请使用签名板重新签名')
  if (info.width === 0 || info.height === 0 || info.width * info.height > MAX_PIXELS) throw invalid('签名图片尺寸不正确')
  const stride = info.width * channels
  const expected = (stride + 1) * info.height
  let raw: Buffer
  try {
    raw = inflateSync(info.idat, { maxOutputLength: expected + 1 })
  } catch {
    throw invalid('签名图片已损坏，请重新签名')
  }
  if (raw.length < expected) throw invalid('签名图片已损坏，请重新签名')

  const rgba = (line: Buffer, x: number): [number, number, number, number] => {
    const i = x * channels
    switch (info.colorType) {
      case 0:
        return [line[i], line[i], line[i], 255]
      case 2:
        return [line[i], line[i + 1], line[i + 2], 255]
      case 3: {
        const p = line[i]
        const pal = info.palette
        if (!pal || p * 3 + 2 >= pal.length) return [0, 0, 0, 255]
        const alpha = info.trns && p < info.trns.length ? info.trns[p] : 255
        return [pal[p * 3], pal[p * 3 + 1], pal[p * 3 + 2], alpha]
      }
      case 4:
        return [line[i], line[i], line[i], line[i + 1]]
      default:
        return [line[i], line[i + 1], line[i + 2], line[i + 3]]
    }
  }
  // Fully transparent pixels are all "nothing", whatever their colour bytes say.
  const norm = (p: [number, number, number, number]) => (p[3] === 0 ? [0, 0, 0, 0] : p)
  const differs = (a: number[], b: number[]) =>
    Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]) + Math.abs(a[3] - b[3]) > 96

  const bpp = channels
  let prev = Buffer.alloc(stride)
  let cur = Buffer.alloc(stride)
  let background: number[] | null = null
  let ink = 0
  for (let y = 0; y < info.height; y++) {
    const rowStart = y * (stride + 1)
    const filter = raw[rowStart]
    const src = raw.subarray(rowStart + 1, rowStart + 1 + stride)
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? cur[i - bpp] : 0
      const b = prev[i]
      const c = i >= bpp ? prev[i - bpp] : 0
      let v: number
      switch (filter) {
        case 0:
          v = src[i]
          break
        case 1:
          v = src[i] + a
          break
        case 2:
          v = src[i] + b
          break
        case 3:
          v = src[i] + ((a + b) >> 1)
          break
        case 4:
          v = src[i] + paeth(a, b, c)
          break
        default:
          throw invalid('签名图片已损坏，请重新签名')
      }
      cur[i] = v & 0xff
    }
    for (let x = 0; x < info.width; x++) {
      const px = norm(rgba(cur, x))
      if (!background) background = px
      else if (differs(px, background) && ++ink >= stopAt) return ink
    }
    ;[prev, cur] = [cur, prev]
  }
  return ink
}

/** Decodes, validates (PNG, ≤ 1 MB, not blank) and stores a signature; see the file comment. */
export async function saveSignatureImage(storage: Storage | { storage: Storage }, dataUrl: unknown, now: Date): Promise<SavedSignature> {
  const store = 'put' in storage ? storage : storage.storage
  const bytes = decodeSignaturePng(dataUrl)
  if (countInkPixels(bytes, MIN_INK_PIXELS) < MIN_INK_PIXELS) throw new ApiError(400, 'SIGNATURE_EMPTY', '签名为空，请在签名区域内手写签名')
  const key = newStorageKey('png', now)
  await store.put(key, bytes, 'image/png')
  return { key, mime: 'image/png', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), bytes }
}

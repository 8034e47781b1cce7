/**
 * What an uploaded file must be before it is stored: the magic bytes only say what a file
 * claims to be. Images are decoded (a JPEG header followed by HTML is not a photo), their
 * dimensions bounded before any pixel is decoded (a 1 KB PNG may claim 60000×60000, a
 * decompression bomb), and re-encoded without metadata: EXIF (GPS position, camera, time)
 * never reaches the store, whatever platform took the photo (PIPL: ID-card photos are
 * sensitive personal information), and bytes trailing the image are dropped with it.
 * PDFs that can run code (JavaScript, launch actions, embedded files, XFA forms) are refused.
 */
import zlib from 'node:zlib'
import sharp from 'sharp'
import { ApiError } from '../../errors'
import { sniffMime, type SniffedMime } from './sniff'

/** 50 megapixels: a 48 MP phone photo passes, a decoded RGBA bitmap stays under 200 MB. */
export const MAX_IMAGE_PIXELS = 50_000_000
/** WebP cannot be larger; no camera or scanner page needs more. */
export const MAX_IMAGE_SIDE = 16_383

// Uploads are personal documents: libvips keeps no decoded copy of them between requests.
sharp.cache(false)

const SHARP_FORMAT: Record<string, SniffedMime> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' }

export interface CheckedFile {
  /** what is stored: the re-encoded image, or the PDF as uploaded */
  buf: Buffer
  mime: SniffedMime
}

function notImage(): ApiError {
  return new ApiError(400, 'IMAGE_INVALID', '图片无法识别或已损坏，请重新拍照或选择其他图片')
}

/** Decodes, bounds and re-encodes an image; the output carries no metadata. */
export async function cleanImage(buf: Buffer, mime: SniffedMime): Promise<CheckedFile> {
  let width: number | undefined
  let height: number | undefined
  let format: string | undefined
  try {
    // the header only: no pixel is decoded yet, so no limit is needed to read the claim
    const meta = await sharp(buf, { limitInputPixels: false }).metadata()
    width = meta.width
    height = meta.height
    format = meta.format
  } catch {
    throw notImage()
  }
  if (!format || SHARP_FORMAT[format] !== mime || !width || !height) throw notImage()
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    throw new ApiError(400, 'IMAGE_TOO_LARGE', `图片尺寸过大（${width}×${height} 像素），请压缩或截图后重新上传`)
  }
  try {
    // rotate(): the EXIF orientation is applied to the pixels before the EXIF is dropped
    const img = sharp(buf, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', sequentialRead: true }).rotate()
    // sharp writes no metadata unless asked (no withMetadata/keepExif here)
    const out =
      mime === 'image/jpeg'
        ? await img.jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer()
        : mime === 'image/png'
          ? await img.png({ compressionLevel: 6 }).toBuffer()
          : await img.webp({ quality: 90 }).toBuffer()
    return { buf: out, mime }
  } catch {
    throw notImage()
  }
}

// ---------------------------------------------------------------------------------------
// PDF

/** Names whose presence lets a PDF run code or carry another file. */
const ACTIVE_NAMES = new Set(['JavaScript', 'JS', 'Launch', 'RichMedia', 'EmbeddedFile', 'EmbeddedFiles', 'XFA', 'ImportData', 'SubmitForm'])
/** A PDF name token; `#xx` escapes (/J#61vaScript) are decoded before comparing. */
const NAME_RE = /\/([^\s/<>[\]()%{}]+)/g
/** Decompressed stream bytes scanned per file (object streams hide dictionaries). */
const MAX_INFLATED = 32 * 1024 * 1024

function decodeName(raw: string): string {
  return raw.replace(/#([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
}

function activeNameIn(text: string): string | null {
  for (const m of text.matchAll(NAME_RE)) {
    const name = decodeName(m[1])
    if (ACTIVE_NAMES.has(name)) return name
  }
  return null
}

/**
 * The first active-content name in the PDF, or null: its objects as written, and its
 * Flate-compressed object streams (/Type /ObjStm), where dictionaries are kept out of sight.
 * A heuristic: other filters, other streams and encrypted PDFs are not opened, which is
 * why uploads are also served as attachments under a sandboxing CSP (core/uploads-headers.ts).
 */
export function pdfActiveContent(buf: Buffer): string | null {
  const text = buf.toString('latin1')
  const direct = activeNameIn(text)
  if (direct) return direct
  let budget = MAX_INFLATED
  const streamRe = /stream\r?\n/g
  for (let m = streamRe.exec(text); m && budget > 0; m = streamRe.exec(text)) {
    const start = m.index + m[0].length
    const end = text.indexOf('endstream', start)
    if (end < 0) break
    streamRe.lastIndex = end + 'endstream'.length
    const dict = text.slice(Math.max(0, text.lastIndexOf('obj', m.index)), m.index)
    if (!/\/Type\s*\/ObjStm/.test(dict)) continue
    let inflated: Buffer
    try {
      inflated = zlib.inflateSync(buf.subarray(start, end), { maxOutputLength: budget, finishFlush: zlib.constants.Z_SYNC_FLUSH })
    } catch {
      continue // not Flate, or beyond the budget
    }
    budget -= inflated.length
    const found = activeNameIn(inflated.toString('latin1'))
    if (found) return found
  }
  return null
}

// ---------------------------------------------------------------------------------------

/**
 * The file as it may be stored, or an ApiError: 415 for a type not in `allowed`, 400
 * IMAGE_INVALID / IMAGE_TOO_LARGE / PDF_ACTIVE_CONTENT for a file that only looks right.
 */
export async function checkUpload(buf: Buffer, allowed: ReadonlySet<SniffedMime>, typeMessage: string): Promise<CheckedFile> {
  const mime = sniffMime(buf)
  if (!mime || !allowed.has(mime)) throw new ApiError(415, 'UNSUPPORTED_FILE_TYPE', typeMessage)
  if (mime === 'application/pdf') {
    const name = pdfActiveContent(buf)
    if (name) throw new ApiError(400, 'PDF_ACTIVE_CONTENT', `PDF 含有脚本或嵌入内容（/${name}），请另存为普通 PDF 或拍照上传`)
    return { buf, mime }
  }
  return cleanImage(buf, mime)
}

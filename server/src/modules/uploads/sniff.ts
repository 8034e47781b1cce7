/**
 * File type from magic bytes only. The client's file name, extension and Content-Type are
 * never trusted: a renamed executable must not become "a photo of an ID card".
 */

export type SniffedMime = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf'

export const ALLOWED_MIMES: readonly SniffedMime[] = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf']

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

function startsWith(buf: Buffer, bytes: readonly number[], offset = 0): boolean {
  if (buf.length < offset + bytes.length) return false
  for (let i = 0; i < bytes.length; i++) if (buf[offset + i] !== bytes[i]) return false
  return true
}

function ascii(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0))
}

const RIFF = ascii('RIFF')
const WEBP = ascii('WEBP')
const PDF = ascii('%PDF-')

/** The accepted type of `buf`, or null for anything else (ELF, MZ, zip, html, svg, gif, empty). */
export function sniffMime(buf: Buffer): SniffedMime | null {
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(buf, PNG_SIGNATURE)) return 'image/png'
  if (startsWith(buf, RIFF) && startsWith(buf, WEBP, 8)) return 'image/webp'
  if (startsWith(buf, PDF)) return 'application/pdf'
  return null
}

const EXTENSIONS: Record<SniffedMime, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf'
}

/** The file extension stored for a sniffed type (without the dot). */
export function extensionFor(mime: SniffedMime): string {
  return EXTENSIONS[mime]
}

/*
 * Builds real PNGs for signature tests (8-bit RGBA, filter 0): a blank canvas, or one with a
 * drawn line. Reusable by any test that posts a signature.
 */
import { deflateSync } from 'node:zlib'

const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

function crc32(buf: Buffer): number {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}

export type Rgba = [number, number, number, number]

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c
  const pa = Math.abs(p - a)
  const pb = Math.abs(p - b)
  const pc = Math.abs(p - c)
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
}

/**
 * An RGBA PNG whose pixel (x, y) is `pixel(x, y)`. With `allFilters`, row y uses PNG filter
 * y % 5 (none, sub, up, average, paeth), as real encoders mix them.
 */
export function makePng(width: number, height: number, pixel: (x: number, y: number) => Rgba, opts: { allFilters?: boolean } = {}): Buffer {
  const stride = width * 4
  const raw = Buffer.alloc((stride + 1) * height)
  let prev = Buffer.alloc(stride)
  for (let y = 0; y < height; y++) {
    const cur = Buffer.alloc(stride)
    for (let x = 0; x < width; x++) cur.set(pixel(x, y), x * 4)
    const filter = opts.allFilters ? y % 5 : 0
    const row = y * (stride + 1)
    raw[row] = filter
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? cur[i - 4] : 0
      const b = prev[i]
      const c = i >= 4 ? prev[i - 4] : 0
      const pred = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : paeth(a, b, c)
      raw[row + 1 + i] = (cur[i] - pred) & 0xff
    }
    prev = cur
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = 6
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0))
  ])
}

const WHITE: Rgba = [255, 255, 255, 255]
const INK: Rgba = [31, 36, 33, 255]

/** A white 120x60 pad with a diagonal stroke, as the pad would send it. */
export function signedPng(seed = 0): Buffer {
  return makePng(120, 60, (x, y) => (Math.abs(y - Math.floor(x / 2) - (seed % 5)) <= 1 ? INK : WHITE))
}

/** A white pad nobody drew on. */
export function blankPng(): Buffer {
  return makePng(120, 60, () => WHITE)
}

export const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`

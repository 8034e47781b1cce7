/*
 * Reading the PDFs back the way a person would: poppler renders and extracts text, jsQR
 * scans the rendered page (an independent decoder, not the code that drew the QR).
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'

function tmp(pdf: Buffer): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anjia-pdf-'))
  const file = path.join(dir, 'in.pdf')
  fs.writeFileSync(file, pdf)
  return { dir, file }
}

export function pdfPages(pdf: Buffer): number {
  const { dir, file } = tmp(pdf)
  try {
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
    return Number(/Pages:\s+(\d+)/.exec(info)![1])
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** The text of each page (pdftotext splits pages with a form feed). */
export function pdfText(pdf: Buffer): string[] {
  const { dir, file } = tmp(pdf)
  try {
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    return text.split('\f').slice(0, -1)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Page `page` rendered at `dpi` as a PNG (and written to `keepAs` when given, to look at). */
export function renderPage(pdf: Buffer, page: number, dpi = 150, keepAs?: string): PNG {
  const { dir, file } = tmp(pdf)
  try {
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-f', String(page), '-l', String(page), '-singlefile', file, path.join(dir, 'out')])
    const buf = fs.readFileSync(path.join(dir, 'out.png'))
    if (keepAs) {
      fs.mkdirSync(path.dirname(keepAs), { recursive: true })
      fs.writeFileSync(keepAs, buf)
    }
    return PNG.sync.read(buf)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

export function crop(png: PNG, x: number, y: number, w: number, h: number): PNG {
  const out = new PNG({ width: w, height: h })
  PNG.bitblt(png, out, x, y, w, h, 0, 0)
  return out
}

/** The QR's text and its printed width in cm (outer corners of the code at the render's dpi). */
export function scanQr(png: PNG, dpi: number): { text: string; widthCm: number } | null {
  const r = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
  if (!r) return null
  const l = r.location
  const px = Math.hypot(l.topRightCorner.x - l.topLeftCorner.x, l.topRightCorner.y - l.topLeftCorner.y)
  return { text: r.data, widthCm: (px / dpi) * 2.54 }
}

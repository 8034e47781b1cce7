/*
 * PDFs the server renders: Noto Sans SC from the npm package's whole TTFs (never a system font;
 * pdfkit embeds only the glyphs used), read once per process, and one plain A4 "record" layout
 * for the papers an owner keeps (receipt, signed agreement, 房屋交接单, key record).
 */
import fs from 'node:fs'
import PDFDocument from 'pdfkit'

export const CM = 72 / 2.54
export const A4: [number, number] = [595.28, 841.89]

let fonts: { regular: Buffer; bold: Buffer } | null = null
/** The two weights, read from disk on first use. */
export function cjkFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: fs.readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')),
    bold: fs.readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'))
  }
  return fonts
}

/** A pdfkit document with the fonts registered as 'sc' and 'sc-bold'. */
export function newCjkDoc(options: PDFKit.PDFDocumentOptions): PDFKit.PDFDocument {
  const f = cjkFonts()
  const doc = new PDFDocument(options)
  doc.registerFont('sc', f.regular)
  doc.registerFont('sc-bold', f.bold)
  return doc
}

/** Collects the document's bytes; call before drawing, then doc.end(). */
export function collectPdf(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
}

export interface RecordPdf {
  /** big title, e.g. 收据 / 房屋交接单 */
  title: string
  /** under the title, e.g. the community and the number */
  subtitle?: string
  /** label: value rows */
  rows: [string, string][]
  /** an optional table (e.g. receipt lines), the last row bold when `totalRow` */
  table?: { head: [string, string]; rows: [string, string][]; totalRow?: boolean }
  /** free text (an agreement's body) */
  body?: string
  /** signature images (PNG/JPEG bytes) with their captions */
  signatures?: { caption: string; image: Buffer | null }[]
  /** small print at the bottom */
  footer?: string
}

const isImage = (b: Buffer | null): b is Buffer =>
  !!b && b.length > 8 && ((b[0] === 0xff && b[1] === 0xd8) || (b[0] === 0x89 && b[1] === 0x50))

/** One record on A4 (pages added as the body needs). Pure: data in, PDF bytes out. */
export function renderRecordPdf(r: RecordPdf): Promise<Buffer> {
  const margin = 2 * CM
  const doc = newCjkDoc({ size: A4, margin, info: { Title: r.title, Creator: '安家 Anjia' } })
  const out = collectPdf(doc)
  const width = A4[0] - margin * 2
  doc.font('sc-bold').fontSize(22).fillColor('#1f2622').text(r.title, { align: 'center' })
  if (r.subtitle) doc.moveDown(0.3).font('sc').fontSize(11).fillColor('#4a524e').text(r.subtitle, { align: 'center' })
  doc.moveDown(1)
  for (const [label, value] of r.rows) {
    const y = doc.y
    doc.font('sc').fontSize(12).fillColor('#4a524e').text(label, margin, y, { width: 90 })
    doc.font('sc').fontSize(12).fillColor('#1f2622').text(value || '—', margin + 96, y, { width: width - 96 })
    doc.moveDown(0.35)
  }
  if (r.table) {
    doc.moveDown(0.6)
    const line = (a: string, b: string, bold: boolean) => {
      const y = doc.y
      doc.font(bold ? 'sc-bold' : 'sc').fontSize(12).fillColor('#1f2622').text(a, margin, y, { width: width - 140 })
      const h = doc.y
      doc.text(b, margin + width - 140, y, { width: 140, align: 'right' })
      doc.y = Math.max(h, doc.y)
      doc.moveTo(margin, doc.y + 3).lineTo(margin + width, doc.y + 3).lineWidth(0.5).strokeColor('#c8cfcb').stroke()
      doc.moveDown(0.5)
    }
    line(r.table.head[0], r.table.head[1], true)
    r.table.rows.forEach(([a, b], i) => line(a, b, !!r.table!.totalRow && i === r.table!.rows.length - 1))
  }
  if (r.body) {
    doc.moveDown(0.8)
    doc.font('sc').fontSize(11).fillColor('#1f2622').text(r.body, margin, doc.y, { width, lineGap: 3 })
  }
  if (r.signatures?.length) {
    doc.moveDown(1)
    if (doc.y > A4[1] - margin - 120) doc.addPage()
    let x = margin
    const top = doc.y
    for (const s of r.signatures) {
      doc.font('sc').fontSize(11).fillColor('#4a524e').text(s.caption, x, top, { width: 200 })
      if (isImage(s.image)) doc.image(s.image, x, top + 18, { fit: [200, 80] })
      else doc.text('（未留存签名图像）', x, top + 40, { width: 200 })
      x += 230
    }
    doc.y = top + 110
  }
  if (r.footer) {
    doc.moveDown(1)
    doc.font('sc').fontSize(9).fillColor('#4a524e').text(r.footer, margin, doc.y, { width })
  }
  doc.end()
  return out
}

/** Content-Disposition for a Chinese file name (RFC 5987) with an ASCII fallback. */
export function pdfDisposition(fileName: string, asciiFallback: string): string {
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`
}

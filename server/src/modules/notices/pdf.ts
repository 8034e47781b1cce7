/*
 * Layout of the printed move-in notice (入伙通知书, one A4 page per house) and of the QR
 * sticker sheets (3 x 4 per A4 page). Pure: data in, PDF bytes out.
 *
 *  1. The text is real text in Noto Sans SC (the npm package's whole TTFs, never a system
 *     font); pdfkit embeds only the glyphs used, so 50 pages stay around 30 KB.
 *  2. The QR is QR_SIZE = 4.5 cm of dark modules (docs/domain.md asks at least 3 cm on paper), drawn
 *     as vector squares (crisp at any printer resolution) with a 4-module quiet zone; a
 *     mini-program code (PNG from WeChat) is placed in the same box.
 *  3. Only masked names appear: a notice travels by post and lies on doormats.
 */
import { newCjkDoc } from '../../lib/pdf'
import QRCode from 'qrcode'

export const CM = 72 / 2.54
/** printed width of the QR's modules (without the quiet zone) */
export const QR_SIZE = 4.5 * CM
const A4: [number, number] = [595.28, 841.89]
const MARGIN = 2 * CM

export type QrImage =
  | { kind: 'url'; text: string }
  | { kind: 'png'; png: Buffer }
  /** a stored mini-program code, read only when its page is drawn (2,000 PNGs never sit in memory at once) */
  | { kind: 'stored'; load: () => Promise<Buffer> }

async function ready(qr: QrImage): Promise<Exclude<QrImage, { kind: 'stored' }>> {
  return qr.kind === 'stored' ? { kind: 'png', png: await qr.load() } : qr
}

export interface NoticeFeeLine {
  label: string
  detail: string
  amount: string
}

export interface NoticePage {
  communityName: string
  houseLabel: string
  /** masked names of the registered owners (co-owners each) */
  ownerNames: string[]
  /** e.g. 第一批 (集中交付 batch), '' when unknown */
  batchTitle: string
  dateWindow: string
  place: string
  documents: string[]
  fees: NoticeFeeLine[]
  feesTotal: string
  servicePhone: string
  serviceHours: string
  company: string
  entryUrl: string
  qr: QrImage
  /** e.g. 2026年3月2日 */
  issuedOn: string
}

export interface StickerItem {
  communityName: string
  houseLabel: string
  entryUrl: string
  qr: QrImage
}


function newDoc(title: string) {
  const doc = newCjkDoc({ size: A4, margin: MARGIN, autoFirstPage: false, info: { Title: title, Creator: '安家 Anjia' } })
  return doc
}

function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.end()
  })
}

/** Draws the code with its modules exactly `size` wide at (x, y); the quiet zone lies outside. */
function drawQr(doc: PDFKit.PDFDocument, qr: Exclude<QrImage, { kind: 'stored' }>, x: number, y: number, size: number) {
  if (qr.kind === 'png') {
    doc.image(qr.png, x, y, { width: size, height: size })
    return
  }
  const code = QRCode.create(qr.text, { errorCorrectionLevel: 'M' })
  const n = code.modules.size
  const m = size / n
  doc.save()
  // one run of dark modules per rectangle: fewer seams between squares and a smaller file
  for (let r = 0; r < n; r++) {
    let c = 0
    while (c < n) {
      if (!code.modules.get(r, c)) {
        c++
        continue
      }
      const start = c
      while (c < n && code.modules.get(r, c)) c++
      doc.rect(x + start * m, y + r * m, (c - start) * m, m)
    }
  }
  doc.fill('#000000')
  doc.restore()
}

const BODY_SIZES = [11.5, 10.5, 9.5, 8.5, 7.5]

/**
 * The five sections from `y`; draws them when `draw`, else only measures. Returns the y
 * after the last line. Measuring and drawing share this code so they cannot disagree.
 */
function sections(doc: PDFKit.PDFDocument, p: NoticePage, left: number, width: number, y0: number, size: number, draw: boolean): number {
  let y = y0
  const gap = size * 0.3
  const line = (text: string, x = left, w = width, opts: { bold?: boolean; color?: string; align?: 'right' | 'left' } = {}) => {
    doc.font(opts.bold ? 'sc-bold' : 'sc').fontSize(size)
    const h = doc.heightOfString(text, { width: w, lineGap: gap })
    if (draw) doc.fillColor(opts.color ?? '#222222').text(text, x, y, { width: w, lineGap: gap, align: opts.align ?? 'left' })
    return h
  }
  const head = (title: string) => {
    y += size * 0.7
    doc.font('sc-bold').fontSize(size + 1.5)
    const h = doc.heightOfString(title, { width })
    if (draw) doc.fillColor('#1a7f5a').text(title, left, y, { width })
    y += h + size * 0.15
  }
  head('一、办理时间与地点')
  y += line(`时间：${p.batchTitle ? `${p.batchTitle}，` : ''}${p.dateWindow}（具体时段请在小程序中预约）`)
  y += line(`地点：${p.place}`)
  head('二、请携带以下资料（原件及复印件）')
  p.documents.forEach((d, i) => (y += line(`${i + 1}. ${d}`)))
  head('三、费用概览（按房屋面积计算，以办理时账单为准）')
  const colB = left + 110
  const colC = left + width - 110
  for (const f of p.fees) {
    const h = Math.max(line(f.label, left, 105), line(f.detail, colB, colC - colB - 8, { color: '#555555' }), line(f.amount, colC, 110, { align: 'right' }))
    y += h + 1
  }
  if (p.fees.length) {
    if (draw) doc.moveTo(left, y + 2).lineTo(left + width, y + 2).lineWidth(0.5).strokeColor('#bbbbbb').stroke()
    y += 5
    y += Math.max(line('合计', left, 105, { bold: true, color: '#111111' }), line(p.feesTotal, colC, 110, { bold: true, color: '#111111', align: 'right' }))
  } else {
    y += line('费用以办理时账单为准。')
  }
  head('四、办理步骤')
  y += line('① 微信扫码 → ② 核验身份（业主姓名 + 身份证号后 6 位）→ ③ 上传资料 → ④ 预约到场时间 → ⑤ 按预约时间到场，验房并领取钥匙')
  head('五、联系我们')
  y += line(`服务电话：${p.servicePhone || '请咨询物业服务中心'}`)
  if (p.serviceHours) y += line(`服务时间：${p.serviceHours}`)
  return y
}

function noticePage(doc: PDFKit.PDFDocument, p: NoticePage & { qr: Exclude<QrImage, { kind: 'stored' }> }) {
  doc.addPage()
  const [W] = A4
  const left = MARGIN
  const width = W - 2 * MARGIN
  doc.font('sc-bold').fontSize(26).fillColor('#111111').text('入伙通知书', left, MARGIN - 10, { width, align: 'center' })
  doc.font('sc').fontSize(12).fillColor('#555555').text(p.communityName, left, doc.y + 2, { width, align: 'center' })
  const ruleY = doc.y + 8
  doc.moveTo(left, ruleY).lineTo(W - MARGIN, ruleY).lineWidth(0.8).strokeColor('#1a7f5a').stroke()

  // QR column on the right, letter on the left
  const qrBox = QR_SIZE
  const qrX = W - MARGIN - qrBox
  const qrY = ruleY + 18
  drawQr(doc, p.qr, qrX, qrY, qrBox)
  doc.font('sc-bold').fontSize(11).fillColor('#111111').text('微信扫码办理入伙', qrX - 10, qrY + qrBox + 8, { width: qrBox + 20, align: 'center' })
  doc.font('sc').fontSize(7).fillColor('#444444').text(p.entryUrl, qrX - 14, doc.y + 2, { width: qrBox + 28, align: 'center' })
  const qrBottom = doc.y

  const textW = qrX - left - 20
  const owners = p.ownerNames.length ? p.ownerNames.join('、') : '业主'
  doc.font('sc-bold').fontSize(15).fillColor('#111111').text(`尊敬的 ${owners} 业主：`, left, qrY, { width: textW })
  doc.moveDown(0.5)
  doc
    .font('sc')
    .fontSize(12)
    .fillColor('#222222')
    .text(
      `您好！您购买的 ${p.communityName} ${p.houseLabel} 已具备交付条件。请用微信扫描右侧二维码，核验身份后在手机上提前上传资料、签署协议、缴纳费用并预约到场时间；到场当天只需验房、领取钥匙。`,
      { width: textW, lineGap: 4 }
    )
  doc.moveDown(0.5)
  doc.font('sc-bold').fontSize(13).fillColor('#111111').text(`房号：${p.houseLabel}`, { width: textW })

  // The sections below the letter flow at the largest body size that leaves room for the
  // signature and footer: a crowded notice (co-owners, long place, many fees) stays one page.
  const [, H] = A4
  const footerY = H - 1.3 * CM - 10
  const top = Math.max(doc.y, qrBottom) + 6
  const room = footerY - 48 - 14 - top
  let size = BODY_SIZES[BODY_SIZES.length - 1]
  for (const s of BODY_SIZES) {
    if (sections(doc, p, left, width, top, s, false) <= top + room) {
      size = s
      break
    }
  }
  doc.y = sections(doc, p, left, width, top, size, true)

  // signature block low on the page, the footer in the bottom margin: never a second page
  const signY = Math.max(doc.y + 14, footerY - 48)
  doc.font('sc').fontSize(12).fillColor('#111111').text(p.company || p.communityName, left, signY, { width, align: 'right' })
  doc.text(p.issuedOn, { width, align: 'right' })
  const bottom = doc.page.margins.bottom
  doc.page.margins.bottom = 0
  doc
    .font('sc')
    .fontSize(9)
    .fillColor('#666666')
    .text('本通知书上的二维码仅用于您的房屋，请妥善保管。如遗失，请联系物业服务中心补发，原二维码随即失效。', left, footerY, {
      width,
      align: 'center',
      lineBreak: false
    })
  doc.page.margins.bottom = bottom
}

/** One A4 page per house, in the order given. */
export async function renderNotices(pages: NoticePage[]): Promise<Buffer> {
  const doc = newDoc('入伙通知书')
  for (const p of pages) noticePage(doc, { ...p, qr: await ready(p.qr) })
  return toBuffer(doc)
}

export const STICKER_COLUMNS = 3
export const STICKER_ROWS = 4

/** QR stickers: 3 x 4 per A4 page, each QR_SIZE wide with the house label under it and cut lines. */
export async function renderStickers(items: StickerItem[]): Promise<Buffer> {
  const doc = newDoc('入伙二维码贴纸')
  const [W, H] = A4
  const m = 0.8 * CM
  const cellW = (W - 2 * m) / STICKER_COLUMNS
  const cellH = (H - 2 * m) / STICKER_ROWS
  const perPage = STICKER_COLUMNS * STICKER_ROWS
  for (const [i, it] of items.entries()) {
    if (i % perPage === 0) {
      doc.addPage({ size: A4, margin: m })
      // light cut lines
      doc.save().lineWidth(0.3).strokeColor('#cccccc').dash(3, { space: 3 })
      for (let c = 0; c <= STICKER_COLUMNS; c++) doc.moveTo(m + c * cellW, m).lineTo(m + c * cellW, H - m).stroke()
      for (let r = 0; r <= STICKER_ROWS; r++) doc.moveTo(m, m + r * cellH).lineTo(W - m, m + r * cellH).stroke()
      doc.undash().restore()
    }
    const k = i % perPage
    const x0 = m + (k % STICKER_COLUMNS) * cellW
    const y0 = m + Math.floor(k / STICKER_COLUMNS) * cellH
    const qrX = x0 + (cellW - QR_SIZE) / 2
    const qrY = y0 + 14
    drawQr(doc, await ready(it.qr), qrX, qrY, QR_SIZE)
    doc.font('sc-bold').fontSize(14).fillColor('#111111').text(it.houseLabel, x0 + 4, qrY + QR_SIZE + 8, { width: cellW - 8, align: 'center', lineBreak: false })
    doc.font('sc').fontSize(8).fillColor('#555555').text(`${it.communityName} · 微信扫码办理入伙`, x0 + 4, qrY + QR_SIZE + 28, {
      width: cellW - 8,
      align: 'center',
      lineBreak: false
    })
  }
  return toBuffer(doc)
}

/*
 * Layout of the rectification notice (整改通知单) of one contractor: A4 portrait, one block
 * per open item (house, room, location, category, severity, due date, description, up to
 * three before-photo thumbnails), then the signature lines. Pure: data in, PDF bytes out.
 *
 *  1. Text in Noto Sans SC from the npm package's whole TTFs (as the move-in notices do), so
 *     the Chinese is real, extractable text; pdfkit embeds only the glyphs used.
 *  2. pdfkit draws JPEG and PNG only: a WEBP (or unreadable) photo is named, not drawn.
 *  3. No owner's personal data: houses by label only.
 */
import { newCjkDoc } from '../../lib/pdf'

const A4: [number, number] = [595.28, 841.89]
const MARGIN = 48
const THUMB = 96

export interface ContractorNoticeItem {
  houseLabel: string
  room: string
  location: string
  category: string
  severity: string
  description: string
  dueDate: string
  /** rejected fixes so far, with the last reason */
  reopened: { count: number; reason: string | null }
  photos: { data: Buffer | null; mime: string }[]
}

export interface ContractorNotice {
  communityName: string
  contractorName: string
  contact: string
  /** e.g. 2026年3月2日 */
  issuedOn: string
  items: ContractorNoticeItem[]
}


const drawable = (p: { data: Buffer | null }) =>
  !!p.data && p.data.length > 8 && ((p.data[0] === 0xff && p.data[1] === 0xd8) || (p.data[0] === 0x89 && p.data[1] === 0x50))

export function renderContractorNotice(n: ContractorNotice): Promise<Buffer> {
  const doc = newCjkDoc({ size: A4, margin: MARGIN, info: { Title: `整改通知单 ${n.contractorName}`, Creator: '安家 Anjia' } })
  const width = A4[0] - MARGIN * 2
  const bottom = A4[1] - MARGIN
  const out = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  doc.font('sc-bold').fontSize(18).fillColor('#111111').text(`${n.communityName} 整改通知单`, MARGIN, MARGIN, { width, align: 'center' })
  doc.moveDown(0.4)
  doc.font('sc').fontSize(11).fillColor('#222222')
  doc.text(`施工单位：${n.contractorName}`, { width })
  if (n.contact) doc.text(`联系人：${n.contact}`, { width })
  doc.text(`下发日期：${n.issuedOn}    待整改：${n.items.length} 项`, { width })
  doc.text('请于整改期限前完成下列问题的整改，完成后由验房人员拍照记录并验收。', { width })
  doc.moveDown(0.6)

  if (n.items.length === 0) doc.text('目前没有待整改的问题。', { width })

  n.items.forEach((it, i) => {
    const photos = it.photos.slice(0, 3)
    const textH =
      doc.font('sc').fontSize(10.5).heightOfString(`问题描述：${it.description}`, { width }) + 3 * 16 + (it.reopened.count > 0 ? 16 : 0)
    const need = textH + (photos.length ? THUMB + 10 : 0) + 14
    if (doc.y + need > bottom) doc.addPage()
    const top = doc.y
    doc.font('sc-bold').fontSize(12).fillColor('#111111').text(`${i + 1}. ${it.houseLabel}  ${it.room}${it.location ? ` · ${it.location}` : ''}`, MARGIN, top, { width })
    doc.font('sc').fontSize(10.5).fillColor('#222222')
    doc.text(`类别：${it.category}    严重程度：${it.severity}    整改期限：${it.dueDate}`, { width })
    doc.text(`问题描述：${it.description}`, { width })
    if (it.reopened.count > 0) {
      doc.fillColor('#b42318').text(`已退回 ${it.reopened.count} 次${it.reopened.reason ? `：${it.reopened.reason}` : ''}`, { width }).fillColor('#222222')
    }
    if (photos.length) {
      const y = doc.y + 4
      photos.forEach((p, k) => {
        const x = MARGIN + k * (THUMB + 10)
        doc.rect(x, y, THUMB, THUMB).lineWidth(0.5).strokeColor('#cccccc').stroke()
        if (drawable(p)) {
          try {
            doc.image(p.data!, x + 1, y + 1, { fit: [THUMB - 2, THUMB - 2], align: 'center', valign: 'center' })
            return
          } catch {
            // an unreadable image is named below instead
          }
        }
        doc.fontSize(9).fillColor('#666666').text(p.data ? '照片格式无法打印' : '照片不可用', x + 6, y + THUMB / 2 - 6, { width: THUMB - 12, align: 'center' })
      })
      doc.x = MARGIN
      doc.y = y + THUMB + 6
    }
    doc.moveTo(MARGIN, doc.y + 4).lineTo(MARGIN + width, doc.y + 4).lineWidth(0.5).strokeColor('#dddddd').stroke()
    doc.y += 12
    doc.x = MARGIN
  })

  if (doc.y + 90 > bottom) doc.addPage()
  doc.moveDown(1.5)
  doc.font('sc').fontSize(11).fillColor('#111111')
  const y = doc.y
  doc.text('施工单位签收：____________________', MARGIN, y)
  doc.text('日期：______________', MARGIN + width / 2 + 40, y)
  doc.text('验房人员：____________________', MARGIN, y + 32)
  doc.text('日期：______________', MARGIN + width / 2 + 40, y + 32)
  doc.end()
  return out
}

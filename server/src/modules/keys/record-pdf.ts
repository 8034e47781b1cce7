/* The key handover record as a PDF the owner keeps: keys and counts, meter readings, both signatures. */
import type { Db } from '../../db/database'
import { ApiError } from '../../errors'
import { renderRecordPdf } from '../../lib/pdf'
import { shanghaiDateTime } from '../../lib/time'
import type { Storage } from '../uploads/storage'
import { ownerView } from './service'

export async function keyRecordPdf(db: Db, storage: Storage, caseId: number, now: Date): Promise<{ pdf: Buffer; fileName: string }> {
  const view = await ownerView(db, caseId, now)
  const h = view.handover
  if (!h) throw new ApiError(404, 'NOT_FOUND', '钥匙尚未交接')
  const sig = await db.selectFrom('key_handovers').select(['owner_signature_key', 'staff_signature_key']).where('id', '=', h.id).executeTakeFirstOrThrow()
  const [owner, staff] = await Promise.all([storage.get(sig.owner_signature_key), storage.get(sig.staff_signature_key)])
  const pdf = await renderRecordPdf({
    title: '钥匙交接记录',
    subtitle: view.houseLabel,
    rows: [
      ['房屋', view.houseLabel],
      ['交接时间', shanghaiDateTime(h.handedAt)],
      ['经办', h.staffName || '物业服务中心'],
      ['表读数', h.meters.map((m) => `${m.label} ${m.value}`).join('　') || '—']
    ],
    table: { head: ['钥匙', '数量'], rows: h.keys.filter((k) => k.count > 0).map((k) => [k.label, `${k.count}`]) },
    signatures: [
      { caption: '业主签名', image: owner },
      { caption: '经办人签名', image: staff }
    ],
    footer: '业主已核对房号与钥匙数量，双方签字确认。'
  })
  return { pdf, fileName: `钥匙交接记录-${view.houseLabel}.pdf` }
}

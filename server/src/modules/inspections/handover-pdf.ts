/* The signed 房屋交接单 as a PDF the owner keeps: every round's result, the defects and how they ended, the meters, the signature. */
import type { Db } from '../../db/database'
import { ApiError } from '../../errors'
import { renderRecordPdf } from '../../lib/pdf'
import { shanghaiDateTime } from '../../lib/time'
import type { OwnerAuth } from '../../plugins/auth'
import { INSPECTION_METER_LABELS } from '../../../../types/inspections'
import type { Storage } from '../uploads/storage'
import * as repo from './repository'
import { ownerView } from './service'

const DEFECT_STATUS: Record<string, string> = { open: '待整改', fixed: '已整改待确认', confirmed: '已整改，业主已确认' }

export async function handoverPdf(db: Db, storage: Storage, auth: OwnerAuth): Promise<{ pdf: Buffer; fileName: string }> {
  const view = await ownerView(db, auth)
  const latest = (await repo.listInspections(db, auth.caseId)).at(-1)
  if (!view.signedAt || !latest) throw new ApiError(404, 'NOT_FOUND', '房屋交接单尚未签署')
  const image = latest.ownerSignatureKey ? await storage.get(latest.ownerSignatureKey) : null
  const defects = view.rounds.flatMap((r) => r.defects.map((d) => [`第 ${r.round} 轮 ${d.room} ${d.location}：${d.description}`, DEFECT_STATUS[d.status] ?? d.status] as [string, string]))
  const pdf = await renderRecordPdf({
    title: '房屋交接单',
    subtitle: view.houseLabel,
    rows: [
      ['房屋', view.houseLabel],
      ['验房', view.rounds.map((r) => `第 ${r.round} 轮${r.result === 'passed' ? '通过' : r.result === 'defects' ? '发现问题' : '进行中'}`).join('，')],
      ['表读数', view.meters.map((m) => `${INSPECTION_METER_LABELS[m.kind]} ${m.value}`).join('　') || '—'],
      ['业主签署', shanghaiDateTime(view.signedAt)]
    ],
    table: { head: ['问题', '结果'], rows: defects.length ? defects : [['验房未发现问题', '—']] },
    signatures: [{ caption: '业主签名', image }],
    footer: '业主已逐项查看房屋并确认以上问题的整改结果，签署本交接单。'
  })
  return { pdf, fileName: `房屋交接单-${view.houseLabel}.pdf` }
}

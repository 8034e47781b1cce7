import type { NoticeQuery, WxacodeFailure } from '../../types'
import { generateWxacodes } from '../api/notices'
import { openPdf, type OpenedPdf } from '../api/pdf'
import type { ApiFailure } from '../api/client'

export type PrintOutcome =
  | { ok: true; pdf: OpenedPdf; generated: number }
  | { ok: false; error: ApiFailure; failed: WxacodeFailure[] }

function queryOf(q: NoticeQuery): Record<string, string | undefined> {
  return { building: q.building, batch: q.batch, houseIds: q.houseIds }
}

/**
 * Opens a notices or stickers PDF. With WeChat configured the server answers 409
 * WXACODE_MISSING until the mini-program codes exist: they are generated here once and the
 * PDF asked again; houses WeChat refused are returned to be shown (the PDF is not printed
 * half-done).
 */
export async function printPdf(path: string, q: NoticeQuery, fileName: string): Promise<PrintOutcome> {
  const first = await openPdf(path, queryOf(q), fileName)
  if (first.ok) return { ok: true, pdf: first.data, generated: 0 }
  if (first.code !== 'WXACODE_MISSING') return { ok: false, error: first, failed: [] }
  const gen = await generateWxacodes(q)
  if (!gen.ok) return { ok: false, error: gen, failed: [] }
  if (gen.data.failed.length) return { ok: false, error: first, failed: gen.data.failed }
  const again = await openPdf(path, queryOf(q), fileName)
  return again.ok ? { ok: true, pdf: again.data, generated: gen.data.generated } : { ok: false, error: again, failed: [] }
}

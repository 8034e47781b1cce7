import type { DashboardQuery } from '../../../types'
import { DASHBOARD_EXPORT_PATH } from '../../api/dashboard'
import { downloadBlob, fetchFile } from '../../api/download'

/** H5: fetch the workbook with the bearer token and save it; the Chinese reason when it fails. */
export async function exportDashboard(query: DashboardQuery, fileName: string): Promise<string | null> {
  const file = await fetchFile(DASHBOARD_EXPORT_PATH, { batch: query.batch, building: query.building }, 'staff')
  if (!file.ok) return file.message
  downloadBlob(file.data, fileName)
  return null
}

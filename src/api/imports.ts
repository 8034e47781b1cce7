import type { ImportResult } from '../../types'
import type { PickedFile } from '../utils/files'
import { uploadFile } from './upload'

export const IMPORT_TEMPLATE_PATH = '/api/staff/imports/houses/template'

/** POST /api/staff/imports/houses?dryRun= — a dry run writes nothing; a commit writes the valid rows. */
export function importOwnerList(picked: PickedFile, dryRun: boolean) {
  return uploadFile<ImportResult>(`/api/staff/imports/houses?dryRun=${dryRun}`, picked, 'staff')
}

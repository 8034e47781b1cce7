import { useState } from 'react'
import type { ImportResult } from '../../../types'
import { importOwnerList } from '../../api/imports'
import type { PickedFile } from '../../utils/files'

/**
 * The import flow: pick → 检查文件 (dry run) → 确认导入 (commit) → result.
 * A new file, or the same file picked again, always starts over with a dry run: the commit
 * button only ever sends the file the manager has just seen the report of.
 */
export function useOwnerImport() {
  const [file, setFile] = useState<PickedFile | null>(null)
  const [report, setReport] = useState<ImportResult | null>(null)
  const [result, setResult] = useState<ImportResult | null>(null)
  const [busy, setBusy] = useState<'check' | 'commit' | null>(null)
  const [error, setError] = useState<string | null>(null)

  const pick = (r: { file: PickedFile } | { message: string }) => {
    setReport(null)
    setResult(null)
    if ('message' in r) {
      setFile(null)
      setError(r.message)
      return
    }
    setFile(r.file)
    setError(null)
  }

  const check = async () => {
    if (!file || busy) return
    setBusy('check')
    setError(null)
    setResult(null)
    const r = await importOwnerList(file, true)
    setBusy(null)
    if (r.ok) setReport(r.data)
    else {
      setReport(null)
      setError(r.message)
    }
  }

  const commit = async () => {
    if (!file || !report || busy) return
    setBusy('commit')
    setError(null)
    const r = await importOwnerList(file, false)
    setBusy(null)
    if (r.ok) {
      setResult(r.data)
      setReport(null)
      // done with this file: a corrected one is picked afresh (and checked again)
      setFile(null)
    } else setError(r.message)
  }

  const importable = report ? report.total - report.rejected - report.duplicates : 0
  return { file, report, result, busy, error, importable, pick, check, commit }
}

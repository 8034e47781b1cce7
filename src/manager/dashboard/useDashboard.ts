import { useCallback, useEffect, useRef, useState } from 'react'
import type { Dashboard, DashboardQuery } from '../../../types'
import { fetchDashboard } from '../../api/dashboard'
import { useRemote } from '../../hooks/useRemote'
import { exportDashboard } from './export'

/** The dashboard for the chosen batch / building, and its Excel export. */
export function useDashboard() {
  const [filters, setFilters] = useState<DashboardQuery>({})
  const load = useCallback(() => fetchDashboard(filters), [filters])
  const { state, reload } = useRemote<Dashboard>(load, 'staff')
  // useRemote loads once on mount; a new filter loads again (the old figures stay until then)
  const mounted = useRef(false)
  useEffect(() => {
    if (mounted.current) void reload()
    mounted.current = true
  }, [filters, reload])
  const [exporting, setExporting] = useState(false)
  const [exportError, setExportError] = useState<string | null>(null)

  const runExport = useCallback(async () => {
    setExporting(true)
    setExportError(null)
    const day = state.phase === 'ready' ? state.data.today.date : 'today'
    const err = await exportDashboard(filters, `入伙看板-${day}.xlsx`)
    setExporting(false)
    setExportError(err)
  }, [filters, state])

  return { filters, setFilters, state, reload, exporting, exportError, runExport }
}

import type { DashboardQuery } from '../../../types'

/** The drill-down page of one number: its drill key, the page's filters and a title to show. */
export function drillUrl(metric: string, filters: DashboardQuery, title: string): string {
  const q = [`metric=${encodeURIComponent(metric)}`, `title=${encodeURIComponent(title)}`]
  if (filters.batch) q.push(`batch=${encodeURIComponent(filters.batch)}`)
  if (filters.building) q.push(`building=${filters.building}`)
  return `/manager/dashboard/houses/index?${q.join('&')}`
}

/** Router params arrive encoded or not depending on the target: decode at most once, never throw. */
export function param(v: string | undefined): string | undefined {
  if (v === undefined || v === '') return undefined
  try {
    return decodeURIComponent(v)
  } catch {
    return v
  }
}

/** 0.8234 → "82.3%"; null → "—" */
export function pct(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`
}

/** 12.5 hours → "12.5 小时"; over two days in days. */
export function hours(h: number | null | undefined): string {
  if (h === null || h === undefined) return '—'
  return h >= 48 ? `${(h / 24).toFixed(1)} 天` : `${h.toFixed(1)} 小时`
}

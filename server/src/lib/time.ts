/** Date helpers: stored instants are ISO 8601 UTC; calendar dates are Asia/Shanghai (UTC+8, no DST). */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000

export const iso = (d: Date) => d.toISOString()
export const addMs = (d: Date, ms: number) => new Date(d.getTime() + ms)
export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

/** YYYY-MM-DD in Asia/Shanghai for the given instant. */
export function shanghaiDate(d: Date): string {
  return new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * DAY
  return new Date(t).toISOString().slice(0, 10)
}

/** The instant of a Shanghai wall-clock date + HH:MM. */
export function shanghaiInstant(date: string, time: string): Date {
  return new Date(Date.parse(`${date}T${time}:00Z`) - SHANGHAI_OFFSET_MS)
}

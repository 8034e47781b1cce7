/**
 * The one clock module of the server. Stored instants are ISO 8601 UTC; every calendar date,
 * weekday and wall-clock text is Asia/Shanghai's, computed here by dayjs (utc + timezone)
 * and nowhere else: no caller adds eight hours by hand. Dates (YYYY-MM-DD) are calendar
 * dates with no zone; instants are Date objects or ISO strings.
 */
import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'
import timezone from 'dayjs/plugin/timezone'

dayjs.extend(utc)
dayjs.extend(timezone)

export const TIME_ZONE = 'Asia/Shanghai'

export const iso = (d: Date) => d.toISOString()
export const addMs = (d: Date, ms: number) => new Date(d.getTime() + ms)
export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME_RE = /^(\d{2}):(\d{2})/
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/*
 * Asia/Shanghai has kept UTC+08:00, without daylight saving, since 1991: a fixed offset gives
 * the zone's answers for every date this product meets, and dayjs's utcOffset is arithmetic,
 * where .tz() asks Intl to format the instant on every call (about 15x the cost; the slot
 * list converts each slot several times, every booking and progress read does it too).
 * Checked equal to .tz('Asia/Shanghai') for every format used here, 1992-2100.
 */
const SHANGHAI_OFFSET_MINUTES = 8 * 60
const inShanghai = (at: Date | string | number) => dayjs(at).utcOffset(SHANGHAI_OFFSET_MINUTES)

/** YYYY-MM-DD in Asia/Shanghai for the given instant (15:59:59Z and 16:00Z are two days). */
export function shanghaiDate(d: Date): string {
  return inShanghai(d).format('YYYY-MM-DD')
}

/** The Shanghai hour (0-23) of an instant. */
export function shanghaiHour(d: Date): number {
  return inShanghai(d).hour()
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD')
}

/** 0 = Sunday … 6 = Saturday, of a calendar date (no time zone involved). */
export function weekdayOf(date: string): number {
  return dayjs.utc(date).day()
}

/** "2026-03-05" → "周四". */
export function weekdayText(date: string): string {
  return `周${WEEKDAYS[weekdayOf(date)]}`
}

/** "2024-11-30" → "11月30日"; anything else unchanged. */
export function monthDay(date: string): string {
  const d = DATE_RE.exec(date)
  return d ? `${+d[2]}月${+d[3]}日` : date
}

/** The instant a Shanghai wall-clock date + HH:MM denotes, or null when malformed. */
export function shanghaiInstant(date: string, time: string): Date | null {
  const d = DATE_RE.exec(date)
  const t = TIME_RE.exec(time)
  if (!d || !t) return null
  // the wall-clock reading as if UTC, less the zone's fixed offset (see SHANGHAI_OFFSET_MINUTES)
  const at = dayjs.utc(`${d[1]}-${d[2]}-${d[3]}T${t[1]}:${t[2]}:00`).subtract(SHANGHAI_OFFSET_MINUTES, 'minute')
  return at.isValid() ? at.toDate() : null
}

/** An instant as Shanghai "YYYY-MM-DD HH:mm"; an unreadable value comes back as given. */
export function shanghaiDateTime(at: Date | string): string {
  const d = dayjs(at)
  return d.isValid() ? d.utcOffset(SHANGHAI_OFFSET_MINUTES).format('YYYY-MM-DD HH:mm') : String(at)
}

/** An instant as Shanghai "3月4日 09:00"; an unreadable value comes back as given. */
export function shanghaiMonthDayTime(at: Date | string): string {
  const d = dayjs(at)
  return d.isValid() ? d.utcOffset(SHANGHAI_OFFSET_MINUTES).format('M月D日 HH:mm') : String(at)
}

/** An instant as RFC 3339 with the Shanghai offset, e.g. 2025-06-08T10:34:56+08:00 (WeChat Pay's format). */
export function shanghaiRfc3339(at: Date | number): string {
  return inShanghai(at).format('YYYY-MM-DDTHH:mm:ssZ')
}

/** An instant as Shanghai yyMMddHHmmss (order numbers). */
export function shanghaiStamp(at: Date): string {
  return inShanghai(at).format('YYMMDDHHmmss')
}

/** The Shanghai year and month of an instant as "yyyy/mm" (storage key folders). */
export function shanghaiMonthPath(at: Date): string {
  return inShanghai(at).format('YYYY/MM')
}

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

/*
 * The calls on every request (the date of now, a slot's weekday, a deadline's text) are plain
 * arithmetic on the fixed offset: the instant moved by eight hours and read with the UTC
 * getters. dayjs built, parsed and formatted an object for each (exceljs also extends the
 * global dayjs with customParseFormat, which every parse then runs through): ~8 % of a
 * successful booking's CPU. time.test.ts checks these against dayjs .tz('Asia/Shanghai') over
 * instants around every Shanghai midnight of several years.
 */
const OFFSET_MS = SHANGHAI_OFFSET_MINUTES * MINUTE
const ISO_UTC_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n))

/** The Shanghai wall clock of an instant, as a Date to read with the UTC getters. */
const wall = (ms: number) => new Date(ms + OFFSET_MS)

/** An instant's milliseconds; a string only when it is a stored ISO UTC instant, else null (dayjs reads it). */
function instantMs(at: Date | string): number | null {
  if (typeof at !== 'string') return at.getTime()
  return ISO_UTC_RE.test(at) ? Date.parse(at) : null
}

/** A calendar date's UTC midnight in ms, or null when it is not YYYY-MM-DD. */
function dateMs(date: string): number | null {
  const d = DATE_RE.exec(date)
  return d ? Date.UTC(+d[1], +d[2] - 1, +d[3]) : null
}

/** YYYY-MM-DD in Asia/Shanghai for the given instant (15:59:59Z and 16:00Z are two days). */
export function shanghaiDate(d: Date): string {
  const ms = d.getTime()
  return Number.isNaN(ms) ? inShanghai(d).format('YYYY-MM-DD') : wall(ms).toISOString().slice(0, 10)
}

/** The Shanghai hour (0-23) of an instant. */
export function shanghaiHour(d: Date): number {
  return wall(d.getTime()).getUTCHours()
}

/** Adds whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const ms = dateMs(date)
  return ms === null ? dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD') : new Date(ms + days * DAY).toISOString().slice(0, 10)
}

/** 0 = Sunday … 6 = Saturday, of a calendar date (no time zone involved). */
export function weekdayOf(date: string): number {
  const ms = dateMs(date)
  return ms === null ? dayjs.utc(date).day() : new Date(ms).getUTCDay()
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
  // The wall-clock reading as if UTC, less the zone's fixed offset (see SHANGHAI_OFFSET_MINUTES).
  // Date.UTC, not dayjs: this is plain arithmetic on numbers the regexes already split, it runs
  // for every slot of a list and on every booking attempt, and dayjs.utc() parsing the string
  // again was ~4 % of a refused booking's CPU. Out-of-range fields roll over as dayjs's did.
  const ms = Date.UTC(+d[1], +d[2] - 1, +d[3], +t[1], +t[2]) - SHANGHAI_OFFSET_MINUTES * MINUTE
  return Number.isNaN(ms) ? null : new Date(ms)
}

/** An instant as Shanghai "YYYY-MM-DD HH:mm"; an unreadable value comes back as given. */
export function shanghaiDateTime(at: Date | string): string {
  const ms = instantMs(at)
  if (ms !== null && !Number.isNaN(ms)) {
    const w = wall(ms)
    return `${w.toISOString().slice(0, 10)} ${pad2(w.getUTCHours())}:${pad2(w.getUTCMinutes())}`
  }
  const d = dayjs(at)
  return d.isValid() ? d.utcOffset(SHANGHAI_OFFSET_MINUTES).format('YYYY-MM-DD HH:mm') : String(at)
}

/** An instant as Shanghai "3月4日 09:00"; an unreadable value comes back as given. */
export function shanghaiMonthDayTime(at: Date | string): string {
  const ms = instantMs(at)
  if (ms !== null && !Number.isNaN(ms)) {
    const w = wall(ms)
    return `${w.getUTCMonth() + 1}月${w.getUTCDate()}日 ${pad2(w.getUTCHours())}:${pad2(w.getUTCMinutes())}`
  }
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

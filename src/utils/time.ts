// The client's one clock module: every date, weekday and time the app shows is China time
// (Asia/Shanghai) through dayjs utc + timezone, whatever the phone's zone; no hand-made +8 h.
import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'
import timezone from 'dayjs/plugin/timezone'
import 'dayjs/locale/zh-cn'

/** Every time the owner sees is China time, whatever the phone's zone. */
export const APP_TIME_ZONE = 'Asia/Shanghai'

let ready = false

export function initDayjs(): void {
  if (ready) return
  dayjs.extend(utc)
  dayjs.extend(timezone)
  dayjs.locale('zh-cn')
  ready = true
}

/** An ISO instant as e.g. 2025年11月27日 15:04 (Asia/Shanghai); '' for a bad value. */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) return ''
  initDayjs()
  const d = dayjs(iso)
  if (!d.isValid()) return ''
  return d.tz(APP_TIME_ZONE).format('YYYY年M月D日 HH:mm')
}

/** An ISO instant as its China wall-clock time, e.g. 09:05; '' for a bad value. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return ''
  initDayjs()
  const d = dayjs(iso)
  return d.isValid() ? d.tz(APP_TIME_ZONE).format('HH:mm') : ''
}

/** An ISO instant (or a YYYY-MM-DD date) as its China date, e.g. 2025年11月27日; '' for a bad value. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return ''
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [y, m, d] = iso.split('-').map(Number)
    return `${y}年${m}月${d}日`
  }
  initDayjs()
  const d = dayjs(iso)
  return d.isValid() ? d.tz(APP_TIME_ZONE).format('YYYY年M月D日') : ''
}

/** An ISO instant as China "2026-03-02 10:00" (receipts, payment lines); a bad value comes back as given. */
export function formatDateTimeNumeric(iso: string): string {
  initDayjs()
  const d = dayjs(iso)
  return d.isValid() ? d.tz(APP_TIME_ZONE).format('YYYY-MM-DD HH:mm') : iso
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** A calendar date (YYYY-MM-DD, already China's) as "周四"; no time zone involved. */
export function weekdayText(date: string): string {
  initDayjs()
  return `周${WEEKDAYS[dayjs.utc(date).day()]}`
}

/** Whether an ISO instant lies in the past relative to `now` (ms since epoch). */
export function isPast(iso: string, now: number = Date.now()): boolean {
  const t = Date.parse(iso)
  return Number.isNaN(t) || t <= now
}

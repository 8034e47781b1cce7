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

/** Whether an ISO instant lies in the past relative to `now` (ms since epoch). */
export function isPast(iso: string, now: number = Date.now()): boolean {
  const t = Date.parse(iso)
  return Number.isNaN(t) || t <= now
}

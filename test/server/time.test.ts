// The server's one clock module (lib/time): Shanghai calendar and wall-clock texts from
// fixed instants around Shanghai midnight (2026-03-01T16:00Z is 2026-03-02 00:00 there).
import {
  addDays,
  monthDay,
  shanghaiDate,
  shanghaiDateTime,
  shanghaiHour,
  shanghaiInstant,
  shanghaiMonthDayTime,
  shanghaiMonthPath,
  shanghaiRfc3339,
  shanghaiStamp,
  weekdayOf,
  weekdayText
} from '../../server/src/lib/time'
import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'
import timezone from 'dayjs/plugin/timezone'

dayjs.extend(utc)
dayjs.extend(timezone)

const BEFORE = new Date('2026-03-01T15:59:59.000Z')
const MIDNIGHT = new Date('2026-03-01T16:00:00.000Z')

describe('lib/time (Asia/Shanghai)', () => {
  it('turns the date at Shanghai midnight, not at UTC midnight', () => {
    expect(shanghaiDate(BEFORE)).toBe('2026-03-01')
    expect(shanghaiDate(MIDNIGHT)).toBe('2026-03-02')
    expect(shanghaiDate(new Date('2026-03-01T00:30:00Z'))).toBe('2026-03-01')
    expect(shanghaiHour(BEFORE)).toBe(23)
    expect(shanghaiHour(MIDNIGHT)).toBe(0)
  })

  it('writes wall-clock texts in China time', () => {
    expect(shanghaiDateTime(BEFORE)).toBe('2026-03-01 23:59')
    expect(shanghaiDateTime(MIDNIGHT.toISOString())).toBe('2026-03-02 00:00')
    expect(shanghaiDateTime('not a time')).toBe('not a time')
    expect(shanghaiMonthDayTime('2026-03-04T01:00:00.000Z')).toBe('3月4日 09:00')
    expect(shanghaiMonthDayTime(MIDNIGHT)).toBe('3月2日 00:00')
    expect(shanghaiRfc3339(MIDNIGHT)).toBe('2026-03-02T00:00:00+08:00')
    expect(shanghaiRfc3339(BEFORE.getTime())).toBe('2026-03-01T23:59:59+08:00')
    expect(shanghaiStamp(MIDNIGHT)).toBe('260302000000')
    expect(shanghaiMonthPath(new Date('2026-03-31T16:00:00Z'))).toBe('2026/04')
  })

  it('reads a Shanghai wall-clock date and time as its instant; malformed is null', () => {
    expect(shanghaiInstant('2026-03-02', '00:00')!.toISOString()).toBe(MIDNIGHT.toISOString())
    expect(shanghaiInstant('2026-03-04', '09:30')!.toISOString()).toBe('2026-03-04T01:30:00.000Z')
    expect(shanghaiInstant('2026-3-4', '09:30')).toBeNull()
    expect(shanghaiInstant('2026-03-04', '9:30')).toBeNull()
  })

  it('does calendar arithmetic and weekdays on dates without a zone', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(weekdayOf('2026-03-02')).toBe(1)
    expect(weekdayOf('2026-03-08')).toBe(0)
    expect(weekdayText('2026-03-05')).toBe('周四')
    expect(monthDay('2024-11-30')).toBe('11月30日')
  })

  it('agrees with dayjs .tz(Asia/Shanghai) around Shanghai midnights, 2024-2031', () => {
    // the hot functions are arithmetic on the fixed offset; .tz is the zone database's answer
    // (Intl, slow: every 13th day of eight years, so every weekday and month; the dates' own arithmetic every day)
    let checked = 0
    for (let day = Date.UTC(2024, 0, 1), i = 0; day < Date.UTC(2032, 0, 1); day += 86_400_000, i++) {
      const date = new Date(day).toISOString().slice(0, 10)
      expect(weekdayOf(date)).toBe(dayjs.utc(date).day())
      expect(addDays(date, 45)).toBe(dayjs.utc(date).add(45, 'day').format('YYYY-MM-DD'))
      expect(addDays(date, -1)).toBe(dayjs.utc(date).subtract(1, 'day').format('YYYY-MM-DD'))
      if (i % 13 !== 0) continue
      for (const delta of [-60_001, -1, 0, 1, 59_999, 7 * 3_600_000 + 30 * 60_000]) {
        const at = new Date(day - 8 * 3_600_000 + delta)
        const tz = dayjs(at).tz('Asia/Shanghai')
        expect(shanghaiDate(at)).toBe(tz.format('YYYY-MM-DD'))
        expect(shanghaiHour(at)).toBe(tz.hour())
        expect(shanghaiDateTime(at.toISOString())).toBe(tz.format('YYYY-MM-DD HH:mm'))
        expect(shanghaiMonthDayTime(at)).toBe(tz.format('M月D日 HH:mm'))
        checked++
      }
    }
    expect(checked).toBeGreaterThan(1_300)
    // not a stored ISO instant: read as dayjs reads it, unchanged
    expect(shanghaiDateTime('2026-03-04 09:30')).toBe(dayjs('2026-03-04 09:30').utcOffset(480).format('YYYY-MM-DD HH:mm'))
    expect(shanghaiDate(new Date(NaN))).toBe('Invalid Date')
  })

  it('does not depend on the process time zone', () => {
    // the texts above come from dayjs.tz, not from local Date getters; TZ is read per call
    const tz = process.env.TZ
    process.env.TZ = 'America/New_York'
    try {
      expect(shanghaiDate(MIDNIGHT)).toBe('2026-03-02')
      expect(shanghaiInstant('2026-03-02', '00:00')!.toISOString()).toBe(MIDNIGHT.toISOString())
      expect(weekdayOf('2026-03-02')).toBe(1)
    } finally {
      if (tz === undefined) delete process.env.TZ
      else process.env.TZ = tz
    }
  })
})

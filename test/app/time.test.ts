// The client's one clock module (src/utils/time.ts) and money formatter (src/utils/money.ts):
// China time whatever the device's zone, from fixed instants around Shanghai midnight.
import { formatDate, formatDateTime, formatDateTimeNumeric, formatTime, weekdayText } from '../../src/utils/time'
import { centsToYuan, yuan, yuanToCents } from '../../src/utils/money'
import { newIdempotencyKey } from '../../src/utils/idempotency'

describe('client time texts (Asia/Shanghai)', () => {
  it('turn the day at Shanghai midnight', () => {
    expect(formatDate('2026-03-01T15:59:59.000Z')).toBe('2026年3月1日')
    expect(formatDate('2026-03-01T16:00:00.000Z')).toBe('2026年3月2日')
    expect(formatDateTime('2026-03-01T16:00:00.000Z')).toBe('2026年3月2日 00:00')
    expect(formatTime('2026-03-01T15:59:59.000Z')).toBe('23:59')
    expect(formatDateTimeNumeric('2026-03-01T16:00:00.000Z')).toBe('2026-03-02 00:00')
    expect(formatDateTimeNumeric('later')).toBe('later')
  })

  it('name weekdays of calendar dates without a zone', () => {
    expect(weekdayText('2026-03-05')).toBe('周四')
    expect(weekdayText('2026-03-08')).toBe('周日')
  })
})

describe('client money and keys', () => {
  it('formats cents as yuan for display and for inputs', () => {
    expect(yuan(96187000)).toBe('961,870.00')
    expect(yuan(-5)).toBe('-0.05')
    expect(centsToYuan(380)).toBe('3.80')
    expect(yuanToCents('3,000.5')).toBe(300050)
  })

  it('makes idempotency keys that fit the contract and do not repeat', () => {
    const keys = Array.from({ length: 50 }, newIdempotencyKey)
    for (const k of keys) expect(k).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(new Set(keys).size).toBe(50)
  })
})

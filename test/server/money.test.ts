// The server's one money formatter (lib/money): integer cents to yuan text.
import { yuan } from '../../server/src/lib/money'

describe('lib/money', () => {
  it('writes cents as yuan with thousands separators and the sign kept', () => {
    expect(yuan(1234567)).toBe('12,345.67')
    expect(yuan(5)).toBe('0.05')
    expect(yuan(0)).toBe('0.00')
    expect(yuan(-250)).toBe('-2.50')
  })
})

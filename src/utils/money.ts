// Money on the client: amounts travel as integer cents (fen); these are the only places that
// turn them into yuan text and back.

/** 96187000 → "961,870.00" (display: thousands separators, sign kept). */
export function yuan(cents: number): string {
  const abs = Math.abs(cents)
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${cents < 0 ? '-' : ''}${whole}.${String(abs % 100).padStart(2, '0')}`
}

/** "3.8" / "3,000" / "0" → cents; null unless a non-negative amount with at most 2 decimals. */
export function yuanToCents(text: string): number | null {
  const t = text.replace(/[,，\s¥￥元]/g, '')
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(t)) return null
  const [w, f = ''] = t.split('.')
  return Number(w) * 100 + Number(f.padEnd(2, '0'))
}

/** 380 → "3.80" (no thousands separators: the value goes back into an input). */
export function centsToYuan(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`
}

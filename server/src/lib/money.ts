// Money on the server: amounts are integer cents (fen) everywhere; this is the one place that
// writes them as yuan text (bills, receipts, notices, stage summaries).

/** 1234567 → "12,345.67" (sign kept). */
export function yuan(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`
}

/*
 * Bill arithmetic, pure. Money is integer fen (cents); areas come with at most two decimals
 * (m²), so the area is scaled to hundredths first and every product stays an exact integer
 * before the single rounding step (half up, per line).
 *
 *  1. per_m2_month: area × rate × prepaid months (物业费)
 *  2. per_m2:       area × rate (供暖费)
 *  3. flat:         rate (水电气开通费, 装修保证金)
 *  4. an unknown basis is a configuration error, not a zero line
 */
import type { FeeLine, ReceiptLine } from '../../../../types/fees'

export interface FeeRate {
  kind: string
  label: string
  basis: string
  rateCents: number
}

export function computeLines(rates: readonly FeeRate[], area: number, prepaidMonths: number): FeeLine[] {
  const areaCenti = Math.round(area * 100)
  return rates.map((r) => {
    switch (r.basis) {
      case 'per_m2_month':
        return {
          kind: r.kind,
          label: r.label,
          quantity: areaCenti / 100,
          unit: `m²·${prepaidMonths}个月`,
          unitCents: r.rateCents,
          amountCents: roundHalfUp(areaCenti * r.rateCents * prepaidMonths, 100)
        }
      case 'per_m2':
        return {
          kind: r.kind,
          label: r.label,
          quantity: areaCenti / 100,
          unit: 'm²',
          unitCents: r.rateCents,
          amountCents: roundHalfUp(areaCenti * r.rateCents, 100)
        }
      case 'flat':
        return { kind: r.kind, label: r.label, quantity: 1, unit: '项', unitCents: r.rateCents, amountCents: r.rateCents }
      default:
        throw new Error(`unknown fee basis: ${r.basis}`)
    }
  })
}

function roundHalfUp(numerator: number, denominator: number): number {
  return Math.floor((numerator + denominator / 2) / denominator)
}

export function totalOf(lines: readonly { amountCents: number }[]): number {
  return lines.reduce((s, l) => s + l.amountCents, 0)
}

/**
 * What one payment of `amountCents` covers, given `alreadyPaidCents` before it: the bill's
 * lines are settled in order, so two partial payments never certify the same fen twice.
 * Anything beyond the total is shown as an overpayment to refund.
 */
export function allocate(lines: readonly FeeLine[], alreadyPaidCents: number, amountCents: number): ReceiptLine[] {
  const out: ReceiptLine[] = []
  const from = alreadyPaidCents
  const to = alreadyPaidCents + amountCents
  let start = 0
  for (const l of lines) {
    const end = start + l.amountCents
    const covered = Math.max(0, Math.min(end, to) - Math.max(start, from))
    if (covered > 0) out.push({ label: covered === l.amountCents ? l.label : `${l.label}（部分）`, amountCents: covered })
    start = end
  }
  const over = to - Math.max(start, from)
  if (over > 0) out.push({ label: '超额缴纳（待退还）', amountCents: over })
  return out
}


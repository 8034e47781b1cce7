/**
 * Customer satisfaction index (CSI) of one survey response. Pure.
 *
 *   CSI₅   = Σ wᵢ·Sᵢ / Σ wᵢ          the weighted mean score on the 1-5 Likert scale
 *   CSI₁₀₀ = (CSI₅ − 1) / 4 × 100     rescaled so that "all 1" is 0 and "all 5" is 100
 *
 * The 0-100 scale is what the benchmark (CRIC 68.7/100) uses. Note it is a linear rescale
 * of the 1-5 mean, not "mean × 20" (which would map all-1 to 20).
 *
 * Edge cases (each has a test in test/server/survey-csi.test.ts):
 *  1. Items without a score, or with weight ≤ 0, are left out of both sums.
 *  2. No usable item at all → RangeError (an index of nothing is not 0).
 *  3. A score outside 1..5 or not an integer → RangeError (the route validates first).
 *  4. Rounded to 2 decimals, so stored and displayed values agree on both dialects.
 */
export function computeCsi(weights: Record<string, number>, scores: Record<string, number>): number {
  let sumW = 0
  let sumWS = 0
  for (const [code, w] of Object.entries(weights)) {
    if (!(w > 0)) continue
    const s = scores[code]
    if (s === undefined) continue
    if (!Number.isInteger(s) || s < 1 || s > 5) throw new RangeError(`score of ${code} must be an integer 1..5`)
    sumW += w
    sumWS += w * s
  }
  if (sumW === 0) throw new RangeError('no weighted item was scored')
  const csi5 = sumWS / sumW
  return Math.round(((csi5 - 1) / 4) * 100 * 100) / 100
}

/** Mean and sample standard deviation (n − 1); sd is null below two values. */
export function meanSd(values: number[]): { mean: number | null; sd: number | null } {
  const n = values.length
  if (n === 0) return { mean: null, sd: null }
  const mean = values.reduce((a, b) => a + b, 0) / n
  if (n < 2) return { mean: round2(mean), sd: null }
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)
  return { mean: round2(mean), sd: round2(Math.sqrt(variance)) }
}

export const round2 = (x: number) => Math.round(x * 100) / 100

/** What each star means, read out with the score and shown beside the stars. */
export const SCORE_LABELS = ['', '非常不满意', '不满意', '一般', '满意', '非常满意'] as const

export function scoreLabel(score: number): string {
  return SCORE_LABELS[score] ?? '未评分'
}

/** Codes of the items not yet scored, in questionnaire order. */
export function missingItems(codes: string[], scores: Record<string, number>): string[] {
  return codes.filter((c) => !(scores[c] >= 1 && scores[c] <= 5))
}

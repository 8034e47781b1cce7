/*
 * Satisfaction survey (满意度调查): one response per house once the move-in is complete,
 * its CSI stored with it, and low scores turned into a follow-up task for the manager
 * (collect → analyse → improve → re-assess, docs/domain.md).
 */
import type { Db, Executor } from '../../db/database'
import { ApiError } from '../../errors'
import type { OwnerSurvey, SurveyItemStats, SurveySubmit, SurveySummary, SurveyOpenAnswerGroup } from '../../../../types/survey'
import { CSI_BENCHMARK, SURVEY_LOW_SCORE, SURVEY_OVERALL_COMMENT } from '../../../../types/survey'
import { loadContext } from '../cases/service'
import { openFollowupTask } from '../completion/tasks'
import { computeCsi, meanSd, round2 } from './csi'
import * as repo from './repository'

export const SURVEY_FOLLOWUP_KIND = 'survey_followup'
/** A low score is followed up within 3 days (urgent enough to matter, time to call the owner). */
const FOLLOWUP_DAYS = 3
const DAY_MS = 24 * 3600 * 1000

const NOT_DONE = '完成入伙（领取钥匙）后即可参与满意度调查'

async function communityOf(db: Executor, caseId: number) {
  const ctx = await loadContext(db, caseId)
  return { communityId: ctx.house.communityId, done: ctx.facts.done.at !== null }
}

/** GET /api/owner/survey */
export async function getOwnerSurvey(db: Executor, caseId: number): Promise<OwnerSurvey> {
  const { communityId, done } = await communityOf(db, caseId)
  const items = await repo.listItems(db, communityId)
  const response = await repo.findResponse(db, caseId)
  return {
    items,
    open: done && items.length > 0,
    blockers: done ? (items.length ? [] : ['本小区暂未开展满意度调查']) : [NOT_DONE],
    submitted: response !== null,
    response: response ? { scores: response.scores, comments: response.comments, csi: response.csi, submittedAt: response.submittedAt } : null
  }
}

const ALREADY = () => new ApiError(409, 'SURVEY_ALREADY_SUBMITTED', '您的满意度评价已收到，每户只需提交一次，感谢参与')

/** Trims the comments and keeps the non-empty ones; unknown keys are refused. */
function cleanComments(raw: Record<string, string> | undefined, codes: Set<string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (k !== SURVEY_OVERALL_COMMENT && !codes.has(k)) throw new ApiError(400, 'VALIDATION_FAILED', `意见对应的调查项不存在：${k}`)
    const text = v.trim()
    if (text) out[k] = text
  }
  return out
}

/**
 * POST /api/owner/survey. Guard: the case is done. Exactly one response per case: the
 * second (even a concurrent one) changes nothing and answers 409 SURVEY_ALREADY_SUBMITTED.
 */
export async function submitSurvey(db: Db, caseId: number, body: SurveySubmit, now: Date): Promise<OwnerSurvey> {
  const { communityId, done } = await communityOf(db, caseId)
  if (!done) throw new ApiError(409, 'STAGE_LOCKED', NOT_DONE)
  if (await repo.findResponse(db, caseId)) throw ALREADY()
  const items = await repo.listItems(db, communityId)
  if (items.length === 0) throw new ApiError(409, 'STAGE_LOCKED', '本小区暂未开展满意度调查')
  const codes = new Set(items.map((i) => i.code))

  const unknown = Object.keys(body.scores).filter((k) => !codes.has(k))
  if (unknown.length) throw new ApiError(400, 'VALIDATION_FAILED', `调查项不存在：${unknown.join('、')}`)
  const missing = items.filter((i) => body.scores[i.code] === undefined)
  if (missing.length) throw new ApiError(400, 'SURVEY_INCOMPLETE', `请为每一项打分，还差：${missing.map((i) => i.title).join('、')}`)
  const comments = cleanComments(body.comments, codes)
  const scores = Object.fromEntries(items.map((i) => [i.code, body.scores[i.code]]))
  const csi = computeCsi(Object.fromEntries(items.map((i) => [i.code, i.weight])), scores)
  const at = now.toISOString()

  await db.transaction().execute(async (tx) => {
    const inserted = await repo.insertResponse(tx, { caseId, scores, comments, csi, at })
    if (!inserted) throw ALREADY()
    const low = items.filter((i) => scores[i.code] <= SURVEY_LOW_SCORE)
    if (low.length) {
      const parts = low.map((i) => {
        const c = comments[i.code]
        return `「${i.title}」${scores[i.code]}分${c ? `（业主意见：${c.length > 60 ? `${c.slice(0, 60)}…` : c}）` : ''}`
      })
      await openFollowupTask(tx, {
        caseId,
        kind: SURVEY_FOLLOWUP_KIND,
        reason: `满意度调查低分回访：${parts.join('；')}`,
        dueAt: new Date(now.getTime() + FOLLOWUP_DAYS * DAY_MS).toISOString(),
        assigneeRole: 'manager',
        createdAt: at
      })
    }
  })
  return getOwnerSurvey(db, caseId)
}

export const CSI_METHOD =
  '满意度指数 CSI = Σ(权重×得分)/Σ权重（1-5分），换算为百分制：(CSI−1)/4×100；总体 CSI 为各份答卷 CSI 的平均值（每份按提交时的权重计算）'

/** Per item: answers, mean and sample SD, the 1-5 distribution and the low scores (also the dashboard's). */
export function itemStats(items: repo.SurveyItemRow[], responses: Pick<repo.ResponseRow, 'scores'>[]): SurveyItemStats[] {
  return items.map((i) => {
    const values = responses.map((r) => r.scores[i.code]).filter((s): s is number => Number.isInteger(s) && s >= 1 && s <= 5)
    const distribution = [0, 0, 0, 0, 0]
    for (const v of values) distribution[v - 1] += 1
    return {
      code: i.code,
      title: i.title,
      weight: i.weight,
      count: values.length,
      ...meanSd(values),
      distribution,
      lowCount: values.filter((v) => v <= SURVEY_LOW_SCORE).length
    }
  })
}

/** GET /api/staff/survey/summary: per-item mean and sd, the CSI, the benchmark, open answers by item. */
export async function getSummary(db: Executor, communityId: number): Promise<SurveySummary> {
  const items = await repo.listItems(db, communityId)
  const responses = await repo.listCommunityResponses(db, communityId)

  const stats = itemStats(items, responses)

  const groups: SurveyOpenAnswerGroup[] = [
    ...items.map((i) => ({ code: i.code, title: i.title, answers: [] as SurveyOpenAnswerGroup['answers'] })),
    { code: SURVEY_OVERALL_COMMENT, title: '其他意见和建议', answers: [] }
  ]
  const byCode = new Map(groups.map((g) => [g.code, g]))
  // newest first: the manager reads the latest voices at the top
  for (const r of [...responses].reverse()) {
    for (const [code, text] of Object.entries(r.comments)) {
      const g = byCode.get(code)
      if (g) g.answers.push({ text, score: typeof r.scores[code] === 'number' ? r.scores[code] : null, submittedAt: r.submittedAt })
    }
  }

  const csi = responses.length ? round2(responses.reduce((a, r) => a + r.csi, 0) / responses.length) : null
  return {
    responses: responses.length,
    items: stats,
    csi,
    csiMethod: CSI_METHOD,
    benchmark: { value: CSI_BENCHMARK.value, source: CSI_BENCHMARK.source },
    vsBenchmark: csi === null ? null : round2(csi - CSI_BENCHMARK.value),
    openAnswers: groups.filter((g) => g.answers.length > 0),
    openFollowups: await repo.countOpenSurveyFollowups(db, communityId, SURVEY_FOLLOWUP_KIND)
  }
}

import type { Executor } from '../../db/database'

export interface SurveyItemRow {
  code: string
  title: string
  weight: number
}

export async function listItems(db: Executor, communityId: number): Promise<SurveyItemRow[]> {
  const rows = await db
    .selectFrom('survey_items')
    .select(['code', 'title', 'weight'])
    .where('community_id', '=', communityId)
    .orderBy('sort')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ code: r.code, title: r.title, weight: Number(r.weight) }))
}

export interface ResponseRow {
  caseId: number
  scores: Record<string, number>
  comments: Record<string, string>
  csi: number
  submittedAt: string
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    const v = JSON.parse(text)
    return v && typeof v === 'object' ? (v as T) : fallback
  } catch {
    return fallback
  }
}

function toResponse(r: { case_id: number; scores: string; comments: string; csi: number; submitted_at: string }): ResponseRow {
  return {
    caseId: Number(r.case_id),
    scores: parseJson<Record<string, number>>(r.scores, {}),
    comments: parseJson<Record<string, string>>(r.comments, {}),
    csi: Number(r.csi),
    submittedAt: r.submitted_at
  }
}

export async function findResponse(db: Executor, caseId: number): Promise<ResponseRow | null> {
  const r = await db
    .selectFrom('survey_responses')
    .select(['case_id', 'scores', 'comments', 'csi', 'submitted_at'])
    .where('case_id', '=', caseId)
    .executeTakeFirst()
  return r ? toResponse(r) : null
}

/**
 * Inserts the one response of a case. Returns false when the case already answered: the
 * unique index on case_id decides, so two concurrent submissions store exactly one row.
 */
export async function insertResponse(
  db: Executor,
  r: { caseId: number; scores: Record<string, number>; comments: Record<string, string>; csi: number; at: string }
): Promise<boolean> {
  const row = await db
    .insertInto('survey_responses')
    .values({ case_id: r.caseId, scores: JSON.stringify(r.scores), comments: JSON.stringify(r.comments), csi: r.csi, submitted_at: r.at })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .returning('id')
    .executeTakeFirst()
  return row !== undefined
}

/** Every response of a community's houses, oldest first. */
export async function listCommunityResponses(db: Executor, communityId: number): Promise<ResponseRow[]> {
  const rows = await db
    .selectFrom('survey_responses as r')
    .innerJoin('move_in_cases as c', 'c.id', 'r.case_id')
    .innerJoin('houses as h', 'h.id', 'c.house_id')
    .select(['r.case_id', 'r.scores', 'r.comments', 'r.csi', 'r.submitted_at'])
    .where('h.community_id', '=', communityId)
    .orderBy('r.submitted_at')
    .orderBy('r.id')
    .execute()
  return rows.map(toResponse)
}

export async function countOpenSurveyFollowups(db: Executor, communityId: number, kind: string): Promise<number> {
  const r = await db
    .selectFrom('followup_tasks as t')
    .innerJoin('move_in_cases as c', 'c.id', 't.case_id')
    .innerJoin('houses as h', 'h.id', 'c.house_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('h.community_id', '=', communityId)
    .where('t.kind', '=', kind)
    .where('t.status', '=', 'open')
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

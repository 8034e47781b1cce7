import { Type, type Static } from 'typebox'

/** Survey item codes are configured per community (seeded); they look like `onsite_efficiency`. */
const ITEM_CODE = '^[a-z][a-z0-9_]{0,31}$'
/** Comment keys: an item code, or `overall` for the free answer about the whole move-in. */
export const SURVEY_OVERALL_COMMENT = 'overall'
export const SURVEY_COMMENT_MAX = 500
/** A score at or below this opens a follow-up task. */
export const SURVEY_LOW_SCORE = 2
/** CRIC, delivery satisfaction of 50 key cities, 2025 H1 (0-100). */
export const CSI_BENCHMARK = { value: 68.7, source: 'CRIC 2025年上半年 50个重点城市交付满意度' } as const

export const SurveyItemSchema = Type.Object(
  {
    code: Type.String(),
    title: Type.String(),
    /** relative weight in the CSI */
    weight: Type.Number()
  },
  { $id: 'SurveyItem' }
)
export type SurveyItem = Static<typeof SurveyItemSchema>

export const SurveyScoresSchema = Type.Record(Type.String({ pattern: ITEM_CODE }), Type.Integer({ minimum: 1, maximum: 5 }), {
  maxProperties: 20,
  additionalProperties: false,
  description: '{ itemCode: 1..5 } — every item of the community, exactly once'
})
export const SurveyCommentsSchema = Type.Record(Type.String({ pattern: ITEM_CODE }), Type.String({ maxLength: SURVEY_COMMENT_MAX }), {
  maxProperties: 21,
  additionalProperties: false,
  description: '{ itemCode | "overall": optional open answer }'
})

/** POST /api/owner/survey */
export const SurveySubmitSchema = Type.Object(
  {
    scores: SurveyScoresSchema,
    comments: Type.Optional(SurveyCommentsSchema)
  },
  { $id: 'SurveySubmit', additionalProperties: false }
)
export type SurveySubmit = Static<typeof SurveySubmitSchema>

export const SurveyResponseSchema = Type.Object(
  {
    scores: Type.Record(Type.String(), Type.Integer()),
    comments: Type.Record(Type.String(), Type.String()),
    /** 0-100, see computeCsi */
    csi: Type.Number(),
    submittedAt: Type.String()
  },
  { $id: 'SurveyResponse' }
)
export type SurveyResponse = Static<typeof SurveyResponseSchema>

/** GET /api/owner/survey: the questionnaire, whether it can be answered, and this house's answer. */
export const OwnerSurveySchema = Type.Object(
  {
    items: Type.Array(SurveyItemSchema),
    /** true once the move-in is complete (完成) */
    open: Type.Boolean(),
    /** why it is not open yet (Chinese) */
    blockers: Type.Array(Type.String()),
    submitted: Type.Boolean(),
    response: Type.Union([SurveyResponseSchema, Type.Null()])
  },
  { $id: 'OwnerSurvey' }
)
export type OwnerSurvey = Static<typeof OwnerSurveySchema>

export const SurveyItemStatsSchema = Type.Object(
  {
    code: Type.String(),
    title: Type.String(),
    weight: Type.Number(),
    count: Type.Integer(),
    /** mean score 1-5, null without answers */
    mean: Type.Union([Type.Number(), Type.Null()]),
    /** sample standard deviation (n − 1), null with fewer than 2 answers */
    sd: Type.Union([Type.Number(), Type.Null()]),
    /** answers scored 1..5 (index 0 = score 1) */
    distribution: Type.Array(Type.Integer()),
    /** answers at or below the low-score threshold */
    lowCount: Type.Integer()
  },
  { $id: 'SurveyItemStats' }
)
export type SurveyItemStats = Static<typeof SurveyItemStatsSchema>

export const SurveyOpenAnswerGroupSchema = Type.Object(
  {
    /** item code, or "overall" */
    code: Type.String(),
    title: Type.String(),
    answers: Type.Array(Type.Object({ text: Type.String(), score: Type.Union([Type.Integer(), Type.Null()]), submittedAt: Type.String() }))
  },
  { $id: 'SurveyOpenAnswerGroup' }
)
export type SurveyOpenAnswerGroup = Static<typeof SurveyOpenAnswerGroupSchema>

/** GET /api/staff/survey/summary (manager) */
export const SurveySummarySchema = Type.Object(
  {
    responses: Type.Integer(),
    items: Type.Array(SurveyItemStatsSchema),
    /** mean of the responses' stored CSI (each computed with the weights of its day), 0-100; null without responses */
    csi: Type.Union([Type.Number(), Type.Null()]),
    csiMethod: Type.String(),
    benchmark: Type.Object({ value: Type.Number(), source: Type.String() }),
    /** csi − benchmark, null without responses */
    vsBenchmark: Type.Union([Type.Number(), Type.Null()]),
    openAnswers: Type.Array(SurveyOpenAnswerGroupSchema),
    /** open follow-up tasks raised by low scores */
    openFollowups: Type.Integer()
  },
  { $id: 'SurveySummary' }
)
export type SurveySummary = Static<typeof SurveySummarySchema>

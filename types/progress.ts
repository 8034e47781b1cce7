import { Type, type Static } from 'typebox'

/** The stages of docs/domain.md, in the order the owner sees them. */
export const STAGES = [
  'verify',
  'documents',
  'reserve',
  'agreements',
  'fees',
  'checkin',
  'inspection',
  'keys',
  'done',
  'followup'
] as const
export type Stage = (typeof STAGES)[number]

export const STAGE_STATUSES = ['locked', 'available', 'in_progress', 'attention', 'done'] as const
export type StageStatus = (typeof STAGE_STATUSES)[number]

// Type.Enum keeps the literal union in Static<>; Type.Union over a mapped array gives `never`.
export const StageSchema = Type.Enum(STAGES)
export const StageStatusSchema = Type.Enum(STAGE_STATUSES)

export const StageProgressSchema = Type.Object(
  {
    stage: StageSchema,
    /** Chinese stage title, e.g. 核验身份 */
    title: Type.String(),
    status: StageStatusSchema,
    /** one line for the owner: what this stage needs or what was done */
    summary: Type.String(),
    /** why the stage cannot start yet (Chinese), empty when it can */
    blockers: Type.Array(Type.String()),
    /** when the stage was completed */
    doneAt: Type.Optional(Type.String())
  },
  { $id: 'StageProgress' }
)
export type StageProgress = Static<typeof StageProgressSchema>

export const CaseEventSchema = Type.Object(
  {
    stage: StageSchema,
    from: StageStatusSchema,
    to: StageStatusSchema,
    actor: Type.String({ description: 'owner | delegate | staff:<name> | system' }),
    at: Type.String()
  },
  { $id: 'CaseEvent' }
)
export type CaseEvent = Static<typeof CaseEventSchema>

/** GET /api/owner/progress */
export const ProgressSchema = Type.Object(
  {
    currentStage: StageSchema,
    /** the next thing the owner should do, in Chinese */
    nextStep: Type.String(),
    stages: Type.Array(StageProgressSchema),
    policy: Type.Object({
      feesRequiredForKeys: Type.Boolean(),
      agreementsRequiredForKeys: Type.Boolean()
    }),
    events: Type.Array(CaseEventSchema),
    unreadNotifications: Type.Integer({ minimum: 0 })
  },
  { $id: 'Progress' }
)
export type Progress = Static<typeof ProgressSchema>

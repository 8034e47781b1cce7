import { Type, type Static } from 'typebox'

/**
 * What breached: the time limits of docs/domain.md "Time limits (风险预警)", and
 * login_locked: a staff account's sign-in locked by wrong passwords (staff/service.ts).
 */
export const ALERT_KINDS = ['review_overdue', 'checkin_wait', 'followup_overdue', 'repair_overdue', 'login_locked'] as const
export type AlertKind = (typeof ALERT_KINDS)[number]

export const AlertSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.Enum([...ALERT_KINDS]),
    title: Type.String(),
    body: Type.String(),
    caseId: Type.Union([Type.Integer(), Type.Null()]),
    houseId: Type.Union([Type.Integer(), Type.Null()]),
    /** the staff role that must act */
    responsibleRole: Type.String(),
    createdAt: Type.String(),
    /** set when the breach ended (review done, owner called, task closed, repair fixed) */
    resolvedAt: Type.Union([Type.String(), Type.Null()]),
    /** set when a staff member acknowledged it (it stays open until the breach ends) */
    ackedAt: Type.Union([Type.String(), Type.Null()])
  },
  { $id: 'Alert' }
)
export type Alert = Static<typeof AlertSchema>

/** GET /api/staff/alerts?status=open (default open) */
export const AlertQuerySchema = Type.Object(
  { status: Type.Optional(Type.Enum(['open', 'resolved', 'all'])) },
  { $id: 'AlertQuery', additionalProperties: false }
)
export type AlertQuery = Static<typeof AlertQuerySchema>

export const AlertListSchema = Type.Object(
  {
    /** open: oldest first; resolved / all: newest first; at most 200 */
    items: Type.Array(AlertSchema),
    /** open alerts the caller sees */
    openCount: Type.Integer(),
    /** open alerts nobody acknowledged yet */
    unackedCount: Type.Integer()
  },
  { $id: 'AlertList' }
)
export type AlertList = Static<typeof AlertListSchema>

export const AlertIdParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { $id: 'AlertIdParams' })

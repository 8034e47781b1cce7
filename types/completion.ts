import { Type, type Static } from 'typebox'

/** GET /api/owner/handbook — from the community's handbook data */
export const HandbookSchema = Type.Object(
  {
    communityName: Type.String(),
    company: Type.String(),
    contacts: Type.Array(Type.Object({ label: Type.String(), value: Type.String(), phone: Type.Boolean() })),
    sections: Type.Array(Type.Object({ code: Type.String(), title: Type.String(), items: Type.Array(Type.String()) }))
  },
  { $id: 'Handbook' }
)
export type Handbook = Static<typeof HandbookSchema>

export const TASK_STATUSES = ['open', 'done'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

export const TaskListQuerySchema = Type.Object(
  { status: Type.Optional(Type.Enum(TASK_STATUSES)) },
  { additionalProperties: false }
)
export type TaskListQuery = Static<typeof TaskListQuerySchema>

export const FollowupTaskSchema = Type.Object(
  {
    id: Type.Integer(),
    caseId: Type.Integer(),
    houseLabel: Type.String(),
    /** masked */
    ownerName: Type.String(),
    kind: Type.String(),
    /** Chinese label of the kind */
    kindLabel: Type.String(),
    reason: Type.String(),
    dueAt: Type.String(),
    assigneeRole: Type.String(),
    status: Type.Enum(TASK_STATUSES),
    overdue: Type.Boolean(),
    createdAt: Type.String(),
    closedAt: Type.Union([Type.String(), Type.Null()]),
    note: Type.Union([Type.String(), Type.Null()])
  },
  { $id: 'FollowupTask' }
)
export type FollowupTask = Static<typeof FollowupTaskSchema>

/** GET /api/staff/tasks */
export const TaskListSchema = Type.Object(
  { items: Type.Array(FollowupTaskSchema), overdue: Type.Integer() },
  { $id: 'TaskList' }
)
export type TaskList = Static<typeof TaskListSchema>

export const TaskIdParamsSchema = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: 2147483647 }) },
  { additionalProperties: false }
)

/** POST /api/staff/tasks/:id/done */
export const TaskDoneRequestSchema = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: 500 }) },
  { $id: 'TaskDoneRequest', additionalProperties: false }
)
export type TaskDoneRequest = Static<typeof TaskDoneRequestSchema>

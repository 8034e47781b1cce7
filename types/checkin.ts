import { Type, type Static } from 'typebox'

export const CHECKIN_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$'

export const CHECKIN_STATUSES = ['waiting', 'called', 'finished'] as const
export type CheckinStatus = (typeof CHECKIN_STATUSES)[number]
export const CheckinStatusSchema = Type.Enum(CHECKIN_STATUSES)

export const OwnerCheckinInfoSchema = Type.Object(
  {
    id: Type.Integer(),
    /** YYYY-MM-DD (Asia/Shanghai) */
    date: Type.String(),
    queueNo: Type.Integer({ minimum: 1 }),
    arrivedAt: Type.String(),
    status: CheckinStatusSchema,
    calledAt: Type.Union([Type.String(), Type.Null()]),
    finishedAt: Type.Union([Type.String(), Type.Null()])
  },
  { description: 'the owner check-in of today' }
)
export type OwnerCheckinInfo = Static<typeof OwnerCheckinInfoSchema>

/** GET /api/owner/checkin and POST /api/owner/checkin */
export const OwnerCheckinSchema = Type.Object(
  {
    /** today in Asia/Shanghai */
    today: Type.String(),
    reservation: Type.Union([Type.Object({ date: Type.String(), start: Type.String(), end: Type.String() }), Type.Null()]),
    /** whether the owner may check in now (reserved slot is today, not yet checked in) */
    canCheckIn: Type.Boolean(),
    /** why not, in Chinese (empty when checked in or when allowed) */
    reasons: Type.Array(Type.String()),
    checkin: Type.Union([OwnerCheckinInfoSchema, Type.Null()]),
    /** waiting numbers before the owner's today */
    ahead: Type.Integer({ minimum: 0 }),
    estimatedWaitMinutes: Type.Integer({ minimum: 0 }),
    /** the median service minutes used for the estimate */
    serviceMinutes: Type.Integer({ minimum: 1 }),
    /** the number being served most recently, if any */
    nowServing: Type.Union([Type.Integer(), Type.Null()])
  },
  { $id: 'OwnerCheckin' }
)
export type OwnerCheckin = Static<typeof OwnerCheckinSchema>

/** GET /api/owner/checkin-code — a short signed code, valid today, for reception to scan */
export const CheckinCodeSchema = Type.Object(
  { code: Type.String(), date: Type.String(), expiresAt: Type.String() },
  { $id: 'CheckinCode' }
)
export type CheckinCode = Static<typeof CheckinCodeSchema>

/** POST /api/staff/checkins */
export const StaffCheckinRequestSchema = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 64 }) },
  { $id: 'StaffCheckinRequest', additionalProperties: false }
)
export type StaffCheckinRequest = Static<typeof StaffCheckinRequestSchema>

export const StaffCheckinResponseSchema = Type.Object(
  {
    checkinId: Type.Integer(),
    caseId: Type.Integer(),
    queueNo: Type.Integer(),
    houseLabel: Type.String(),
    /** masked */
    ownerName: Type.String(),
    /** false when the owner had already checked in today (same number) */
    created: Type.Boolean()
  },
  { $id: 'StaffCheckinResponse' }
)
export type StaffCheckinResponse = Static<typeof StaffCheckinResponseSchema>

/** GET /api/staff/board?date= */
export const BoardQuerySchema = Type.Object(
  { date: Type.Optional(Type.String({ pattern: CHECKIN_DATE_PATTERN })) },
  { additionalProperties: false }
)
export type BoardQuery = Static<typeof BoardQuerySchema>

export const BoardCheckinSchema = Type.Object(
  {
    id: Type.Integer(),
    caseId: Type.Integer(),
    queueNo: Type.Integer(),
    houseLabel: Type.String(),
    ownerName: Type.String(),
    status: CheckinStatusSchema,
    arrivedAt: Type.String(),
    calledAt: Type.Union([Type.String(), Type.Null()]),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
    calledBy: Type.Union([Type.String(), Type.Null()]),
    /** minutes since arrival while waiting, arrival → call otherwise */
    waitingMinutes: Type.Integer({ minimum: 0 }),
    /** waiting longer than 30 minutes and not yet called */
    longWait: Type.Boolean()
  },
  { description: 'one check-in on the board' }
)
export type BoardCheckin = Static<typeof BoardCheckinSchema>

export const BoardReservationSchema = Type.Object({
  caseId: Type.Integer(),
  houseLabel: Type.String(),
  ownerName: Type.String(),
  checkin: Type.Union([BoardCheckinSchema, Type.Null()])
})

export const BoardSlotSchema = Type.Object({
  slotId: Type.Integer(),
  batch: Type.String(),
  start: Type.String(),
  end: Type.String(),
  capacity: Type.Integer(),
  reservations: Type.Array(BoardReservationSchema)
})

export const BoardSchema = Type.Object(
  {
    date: Type.String(),
    isToday: Type.Boolean(),
    slots: Type.Array(BoardSlotSchema),
    /** every check-in of the day in queue order */
    queue: Type.Array(BoardCheckinSchema),
    counts: Type.Object({
      reserved: Type.Integer(),
      arrived: Type.Integer(),
      waiting: Type.Integer(),
      serving: Type.Integer(),
      finished: Type.Integer(),
      longWaits: Type.Integer()
    }),
    serviceMinutes: Type.Integer()
  },
  { $id: 'Board' }
)
export type Board = Static<typeof BoardSchema>

/** POST /api/staff/board/call-next — `called` is null when nobody is waiting */
export const CallNextResponseSchema = Type.Object(
  { called: Type.Union([BoardCheckinSchema, Type.Null()]) },
  { $id: 'CallNextResponse' }
)
export type CallNextResponse = Static<typeof CallNextResponseSchema>

export const CheckinIdParamsSchema = Type.Object(
  { checkinId: Type.Integer({ minimum: 1, maximum: 2147483647 }) },
  { additionalProperties: false }
)

export const FinishResponseSchema = Type.Object(
  { id: Type.Integer(), finishedAt: Type.String() },
  { $id: 'CheckinFinishResponse' }
)
export type FinishResponse = Static<typeof FinishResponseSchema>

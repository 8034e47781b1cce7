import { Type, type Static } from 'typebox'
import { INSPECTION_KEY_PATTERN } from './inspections'

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
    finishedAt: Type.Union([Type.String(), Type.Null()]),
    /** the window the number was called to */
    windowNo: Type.Union([Type.Integer(), Type.Null()])
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
    /** ahead ÷ windows × service minutes; 0 when the owner is next ("下一位就是您") */
    estimatedWaitMinutes: Type.Integer({ minimum: 0 }),
    /** the median service minutes used for the estimate (a default until a few services are done) */
    serviceMinutes: Type.Integer({ minimum: 1 }),
    /** the number being served most recently, if any */
    nowServing: Type.Union([Type.Integer(), Type.Null()])
  },
  { $id: 'OwnerCheckin' }
)
export type OwnerCheckin = Static<typeof OwnerCheckinSchema>

/** Digits of the short code an owner reads aloud (unique per community and day). */
export const SHORT_CODE_LENGTH = 6

/** GET /api/owner/checkin-code — a short signed code, valid today, for reception to scan */
export const CheckinCodeSchema = Type.Object(
  {
    code: Type.String(),
    /** SHORT_CODE_LENGTH digits to read aloud when the QR cannot be scanned */
    shortCode: Type.String(),
    /** the code as a QR image: a PNG data URL (one image the H5 page and the weapp both show) */
    qr: Type.String(),
    date: Type.String(),
    expiresAt: Type.String()
  },
  { $id: 'CheckinCode' }
)
export type CheckinCode = Static<typeof CheckinCodeSchema>

/**
 * The reception phone's idempotency key (a UUID made once when the check-in is queued, the
 * same one on every retry, as the inspector's entries carry): a retried key answers the
 * check-in it created. Optional: an older client sends none.
 */
const CheckinKeySchema = Type.String({ pattern: INSPECTION_KEY_PATTERN, description: 'client-generated UUID' })

/** POST /api/staff/checkins */
export const StaffCheckinRequestSchema = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 64 }), idempotencyKey: Type.Optional(CheckinKeySchema) },
  { $id: 'StaffCheckinRequest', additionalProperties: false }
)
export type StaffCheckinRequest = Static<typeof StaffCheckinRequestSchema>

/** POST /api/staff/checkins/by-house — the house label (e.g. 1栋1单元101) and the last 4 ID characters */
export const StaffCheckinByHouseRequestSchema = Type.Object(
  {
    house: Type.String({ minLength: 1, maxLength: 40 }),
    idLast4: Type.String({ pattern: '^[0-9]{3}[0-9Xx]$' }),
    idempotencyKey: Type.Optional(CheckinKeySchema)
  },
  { $id: 'StaffCheckinByHouseRequest', additionalProperties: false }
)
export type StaffCheckinByHouseRequest = Static<typeof StaffCheckinByHouseRequestSchema>

export const StaffCheckinResponseSchema = Type.Object(
  {
    checkinId: Type.Integer(),
    caseId: Type.Integer(),
    queueNo: Type.Integer(),
    houseLabel: Type.String(),
    /** masked */
    ownerName: Type.String(),
    /** the registered owner's name in full, to compare with the ID card (each view is audited) */
    registeredName: Type.String(),
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
    windowNo: Type.Union([Type.Integer(), Type.Null()]),
    /** minutes since arrival while waiting, arrival → call otherwise */
    waitingMinutes: Type.Integer({ minimum: 0 }),
    /** waiting longer than 30 minutes and not yet called */
    longWait: Type.Boolean(),
    /** the keys guard of the case (the engine's): 交钥匙 is offered only when true */
    keysReady: Type.Boolean(),
    /** why not yet, in Chinese (empty when ready or handed over) */
    keysReasons: Type.Array(Type.String()),
    keysHandedOver: Type.Boolean()
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
    serviceMinutes: Type.Integer(),
    /** service windows configured for the community (set-up) */
    windows: Type.Integer({ minimum: 1 })
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

/** POST /api/staff/board/call-next body: the window calling (1 when omitted) */
export const CallNextRequestSchema = Type.Object(
  { window: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) },
  { $id: 'CallNextRequest', additionalProperties: false }
)
export type CallNextRequest = Static<typeof CallNextRequestSchema>

export const CheckinIdParamsSchema = Type.Object(
  { checkinId: Type.Integer({ minimum: 1, maximum: 2147483647 }) },
  { additionalProperties: false }
)

export const FinishResponseSchema = Type.Object(
  { id: Type.Integer(), finishedAt: Type.String() },
  { $id: 'CheckinFinishResponse' }
)
export type FinishResponse = Static<typeof FinishResponseSchema>

/** GET /api/staff/hall: the hall TV. Masked house labels only: no names, no IDs. */
export const HallCalledSchema = Type.Object(
  { queueNo: Type.Integer(), houseLabel: Type.String(), windowNo: Type.Integer(), calledAt: Type.String() },
  { $id: 'HallCalled', additionalProperties: false }
)
export type HallCalled = Static<typeof HallCalledSchema>

export const HallWaitingSchema = Type.Object(
  { queueNo: Type.Integer(), houseLabel: Type.String() },
  { $id: 'HallWaiting', additionalProperties: false }
)
export type HallWaiting = Static<typeof HallWaitingSchema>

export const HallSchema = Type.Object(
  {
    date: Type.String({ pattern: CHECKIN_DATE_PATTERN }),
    /** being served now, the latest call first */
    called: Type.Array(HallCalledSchema),
    /** the next five waiting, in queue order */
    next: Type.Array(HallWaitingSchema),
    progress: Type.Object(
      { checkedIn: Type.Integer(), done: Type.Integer(), waiting: Type.Integer() },
      { additionalProperties: false }
    )
  },
  { $id: 'Hall', additionalProperties: false }
)
export type Hall = Static<typeof HallSchema>

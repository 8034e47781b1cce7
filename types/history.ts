import { Type, type Static } from 'typebox'

/**
 * GET /api/staff/houses/:houseId/history — one house on one page (房屋档案): every stage event
 * with who and when, and what each stage left behind. For the manager, reception and the
 * reviewer of the house's community (another community's house is 404). Identity is masked;
 * file links are given only to the roles that may open files (reviewer, manager), and each
 * look at a history is written to the audit log as a staff access to personal data.
 */
export const HouseHistoryParamsSchema = Type.Object(
  { houseId: Type.Integer({ minimum: 1, maximum: 2147483647 }) },
  { additionalProperties: false }
)
export type HouseHistoryParams = Static<typeof HouseHistoryParamsSchema>

const NullableString = Type.Union([Type.String(), Type.Null()])

export const HISTORY_ACTOR_TYPES = ['owner', 'delegate', 'staff', 'system'] as const
export type HistoryActorType = (typeof HISTORY_ACTOR_TYPES)[number]

export const HistoryHouseSchema = Type.Object(
  {
    id: Type.Integer(),
    /** e.g. "1栋2单元1201" */
    label: Type.String(),
    building: Type.String(),
    unit: Type.String(),
    room: Type.String(),
    area: Type.Number(),
    batch: Type.String(),
    /** masked registered owner names (co-owners of one house), e.g. 张* */
    owners: Type.Array(Type.Object({ name: Type.String(), idMasked: Type.String() })),
    /** null until the first successful verification */
    caseId: Type.Union([Type.Integer(), Type.Null()]),
    verifiedAt: NullableString,
    /** who verified: the owner or a delegate */
    verifiedRole: NullableString,
    /** a delegate acting for the owner (masked), if any */
    delegate: Type.Union([Type.Object({ name: Type.String(), idMasked: Type.String(), status: Type.String() }), Type.Null()]),
    currentStage: Type.String(),
    /** every stage's derived status now */
    stages: Type.Array(Type.Object({ stage: Type.String(), status: Type.String() })),
    doneAt: NullableString
  },
  { $id: 'HistoryHouse' }
)
export type HistoryHouse = Static<typeof HistoryHouseSchema>

export const HistoryEventSchema = Type.Object(
  {
    id: Type.Integer(),
    stage: Type.String(),
    fromStatus: Type.String(),
    toStatus: Type.String(),
    actorType: Type.Enum(HISTORY_ACTOR_TYPES),
    /** 业主 / 委托人 / 系统 / the staff member's display name */
    actorLabel: Type.String(),
    note: NullableString,
    at: Type.String()
  },
  { $id: 'HistoryEvent' }
)
export type HistoryEvent = Static<typeof HistoryEventSchema>

export const HistoryFileSchema = Type.Object(
  {
    uploadId: Type.Integer(),
    page: Type.Integer(),
    mime: Type.String(),
    size: Type.Integer(),
    createdAt: Type.String(),
    /** GET /api/staff/files/:id for reviewer and manager; null for roles that may not open files */
    url: NullableString
  },
  { $id: 'HistoryFile' }
)
export type HistoryFile = Static<typeof HistoryFileSchema>

export const HistoryDocumentSchema = Type.Object(
  {
    itemCode: Type.String(),
    title: Type.String(),
    /** missing | submitted | approved | rejected */
    status: Type.String(),
    reason: NullableString,
    submittedAt: NullableString,
    reviewedAt: NullableString,
    reviewedBy: NullableString,
    files: Type.Array(HistoryFileSchema)
  },
  { $id: 'HistoryDocument' }
)
export type HistoryDocument = Static<typeof HistoryDocumentSchema>

export const HistoryReservationSchema = Type.Object(
  {
    date: Type.String(),
    startTime: Type.String(),
    endTime: Type.String(),
    /** active | cancelled | … as stored */
    status: Type.String(),
    createdAt: Type.String(),
    cancelledAt: NullableString
  },
  // no $id: used twice in HouseHistory (reservation, reservations), and the serializer wants one use per id
  {}
)
export type HistoryReservation = Static<typeof HistoryReservationSchema>

export const HistoryCheckinSchema = Type.Object(
  { date: Type.String(), queueNo: Type.Integer(), arrivedAt: Type.String(), calledAt: NullableString, finishedAt: NullableString },
  { $id: 'HistoryCheckin' }
)

export const HistoryPaymentsSchema = Type.Object(
  {
    bill: Type.Union([
      Type.Object({
        /** unpaid | partial | paid */
        status: Type.String(),
        totalCents: Type.Integer(),
        lines: Type.Array(Type.Object({ label: Type.String(), amountCents: Type.Integer() }))
      }),
      Type.Null()
    ]),
    orders: Type.Array(
      Type.Object({
        id: Type.Integer(),
        /** wechat | counter */
        channel: Type.String(),
        method: Type.String(),
        amountCents: Type.Integer(),
        /** pending | paid | failed */
        status: Type.String(),
        createdAt: Type.String(),
        paidAt: NullableString,
        createdBy: Type.String(),
        receipt: Type.Union([
          Type.Object({ id: Type.Integer(), number: Type.String(), issuedAt: Type.String(), amountCents: Type.Integer() }),
          Type.Null()
        ])
      })
    )
  },
  { $id: 'HistoryPayments' }
)
export type HistoryPayments = Static<typeof HistoryPaymentsSchema>

export const HistoryInspectionSchema = Type.Object(
  {
    round: Type.Integer(),
    status: Type.String(),
    result: NullableString,
    inspector: NullableString,
    startedAt: Type.String(),
    completedAt: NullableString,
    ownerSignedAt: NullableString
  },
  { $id: 'HistoryInspection' }
)

export const HistoryDefectSchema = Type.Object(
  {
    id: Type.Integer(),
    round: Type.Integer(),
    room: Type.String(),
    location: Type.String(),
    category: Type.String(),
    severity: Type.String(),
    description: Type.String(),
    /** open | fixed | confirmed */
    status: Type.String(),
    dueDate: NullableString,
    createdAt: Type.String(),
    confirmedAt: NullableString,
    repair: Type.Union([Type.Object({ status: Type.String(), dueDate: NullableString, fixedAt: NullableString }), Type.Null()]),
    /** open (not fixed) past its due date (Shanghai), or fixed after it */
    overdue: Type.Boolean(),
    photos: Type.Array(Type.Object({ kind: Type.String(), url: NullableString }))
  },
  { $id: 'HistoryDefect' }
)
export type HistoryDefect = Static<typeof HistoryDefectSchema>

export const HistoryKeysSchema = Type.Object(
  {
    handedAt: Type.String(),
    staff: Type.String(),
    keys: Type.Array(Type.Object({ code: Type.String(), label: Type.String(), count: Type.Integer() })),
    meters: Type.Array(Type.Object({ kind: Type.String(), label: Type.String(), value: Type.Number() }))
  },
  { $id: 'HistoryKeys' }
)
export type HistoryKeys = Static<typeof HistoryKeysSchema>

export const HistorySurveySchema = Type.Object(
  {
    submittedAt: Type.String(),
    /** 0-100 */
    csi: Type.Number(),
    items: Type.Array(Type.Object({ code: Type.String(), title: Type.String(), score: Type.Integer(), comment: Type.String() })),
    /** the free answer about the whole move-in */
    overallComment: Type.String()
  },
  { $id: 'HistorySurvey' }
)
export type HistorySurvey = Static<typeof HistorySurveySchema>

export const HistoryTaskSchema = Type.Object(
  {
    kind: Type.String(),
    reason: Type.String(),
    dueAt: Type.String(),
    assigneeRole: Type.String(),
    status: Type.String(),
    closedAt: NullableString,
    note: NullableString
  },
  { $id: 'HistoryTask' }
)

export const HouseHistorySchema = Type.Object(
  {
    house: HistoryHouseSchema,
    /** oldest first */
    events: Type.Array(HistoryEventSchema),
    /** whether this role may open files (the `url`s are null otherwise) */
    filesVisible: Type.Boolean(),
    documents: Type.Array(HistoryDocumentSchema),
    /** the latest reservation (an active one first) */
    reservation: Type.Union([HistoryReservationSchema, Type.Null()]),
    /** every reservation, newest first (reschedules and cancellations) */
    reservations: Type.Array(HistoryReservationSchema),
    checkins: Type.Array(HistoryCheckinSchema),
    payments: HistoryPaymentsSchema,
    inspections: Type.Array(HistoryInspectionSchema),
    defects: Type.Array(HistoryDefectSchema),
    keys: Type.Union([HistoryKeysSchema, Type.Null()]),
    survey: Type.Union([HistorySurveySchema, Type.Null()]),
    tasks: Type.Array(HistoryTaskSchema)
  },
  { $id: 'HouseHistory' }
)
export type HouseHistory = Static<typeof HouseHistorySchema>

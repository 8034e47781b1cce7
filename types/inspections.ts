import { Type, type Static } from 'typebox'
import { SignaturePngSchema } from './agreements'

/*
 * House inspection (验房), defects, repair orders (维修整改), re-inspection rounds, the
 * owner's confirmation of each fix and the handover form (房屋交接单) signature.
 * Entries sent from the inspector's phone carry a client-generated UUID `idempotencyKey`:
 * a retry of the same key never creates a second row (the original is answered with 200).
 */

export const INSPECTION_ITEM_RESULTS = ['pass', 'fail'] as const
export type InspectionItemResult = (typeof INSPECTION_ITEM_RESULTS)[number]
export const InspectionItemResultSchema = Type.Enum(INSPECTION_ITEM_RESULTS)

export const DEFECT_CATEGORIES = ['渗漏', '开裂', '门窗', '电气', '给排水', '其他'] as const
export type DefectCategory = (typeof DEFECT_CATEGORIES)[number]
export const DefectCategorySchema = Type.Enum(DEFECT_CATEGORIES)

export const DEFECT_SEVERITIES = ['轻微', '一般', '严重'] as const
export type DefectSeverity = (typeof DEFECT_SEVERITIES)[number]
export const DefectSeveritySchema = Type.Enum(DEFECT_SEVERITIES)

/** open → fixed (repair done, after photo) → confirmed (the owner accepted the fix) */
export const DEFECT_STATUSES = ['open', 'fixed', 'confirmed'] as const
export type DefectStatus = (typeof DEFECT_STATUSES)[number]
export const DefectStatusSchema = Type.Enum(DEFECT_STATUSES)

export const INSPECTION_METER_KINDS = ['water', 'electricity', 'gas'] as const
export type InspectionMeterKind = (typeof INSPECTION_METER_KINDS)[number]
export const InspectionMeterKindSchema = Type.Enum(INSPECTION_METER_KINDS)
export const INSPECTION_METER_LABELS: Record<InspectionMeterKind, string> = { water: '水表', electricity: '电表', gas: '燃气表' }

export const INSPECTION_STATUSES = ['in_progress', 'completed'] as const
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number]
export const InspectionStatusSchema = Type.Enum(INSPECTION_STATUSES)

export const INSPECTION_RESULTS = ['passed', 'defects'] as const
export type InspectionResult = (typeof INSPECTION_RESULTS)[number]
export const InspectionResultSchema = Type.Enum(INSPECTION_RESULTS)

export const REPAIR_STATUSES = ['open', 'fixed'] as const
export type RepairStatus = (typeof REPAIR_STATUSES)[number]
export const RepairStatusSchema = Type.Enum(REPAIR_STATUSES)

/** Days to fix a defect, by severity (serious ones first). */
export const REPAIR_DUE_DAYS: Record<DefectSeverity, number> = { 严重: 3, 一般: 7, 轻微: 15 }

export const INSPECTION_KEY_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
export const InspectionKeySchema = Type.String({ pattern: INSPECTION_KEY_PATTERN, description: 'client-generated UUID' })

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const RoomText = Type.String({ minLength: 1, maxLength: 20 })
const ItemText = Type.String({ minLength: 1, maxLength: 40 })
const UploadId = Type.Integer({ minimum: 1, maximum: 2147483647 })

export const InspectionPhotoSchema = Type.Object(
  { id: Type.Integer(), url: Type.String() }
)
export type InspectionPhoto = Static<typeof InspectionPhotoSchema>

export const DefectSchema = Type.Object(
  {
    id: Type.Integer(),
    inspectionId: Type.Integer(),
    round: Type.Integer(),
    room: Type.String(),
    location: Type.String(),
    category: DefectCategorySchema,
    severity: DefectSeveritySchema,
    description: Type.String(),
    status: DefectStatusSchema,
    /** YYYY-MM-DD (Asia/Shanghai); set when the round is completed */
    dueDate: Nullable(Type.String()),
    fixedAt: Nullable(Type.String()),
    fixNote: Nullable(Type.String()),
    confirmedAt: Nullable(Type.String()),
    createdAt: Type.String(),
    beforePhotos: Type.Array(InspectionPhotoSchema),
    afterPhotos: Type.Array(InspectionPhotoSchema)
  }
)
export type Defect = Static<typeof DefectSchema>

export const InspectionItemRowSchema = Type.Object(
  {
    id: Type.Integer(),
    room: Type.String(),
    item: Type.String(),
    result: InspectionItemResultSchema,
    note: Nullable(Type.String()),
    createdAt: Type.String()
  },
  { $id: 'InspectionItemResult' }
)
export type InspectionItemRow = Static<typeof InspectionItemRowSchema>

export const InspectionMeterSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: InspectionMeterKindSchema,
    value: Type.Number(),
    photo: Nullable(InspectionPhotoSchema),
    createdAt: Type.String()
  }
)
export type InspectionMeter = Static<typeof InspectionMeterSchema>

/** One room of the checklist: its items with the latest result recorded in this round. */
export const InspectionRoomSchema = Type.Object(
  {
    room: Type.String(),
    items: Type.Array(
      Type.Object({
        item: Type.String(),
        result: Nullable(InspectionItemResultSchema),
        note: Nullable(Type.String())
      })
    )
  }
)
export type InspectionRoom = Static<typeof InspectionRoomSchema>

export const InspectionDetailSchema = Type.Object(
  {
    id: Type.Integer(),
    caseId: Type.Integer(),
    houseLabel: Type.String(),
    round: Type.Integer(),
    status: InspectionStatusSchema,
    result: Nullable(InspectionResultSchema),
    startedAt: Type.String(),
    completedAt: Nullable(Type.String()),
    inspectorName: Nullable(Type.String()),
    rooms: Type.Array(InspectionRoomSchema),
    /** defects recorded in this round */
    defects: Type.Array(DefectSchema),
    /** defects of earlier rounds, to re-check in a re-inspection */
    earlierDefects: Type.Array(DefectSchema),
    meters: Type.Array(InspectionMeterSchema),
    /** a re-inspection: each item's latest result in the earlier rounds (failed ones are re-checked first) */
    previousRooms: Type.Optional(Type.Array(InspectionRoomSchema))
  }
)
export type InspectionDetail = Static<typeof InspectionDetailSchema>

// ---------------------------------------------------------------------------------------
// Staff: queue, start, entries, complete

export const INSPECTION_QUEUE_STATES = ['waiting', 'in_progress', 'repairs', 'reinspect', 'awaiting_owner'] as const
export type InspectionQueueState = (typeof INSPECTION_QUEUE_STATES)[number]
export const InspectionQueueStateSchema = Type.Enum(INSPECTION_QUEUE_STATES)

export const InspectionQueueItemSchema = Type.Object(
  {
    caseId: Type.Integer(),
    houseLabel: Type.String(),
    checkinDate: Type.String(),
    queueNo: Type.Integer(),
    state: InspectionQueueStateSchema,
    /** the open round, if any */
    inspectionId: Nullable(Type.Integer()),
    rounds: Type.Integer(),
    openDefects: Type.Integer()
  }
)
export type InspectionQueueItem = Static<typeof InspectionQueueItemSchema>

export const InspectionQueueResponseSchema = Type.Object(
  { items: Type.Array(InspectionQueueItemSchema) },
  { $id: 'InspectionQueueResponse' }
)
export type InspectionQueueResponse = Static<typeof InspectionQueueResponseSchema>

export const StartInspectionRequestSchema = Type.Object(
  { caseId: Type.Integer({ minimum: 1, maximum: 2147483647 }) },
  { $id: 'StartInspectionRequest', additionalProperties: false }
)
export type StartInspectionRequest = Static<typeof StartInspectionRequestSchema>

export const InspectionItemEntryRequestSchema = Type.Object(
  {
    idempotencyKey: InspectionKeySchema,
    room: RoomText,
    item: ItemText,
    result: InspectionItemResultSchema,
    note: Type.Optional(Type.String({ maxLength: 200 }))
  },
  { $id: 'InspectionItemEntryRequest', additionalProperties: false }
)
export type InspectionItemEntryRequest = Static<typeof InspectionItemEntryRequestSchema>

export const InspectionDefectEntryRequestSchema = Type.Object(
  {
    idempotencyKey: InspectionKeySchema,
    room: RoomText,
    location: Type.String({ maxLength: 60 }),
    category: DefectCategorySchema,
    severity: DefectSeveritySchema,
    description: Type.String({ minLength: 1, maxLength: 500 }),
    photoUploadIds: Type.Array(UploadId, { maxItems: 6, uniqueItems: true })
  },
  { $id: 'InspectionDefectEntryRequest', additionalProperties: false }
)
export type InspectionDefectEntryRequest = Static<typeof InspectionDefectEntryRequestSchema>

export const InspectionMeterEntryRequestSchema = Type.Object(
  {
    idempotencyKey: InspectionKeySchema,
    kind: InspectionMeterKindSchema,
    value: Type.Number({ minimum: 0, maximum: 99999999 }),
    photoUploadId: Type.Optional(UploadId)
  },
  { $id: 'InspectionMeterEntryRequest', additionalProperties: false }
)
export type InspectionMeterEntryRequest = Static<typeof InspectionMeterEntryRequestSchema>

export const InspectionPhotoUploadSchema = Type.Object(
  { id: Type.Integer(), mime: Type.String(), size: Type.Integer(), url: Type.String() },
  { $id: 'InspectionPhotoUpload' }
)
export type InspectionPhotoUpload = Static<typeof InspectionPhotoUploadSchema>

export const RepairOrderSchema = Type.Object(
  {
    id: Type.Integer(),
    caseId: Type.Integer(),
    houseLabel: Type.String(),
    status: RepairStatusSchema,
    dueDate: Nullable(Type.String()),
    overdue: Type.Boolean(),
    createdAt: Type.String(),
    defect: DefectSchema,
    /** the contractor (施工单位) it is assigned to; null: fixed by the property's own staff */
    contractor: Type.Optional(Nullable(Type.Object({ id: Type.Integer(), name: Type.String() }))),
    /**
     * none: no verification step (unassigned order, today's flow: the fix goes straight to the
     * owner); pending: a contractor's fix awaits the inspector; accepted: the inspector accepted it
     */
    verification: Type.Optional(Type.Enum(['none', 'pending', 'accepted'])),
    /** how often the inspector rejected a reported fix */
    reopenedCount: Type.Optional(Type.Integer()),
    /** the last rejection's reason */
    rejectReason: Type.Optional(Nullable(Type.String()))
  }
)
export type RepairOrder = Static<typeof RepairOrderSchema>

export const CompleteInspectionResponseSchema = Type.Object(
  {
    inspection: InspectionDetailSchema,
    repairOrders: Type.Array(RepairOrderSchema)
  },
  { $id: 'CompleteInspectionResponse' }
)
export type CompleteInspectionResponse = Static<typeof CompleteInspectionResponseSchema>

export const RepairListQuerySchema = Type.Object(
  { status: Type.Optional(Type.Enum(['open', 'fixed', 'all'])) },
  { additionalProperties: false }
)
export type RepairListQuery = Static<typeof RepairListQuerySchema>

export const RepairListResponseSchema = Type.Object(
  { items: Type.Array(RepairOrderSchema) },
  { $id: 'RepairListResponse' }
)
export type RepairListResponse = Static<typeof RepairListResponseSchema>

export const RepairFixedRequestSchema = Type.Object(
  {
    afterPhotoUploadId: UploadId,
    note: Type.Optional(Type.String({ maxLength: 200 }))
  },
  { $id: 'RepairFixedRequest', additionalProperties: false }
)
export type RepairFixedRequest = Static<typeof RepairFixedRequestSchema>

// ---------------------------------------------------------------------------------------
// Owner

export const OwnerInspectionRoundSchema = Type.Object(
  {
    id: Type.Integer(),
    round: Type.Integer(),
    status: InspectionStatusSchema,
    result: Nullable(InspectionResultSchema),
    startedAt: Type.String(),
    completedAt: Nullable(Type.String()),
    rooms: Type.Array(InspectionRoomSchema),
    defects: Type.Array(DefectSchema)
  }
)
export type OwnerInspectionRound = Static<typeof OwnerInspectionRoundSchema>

export const OwnerInspectionSchema = Type.Object(
  {
    houseLabel: Type.String(),
    rounds: Type.Array(OwnerInspectionRoundSchema),
    meters: Type.Array(InspectionMeterSchema),
    /** the handover form can be signed now */
    canSign: Type.Boolean(),
    /** why not yet (Chinese), empty when canSign or signed */
    signBlockers: Type.Array(Type.String()),
    signedAt: Nullable(Type.String())
  },
  { $id: 'OwnerInspection' }
)
export type OwnerInspection = Static<typeof OwnerInspectionSchema>

export const DefectConfirmResponseSchema = Type.Object(
  { id: Type.Integer(), status: DefectStatusSchema, confirmedAt: Nullable(Type.String()) },
  { $id: 'DefectConfirmResponse' }
)
export type DefectConfirmResponse = Static<typeof DefectConfirmResponseSchema>

export const HandoverSignRequestSchema = Type.Object(
  {
    /** data:image/png;base64,... from the SignaturePad */
    signaturePng: SignaturePngSchema
  },
  { $id: 'HandoverSignRequest', additionalProperties: false }
)
export type HandoverSignRequest = Static<typeof HandoverSignRequestSchema>

export const HandoverSignResponseSchema = Type.Object(
  { signedAt: Type.String(), inspectionId: Type.Integer() },
  { $id: 'HandoverSignResponse' }
)
export type HandoverSignResponse = Static<typeof HandoverSignResponseSchema>

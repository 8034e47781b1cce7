import { Type, type Static } from 'typebox'

/** checklist item codes: lower snake case, e.g. owner_id_card, power_of_attorney */
export const ItemCodeSchema = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })

export const DOCUMENT_STATUSES = ['missing', 'submitted', 'approved', 'rejected'] as const
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number]
export const DocumentStatusSchema = Type.Enum(DOCUMENT_STATUSES)

export const UPLOAD_MIMES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const
export type UploadMime = (typeof UPLOAD_MIMES)[number]

export const UploadInfoSchema = Type.Object(
  {
    id: Type.Integer(),
    itemCode: Type.String(),
    mime: Type.String(),
    size: Type.Integer(),
    createdAt: Type.String(),
    /** GET this (with the owner's bearer token) to see the file */
    url: Type.String()
  },
  { $id: 'UploadInfo' }
)
export type UploadInfo = Static<typeof UploadInfoSchema>

/** POST /api/owner/documents/:itemCode/files (multipart, field `file`) */
export const UploadResultSchema = Type.Object(
  {
    upload: UploadInfoSchema,
    submission: Type.Object({ itemCode: Type.String(), status: DocumentStatusSchema })
  },
  { $id: 'UploadResult' }
)
export type UploadResult = Static<typeof UploadResultSchema>

/** Separate consent before an ID-card photo is uploaded (PIPL). */
export const CONSENT_KINDS = ['id_photo'] as const
export type ConsentKind = (typeof CONSENT_KINDS)[number]

/** POST /api/owner/consents */
export const ConsentRequestSchema = Type.Object(
  { kind: Type.Enum(CONSENT_KINDS) },
  { $id: 'ConsentRequest', additionalProperties: false }
)
export type ConsentRequest = Static<typeof ConsentRequestSchema>

export const ConsentSchema = Type.Object(
  { kind: Type.String(), at: Type.String() },
  { $id: 'Consent' }
)
export type Consent = Static<typeof ConsentSchema>

export const REQUIREMENTS = ['required', 'optional', 'conditional'] as const
export type Requirement = (typeof REQUIREMENTS)[number]

/** One uploaded page of a checklist item. */
export const DocumentPageSchema = Type.Object(
  {
    id: Type.Integer(),
    mime: Type.String(),
    size: Type.Integer(),
    /** 1-based page number within the item */
    page: Type.Integer(),
    createdAt: Type.String(),
    /** GET with the session's bearer token */
    url: Type.String(),
    /** uploaded after the last rejection (will replace the rejected pages on submit) */
    replacement: Type.Boolean()
  },
  { $id: 'DocumentPage' }
)
export type DocumentPage = Static<typeof DocumentPageSchema>

export const ChecklistEntrySchema = Type.Object(
  {
    code: Type.String(),
    title: Type.String(),
    description: Type.String(),
    requirement: Type.Enum(REQUIREMENTS),
    /** required for this case (a conditional item that applies counts as required) */
    required: Type.Boolean(),
    status: DocumentStatusSchema,
    /** the reviewer's reason when rejected */
    reason: Type.Union([Type.String(), Type.Null()]),
    submittedAt: Type.Union([Type.String(), Type.Null()]),
    reviewedAt: Type.Union([Type.String(), Type.Null()]),
    pages: Type.Array(DocumentPageSchema),
    /** an ID-card photo item: needs the separate id_photo consent before the first upload */
    needsIdConsent: Type.Boolean(),
    /** pages may be added / deleted and the item submitted */
    editable: Type.Boolean(),
    /** there are pages not yet submitted for review */
    canSubmit: Type.Boolean()
  },
  { $id: 'ChecklistEntry' }
)
export type ChecklistEntry = Static<typeof ChecklistEntrySchema>

/** GET /api/owner/documents */
export const ChecklistResponseSchema = Type.Object(
  {
    items: Type.Array(ChecklistEntrySchema),
    idPhotoConsent: Type.Boolean(),
    /** the documents stage is open for this case (a delegate waits for the power of attorney) */
    open: Type.Boolean(),
    /** why not open (Chinese), empty when open */
    blockers: Type.Array(Type.String()),
    /** all required items approved: reservation is open */
    reservationOpen: Type.Boolean(),
    maxPagesPerItem: Type.Integer(),
    maxBytes: Type.Integer()
  },
  { $id: 'ChecklistResponse' }
)
export type ChecklistResponse = Static<typeof ChecklistResponseSchema>

export const ItemParamsSchema = Type.Object({ itemCode: ItemCodeSchema }, { $id: 'ItemParams', additionalProperties: false })
export const ItemPageParamsSchema = Type.Object(
  { itemCode: ItemCodeSchema, uploadId: Type.Integer({ minimum: 1, maximum: 2147483647 }) },
  { $id: 'ItemPageParams', additionalProperties: false }
)

// ---- staff review --------------------------------------------------------------------

export const REVIEW_TARGET_HOURS = 24

export const ReviewQueueItemSchema = Type.Object(
  {
    caseId: Type.Integer(),
    /** e.g. 1栋 2单元 301 */
    houseLabel: Type.String(),
    ownerNameMasked: Type.String(),
    role: Type.String(),
    /** items waiting for review */
    pendingItems: Type.Array(Type.Object({ code: Type.String(), title: Type.String() })),
    /** oldest submission waiting */
    waitingSince: Type.String(),
    waitingMinutes: Type.Integer(),
    targetHours: Type.Integer(),
    overdue: Type.Boolean()
  },
  { $id: 'ReviewQueueItem' }
)
export type ReviewQueueItem = Static<typeof ReviewQueueItemSchema>

export const ReviewQueueSchema = Type.Object(
  { items: Type.Array(ReviewQueueItemSchema), overdueCount: Type.Integer(), targetHours: Type.Integer() },
  { $id: 'ReviewQueue' }
)
export type ReviewQueue = Static<typeof ReviewQueueSchema>

export const ReviewCaseSchema = Type.Object(
  {
    caseId: Type.Integer(),
    houseLabel: Type.String(),
    ownerNameMasked: Type.String(),
    /**
     * The registered owner's full name and masked ID number, to compare with the ID photo:
     * reviewers and managers only, and every view is written to the audit log.
     */
    ownerName: Type.String(),
    ownerIdMasked: Type.String(),
    role: Type.String(),
    delegateNameMasked: Type.Union([Type.String(), Type.Null()]),
    /** a delegate case: the delegate's full name and masked ID number (same rules) */
    delegateName: Type.Union([Type.String(), Type.Null()]),
    delegateIdMasked: Type.Union([Type.String(), Type.Null()]),
    items: Type.Array(
      Type.Object({
        code: Type.String(),
        title: Type.String(),
        required: Type.Boolean(),
        status: DocumentStatusSchema,
        reason: Type.Union([Type.String(), Type.Null()]),
        submittedAt: Type.Union([Type.String(), Type.Null()]),
        /** pages with staff URLs (/api/staff/files/:id, each view audited) */
        pages: Type.Array(Type.Object({ id: Type.Integer(), mime: Type.String(), size: Type.Integer(), page: Type.Integer(), url: Type.String() }))
      })
    )
  },
  { $id: 'ReviewCase' }
)
export type ReviewCase = Static<typeof ReviewCaseSchema>

export const ReviewParamsSchema = Type.Object(
  { caseId: Type.Integer({ minimum: 1, maximum: 2147483647 }), itemCode: ItemCodeSchema },
  { $id: 'ReviewParams', additionalProperties: false }
)
export const ReviewCaseParamsSchema = Type.Object(
  { caseId: Type.Integer({ minimum: 1, maximum: 2147483647 }) },
  { $id: 'ReviewCaseParams', additionalProperties: false }
)

export const ReviewDecisionSchema = Type.Object(
  {
    decision: Type.Enum(['approve', 'reject'] as const),
    /** required when rejecting (a template or free text) */
    reason: Type.Optional(Type.String({ maxLength: 200 }))
  },
  { $id: 'ReviewDecision', additionalProperties: false }
)
export type ReviewDecision = Static<typeof ReviewDecisionSchema>

export const ReviewResultSchema = Type.Object(
  { caseId: Type.Integer(), itemCode: Type.String(), status: DocumentStatusSchema, reservationOpen: Type.Boolean() },
  { $id: 'ReviewResult' }
)
export type ReviewResult = Static<typeof ReviewResultSchema>

export const REVIEW_REASON_TEMPLATES = ['照片模糊，请重新拍摄', '证件已过期', '缺少页面', '与备案信息不一致', '照片不完整，请拍全证件四角', '签字或盖章缺失'] as const
export const ReviewReasonsSchema = Type.Object({ reasons: Type.Array(Type.String()) }, { $id: 'ReviewReasons' })
export type ReviewReasons = Static<typeof ReviewReasonsSchema>

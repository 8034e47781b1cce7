import { Type, type Static } from 'typebox'
import { STAGES } from './progress'

export const STAFF_ROLES = ['reception', 'reviewer', 'inspector', 'cashier', 'manager'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]
export const StaffRoleSchema = Type.Enum(STAFF_ROLES)

/** POST /api/staff/login */
export const StaffLoginRequestSchema = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 })
  },
  { $id: 'StaffLoginRequest', additionalProperties: false }
)
export type StaffLoginRequest = Static<typeof StaffLoginRequestSchema>

export const StaffUserSchema = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    role: StaffRoleSchema,
    communityName: Type.String()
  },
  { $id: 'StaffUser' }
)
export type StaffUser = Static<typeof StaffUserSchema>

/**
 * GET /api/staff/home-counts: what waits for the member's role (a manager gets every count).
 * A count the role does not handle is null, so the tile shows none.
 */
export const StaffHomeCountsSchema = Type.Object(
  {
    /** cases with an item waiting for document review */
    reviewWaiting: Type.Union([Type.Integer(), Type.Null()]),
    /** delegates whose power of attorney waits for review */
    delegatesWaiting: Type.Union([Type.Integer(), Type.Null()]),
    /** owners checked in today and not yet called */
    checkinWaiting: Type.Union([Type.Integer(), Type.Null()]),
    /** repair orders not yet fixed */
    repairsOpen: Type.Union([Type.Integer(), Type.Null()]),
    /** verified houses whose move-in fees are not paid in full (no bill row yet counts) */
    unpaid: Type.Union([Type.Integer(), Type.Null()]),
    /** open follow-up tasks of the role (refunds for the cashier) */
    tasksOpen: Type.Union([Type.Integer(), Type.Null()]),
    /** unresolved alerts of the role */
    alertsOpen: Type.Integer()
  },
  { $id: 'StaffHomeCounts' }
)
export type StaffHomeCounts = Static<typeof StaffHomeCountsSchema>

export const StaffSessionSchema = Type.Object(
  {
    token: Type.String(),
    expiresAt: Type.String(),
    user: StaffUserSchema,
    /** a one-time password: every staff route but me / logout / password answers 403 PASSWORD_CHANGE_REQUIRED until it is changed */
    mustChangePassword: Type.Boolean()
  },
  { $id: 'StaffSession' }
)
export type StaffSession = Static<typeof StaffSessionSchema>

/**
 * GET /api/staff/houses — reception looks a house up by `q`, the manager pages through the
 * whole community by building / batch / stage (masked ID only; access is audited).
 * Sorted by building, unit, room.
 */
export const HouseLookupQuerySchema = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    building: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    batch: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    stage: Type.Optional(Type.Enum(STAGES)),
    /** 1-based */
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 }))
  },
  { additionalProperties: false }
)
export type HouseLookupQuery = Static<typeof HouseLookupQuerySchema>
export const HouseLookupItemSchema = Type.Object(
  {
    houseId: Type.Integer(),
    label: Type.String(),
    ownerName: Type.String(),
    ownerIdMasked: Type.String(),
    currentStage: Type.String(),
    verified: Type.Boolean()
  },
  { $id: 'HouseLookupItem' }
)
export type HouseLookupItem = Static<typeof HouseLookupItemSchema>
export const HouseLookupResponseSchema = Type.Object(
  {
    /** houses matching the filters, over all pages */
    total: Type.Integer(),
    items: Type.Array(HouseLookupItemSchema),
    /** the community's building names and batch codes, for the list's filter choices */
    buildings: Type.Array(Type.String()),
    batches: Type.Array(Type.String())
  },
  { $id: 'HouseLookupResponse' }
)
export type HouseLookupResponse = Static<typeof HouseLookupResponseSchema>

export const DELEGATE_STATUSES = ['pending_review', 'approved', 'rejected'] as const
export type DelegateStatus = (typeof DELEGATE_STATUSES)[number]
export const DelegateStatusSchema = Type.Enum(DELEGATE_STATUSES)

/** GET /api/staff/delegates?status= — reviewers see delegates and their power of attorney files */
export const DelegateListQuerySchema = Type.Object(
  { status: Type.Optional(DelegateStatusSchema) },
  { additionalProperties: false }
)
export type DelegateListQuery = Static<typeof DelegateListQuerySchema>

export const DelegateReviewItemSchema = Type.Object(
  {
    id: Type.Integer(),
    houseId: Type.Integer(),
    houseLabel: Type.String(),
    /** masked registered owner name */
    ownerName: Type.String(),
    delegateName: Type.String(),
    /** masked, e.g. 4401**********1234 */
    delegateIdMasked: Type.String(),
    status: DelegateStatusSchema,
    reason: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    /** power of attorney files: GET /api/staff/files/:uploadId */
    files: Type.Array(
      Type.Object({ uploadId: Type.Integer(), mime: Type.String(), size: Type.Integer(), createdAt: Type.String() })
    )
  },
  { $id: 'DelegateReviewItem' }
)
export type DelegateReviewItem = Static<typeof DelegateReviewItemSchema>

export const DelegateListResponseSchema = Type.Object(
  { items: Type.Array(DelegateReviewItemSchema) },
  { $id: 'DelegateListResponse' }
)
export type DelegateListResponse = Static<typeof DelegateListResponseSchema>

/** POST /api/staff/delegates/:id/review */
export const DelegateReviewRequestSchema = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
    /** required when rejecting, shown to the owner */
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200 }))
  },
  { $id: 'DelegateReviewRequest', additionalProperties: false }
)
export type DelegateReviewRequest = Static<typeof DelegateReviewRequestSchema>

export const DelegateReviewResponseSchema = Type.Object(
  { id: Type.Integer(), status: DelegateStatusSchema },
  { $id: 'DelegateReviewResponse' }
)
export type DelegateReviewResponse = Static<typeof DelegateReviewResponseSchema>

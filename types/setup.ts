import { Type, type Static } from 'typebox'
import { AgreementKindSchema } from './agreements'
import { FEE_BASES } from './fees'

/*
 * Community set-up (the manager's own community): /api/staff/setup/...
 * Every body is closed (additionalProperties: false); money is integer cents.
 */

const DateStr = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$' })
/** HH:MM, 00:00-23:59 */
const TimeStr = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' })
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max })
export const SetupIdParamsSchema = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false })

// ---------------------------------------------------------------- profile

export const HandbookSectionSchema = Type.Object(
  { title: Text(40, 1), items: Type.Array(Text(500, 1), { maxItems: 30 }) },
  { additionalProperties: false }
)

/** The handbook texts the owner reads after move-in (stored in communities.handbook JSON). */
export const SetupHandbookSchema = Type.Object(
  { emergencyPhone: Text(40), sections: Type.Array(HandbookSectionSchema, { maxItems: 20 }) },
  { additionalProperties: false }
)
export type SetupHandbook = Static<typeof SetupHandbookSchema>

export const SetupProfileSchema = Type.Object(
  {
    name: Text(60, 2),
    address: Text(120),
    servicePhone: Text(40),
    /** e.g. 每天 8:00-20:00 */
    serviceHours: Text(60),
    /** where move-in happens, e.g. 1栋架空层入伙大厅 */
    servicePlace: Text(80),
    company: Text(60),
    handbook: SetupHandbookSchema,
    prepaidMonths: Type.Integer({ minimum: 0, maximum: 36 }),
    uploadRetentionDays: Type.Integer({ minimum: 30, maximum: 3650 }),
    /** service windows (窗口) of the move-in hall: reception calls a number to one of them; kept when omitted */
    receptionWindows: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 }))
  },
  { $id: 'SetupProfile', additionalProperties: false }
)
export type SetupProfile = Static<typeof SetupProfileSchema>

// ---------------------------------------------------------------- buildings and batches

export const SetupBuildingSchema = Type.Object(
  { id: Type.Integer(), name: Type.String(), sort: Type.Integer(), houseCount: Type.Integer() },
  { $id: 'SetupBuilding' }
)
export type SetupBuilding = Static<typeof SetupBuildingSchema>
export const SetupBuildingListSchema = Type.Object({ items: Type.Array(SetupBuildingSchema) }, { $id: 'SetupBuildingList' })
export type SetupBuildingList = Static<typeof SetupBuildingListSchema>
export const SetupBuildingInputSchema = Type.Object(
  { name: Text(20, 1), sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999 })) },
  { $id: 'SetupBuildingInput', additionalProperties: false }
)
export type SetupBuildingInput = Static<typeof SetupBuildingInputSchema>

export const SetupBatchSchema = Type.Object(
  {
    id: Type.Integer(),
    /** the value houses.batch and slots.batch carry */
    code: Type.String(),
    title: Type.String(),
    buildings: Type.Array(Type.String()),
    startsOn: Type.Union([Type.String(), Type.Null()]),
    endsOn: Type.Union([Type.String(), Type.Null()]),
    place: Type.String(),
    sort: Type.Integer(),
    houseCount: Type.Integer(),
    slotCount: Type.Integer()
  },
  { $id: 'SetupBatch' }
)
export type SetupBatch = Static<typeof SetupBatchSchema>
export const SetupBatchListSchema = Type.Object(
  {
    items: Type.Array(SetupBatchSchema),
    /** batch codes houses carry with no batch row yet (add them to plan their dates) */
    unplanned: Type.Array(Type.Object({ code: Type.String(), houseCount: Type.Integer() }))
  },
  { $id: 'SetupBatchList' }
)
export type SetupBatchList = Static<typeof SetupBatchListSchema>
export const SetupBatchInputSchema = Type.Object(
  {
    code: Text(20, 1),
    title: Text(40, 1),
    buildings: Type.Array(Text(20, 1), { maxItems: 100 }),
    startsOn: Type.Union([DateStr, Type.Null()]),
    endsOn: Type.Union([DateStr, Type.Null()]),
    place: Text(80),
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999 }))
  },
  { $id: 'SetupBatchInput', additionalProperties: false }
)
export type SetupBatchInput = Static<typeof SetupBatchInputSchema>

// ---------------------------------------------------------------- slots

/** Most days and slots one generation may cover (a typo in a year should not make 100k rows). */
export const SLOT_GENERATE_MAX_DAYS = 120
export const SLOT_GENERATE_MAX_SLOTS = 2000
export const SLOT_CAPACITY_MAX = 500

export const SlotWindowSchema = Type.Object({ start: TimeStr, end: TimeStr }, { additionalProperties: false })
export type SlotWindow = Static<typeof SlotWindowSchema>

/** POST /api/staff/setup/slots/generate: `from`..`to` inclusive, Shanghai calendar dates. */
export const SlotGenerateRequestSchema = Type.Object(
  {
    batch: Text(20, 1),
    from: DateStr,
    to: DateStr,
    windows: Type.Array(SlotWindowSchema, { minItems: 1, maxItems: 24 }),
    capacity: Type.Integer({ minimum: 1, maximum: SLOT_CAPACITY_MAX }),
    skipDates: Type.Array(DateStr, { maxItems: 120 }),
    /** 0 = Sunday … 6 = Saturday */
    skipWeekdays: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { maxItems: 7 })),
    /** answer what would be created without writing */
    dryRun: Type.Optional(Type.Boolean())
  },
  { $id: 'SlotGenerateRequest', additionalProperties: false }
)
export type SlotGenerateRequest = Static<typeof SlotGenerateRequestSchema>

export const SlotKeySchema = Type.Object({ date: Type.String(), start: Type.String(), end: Type.String() })
export type SlotKey = Static<typeof SlotKeySchema>
export const SlotGenerateResultSchema = Type.Object(
  {
    dryRun: Type.Boolean(),
    batch: Type.String(),
    /** slots created (or that would be, on a dry run) */
    created: Type.Array(SlotKeySchema),
    /** same batch + date + start already existed: left as they are */
    existing: Type.Array(SlotKeySchema),
    /** dates in the range left out (skipDates or skipWeekdays) */
    skippedDates: Type.Array(Type.String())
  },
  { $id: 'SlotGenerateResult' }
)
export type SlotGenerateResult = Static<typeof SlotGenerateResultSchema>

export const SetupSlotsQuerySchema = Type.Object(
  { batch: Type.Optional(Text(20, 1)), from: Type.Optional(DateStr), to: Type.Optional(DateStr) },
  { additionalProperties: false }
)
export type SetupSlotsQuery = Static<typeof SetupSlotsQuerySchema>
export const SetupSlotSchema = Type.Object(
  {
    id: Type.Integer(),
    batch: Type.String(),
    date: Type.String(),
    start: Type.String(),
    end: Type.String(),
    capacity: Type.Integer(),
    booked: Type.Integer()
  },
  { $id: 'SetupSlot' }
)
export type SetupSlot = Static<typeof SetupSlotSchema>
export const SetupSlotListSchema = Type.Object(
  { items: Type.Array(SetupSlotSchema), truncated: Type.Boolean() },
  { $id: 'SetupSlotList' }
)
export type SetupSlotList = Static<typeof SetupSlotListSchema>
export const SlotCapacityInputSchema = Type.Object(
  { capacity: Type.Integer({ minimum: 0, maximum: SLOT_CAPACITY_MAX }) },
  { $id: 'SlotCapacityInput', additionalProperties: false }
)

// ---------------------------------------------------------------- checklist

export const CHECKLIST_REQUIREMENTS = ['required', 'optional', 'conditional'] as const
/** conditions the stage engine understands (cases/repository.ts loadChecklist) */
export const CHECKLIST_CONDITIONS = ['delegate'] as const
export const SetupChecklistItemSchema = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    title: Type.String(),
    description: Type.String(),
    requirement: Type.Enum(CHECKLIST_REQUIREMENTS),
    condition: Type.Union([Type.Enum(CHECKLIST_CONDITIONS), Type.Null()]),
    sort: Type.Integer(),
    /** owners' submissions of this item (uploaded, reviewed…) */
    submissionCount: Type.Integer()
  },
  { $id: 'SetupChecklistItem' }
)
export type SetupChecklistItem = Static<typeof SetupChecklistItemSchema>
export const SetupChecklistListSchema = Type.Object({ items: Type.Array(SetupChecklistItemSchema) }, { $id: 'SetupChecklistList' })
export type SetupChecklistList = Static<typeof SetupChecklistListSchema>
export const SetupChecklistInputSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
    title: Text(40, 1),
    description: Text(200),
    requirement: Type.Enum(CHECKLIST_REQUIREMENTS),
    condition: Type.Union([Type.Enum(CHECKLIST_CONDITIONS), Type.Null()]),
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999 }))
  },
  { $id: 'SetupChecklistInput', additionalProperties: false }
)
export type SetupChecklistInput = Static<typeof SetupChecklistInputSchema>

// ---------------------------------------------------------------- fees

export const SetupFeeRateSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.String(),
    label: Type.String(),
    basis: Type.Enum(FEE_BASES),
    rateCents: Type.Integer(),
    sort: Type.Integer()
  },
  { $id: 'SetupFeeRate' }
)
export type SetupFeeRate = Static<typeof SetupFeeRateSchema>
export const SetupFeeRateListSchema = Type.Object(
  { items: Type.Array(SetupFeeRateSchema), prepaidMonths: Type.Integer(), billCount: Type.Integer() },
  { $id: 'SetupFeeRateList' }
)
export type SetupFeeRateList = Static<typeof SetupFeeRateListSchema>
export const SetupFeeRateInputSchema = Type.Object(
  {
    kind: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
    label: Text(40, 1),
    basis: Type.Enum(FEE_BASES),
    /** cents per m² per month, per m², or per house */
    rateCents: Type.Integer({ minimum: 0, maximum: 100_000_000 }),
    sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999 }))
  },
  { $id: 'SetupFeeRateInput', additionalProperties: false }
)
export type SetupFeeRateInput = Static<typeof SetupFeeRateInputSchema>

// ---------------------------------------------------------------- agreements

export const SetupAgreementVersionSchema = Type.Object(
  {
    id: Type.Integer(),
    version: Type.Integer(),
    title: Type.String(),
    body: Type.String(),
    active: Type.Boolean(),
    createdAt: Type.String(),
    signedCount: Type.Integer()
  },
  { description: 'one published version of an agreement kind' }
)
export type SetupAgreementVersion = Static<typeof SetupAgreementVersionSchema>
export const SetupAgreementKindSchema = Type.Object(
  {
    kind: AgreementKindSchema,
    /** the version owners who have not signed see; null when none was published */
    current: Type.Union([SetupAgreementVersionSchema, Type.Null()]),
    /** newest first */
    versions: Type.Array(SetupAgreementVersionSchema)
  },
  { $id: 'SetupAgreementKind' }
)
export type SetupAgreementKind = Static<typeof SetupAgreementKindSchema>
export const SetupAgreementListSchema = Type.Object({ kinds: Type.Array(SetupAgreementKindSchema) }, { $id: 'SetupAgreementList' })
export type SetupAgreementList = Static<typeof SetupAgreementListSchema>
export const SetupAgreementInputSchema = Type.Object(
  { kind: AgreementKindSchema, title: Text(60, 2), body: Text(20000, 20) },
  { $id: 'SetupAgreementInput', additionalProperties: false }
)
export type SetupAgreementInput = Static<typeof SetupAgreementInputSchema>

// ---------------------------------------------------------------- survey weights

export const SetupSurveyWeightsSchema = Type.Object(
  { items: Type.Array(Type.Object({ code: Type.String(), title: Type.String(), weight: Type.Number() })) },
  { $id: 'SetupSurveyWeights' }
)
export type SetupSurveyWeights = Static<typeof SetupSurveyWeightsSchema>
export const SetupSurveyWeightsInputSchema = Type.Object(
  {
    /** { [surveyItemCode]: weight }, every item of the community, each > 0 */
    weights: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Type.Number({ exclusiveMinimum: 0, maximum: 100 }))
  },
  { $id: 'SetupSurveyWeightsInput', additionalProperties: false }
)
export type SetupSurveyWeightsInput = Static<typeof SetupSurveyWeightsInputSchema>

// ---------------------------------------------------------------- policy

export const SetupPolicySchema = Type.Object(
  {
    feesRequiredForKeys: Type.Boolean(),
    agreementsRequiredForKeys: Type.Boolean(),
    reservationCutoffHours: Type.Integer({ minimum: 0, maximum: 168 })
  },
  { $id: 'SetupPolicy', additionalProperties: false }
)
export type SetupPolicy = Static<typeof SetupPolicySchema>

// ---------------------------------------------------------------- status

export const SETUP_STATUS_KEYS = [
  'profile',
  'houses',
  'batches',
  'slots',
  'checklist',
  'fees',
  'agreements',
  'staff'
] as const
export type SetupStatusKey = (typeof SETUP_STATUS_KEYS)[number]
export const SetupStatusItemSchema = Type.Object({
  key: Type.Enum(SETUP_STATUS_KEYS),
  title: Type.String(),
  done: Type.Boolean(),
  /** what is missing (Chinese), or what is there when done */
  hint: Type.String(),
  /** the manager page that fixes it */
  url: Type.String()
})
export type SetupStatusItem = Static<typeof SetupStatusItemSchema>
/** GET /api/staff/setup/status: what is still missing before notices can go out */
export const SetupStatusSchema = Type.Object(
  { ready: Type.Boolean(), items: Type.Array(SetupStatusItemSchema) },
  { $id: 'SetupStatus' }
)
export type SetupStatus = Static<typeof SetupStatusSchema>

export const SETUP_SECTIONS = ['profile', 'batches', 'slots', 'checklist', 'fees', 'agreements', 'survey', 'policy'] as const
export type SetupSection = (typeof SETUP_SECTIONS)[number]

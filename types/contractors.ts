import { Type, type Static } from 'typebox'
import { DefectCategorySchema } from './inspections'

/*
 * Contractors (施工单位) of a community, the assignment of repair orders to them, their
 * rectification notice (整改通知单) and the inspector's verification of a reported fix.
 * A contractor has no login: a staff member records its fix (after photo) on its behalf,
 * then an inspector verifies it (accept, or reject with a reason: the order reopens and
 * the rejection counts against the contractor), then the owner confirms.
 */

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 })
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (Asia/Shanghai)' })

/** Repair counts of one contractor (also the dashboard's per-contractor section). */
export const ContractorStatsSchema = Type.Object({
  /** repair orders assigned to it */
  assigned: Type.Integer(),
  /** not yet accepted by the inspector (open or awaiting verification) */
  open: Type.Integer(),
  /** open (not reported fixed) and past the due date */
  overdue: Type.Integer(),
  /** fixes rejected by the inspector, summed over its orders */
  reopened: Type.Integer(),
  /** accepted by the inspector */
  done: Type.Integer(),
  /** of the done ones, reported fixed on or before the due date */
  onTime: Type.Integer()
})
export type ContractorStats = Static<typeof ContractorStatsSchema>

export const ContractorSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    /** the defect categories it handles */
    trades: Type.Array(DefectCategorySchema),
    contactName: Type.String(),
    /** a company's work contact, printed on its notice: not masked */
    contactPhone: Type.String(),
    active: Type.Boolean(),
    stats: ContractorStatsSchema,
    createdAt: Type.String()
  },
  { $id: 'Contractor' }
)
export type Contractor = Static<typeof ContractorSchema>

export const ContractorListResponseSchema = Type.Object(
  {
    items: Type.Array(ContractorSchema),
    /** the community's buildings, for a batch by building */
    buildings: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }))
  },
  { $id: 'ContractorListResponse' }
)
export type ContractorListResponse = Static<typeof ContractorListResponseSchema>

const Name = Type.String({ minLength: 1, maxLength: 60 })
const Trades = Type.Array(DefectCategorySchema, { maxItems: 20, uniqueItems: true })
const ContactName = Type.String({ maxLength: 30 })
const Phone = Type.String({ maxLength: 20, pattern: '^[0-9+\\- ]*$' })

export const ContractorCreateRequestSchema = Type.Object(
  { name: Name, trades: Trades, contactName: ContactName, contactPhone: Phone, active: Type.Optional(Type.Boolean()) },
  { $id: 'ContractorCreateRequest', additionalProperties: false }
)
export type ContractorCreateRequest = Static<typeof ContractorCreateRequestSchema>

export const ContractorUpdateRequestSchema = Type.Object(
  {
    name: Type.Optional(Name),
    trades: Type.Optional(Trades),
    contactName: Type.Optional(ContactName),
    contactPhone: Type.Optional(Phone),
    active: Type.Optional(Type.Boolean())
  },
  { $id: 'ContractorUpdateRequest', additionalProperties: false, minProperties: 1 }
)
export type ContractorUpdateRequest = Static<typeof ContractorUpdateRequestSchema>

/** Assigns one defect's repair order; dueDate replaces the due date set from its severity. */
export const DefectAssignRequestSchema = Type.Object(
  { contractorId: Id, dueDate: Type.Optional(DateText) },
  { $id: 'DefectAssignRequest', additionalProperties: false }
)
export type DefectAssignRequest = Static<typeof DefectAssignRequestSchema>

/**
 * Assigns in a batch: the open, unassigned repair orders of the community matching every
 * filter given (category, building id), or exactly the listed defects (also reassigning them).
 * At least one filter.
 */
export const ContractorBatchAssignRequestSchema = Type.Object(
  {
    category: Type.Optional(DefectCategorySchema),
    building: Type.Optional(Id),
    defectIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 500, uniqueItems: true })),
    dueDate: Type.Optional(DateText)
  },
  { $id: 'ContractorBatchAssignRequest', additionalProperties: false, minProperties: 1 }
)
export type ContractorBatchAssignRequest = Static<typeof ContractorBatchAssignRequestSchema>

export const ContractorBatchAssignResponseSchema = Type.Object(
  { assigned: Type.Integer(), repairIds: Type.Array(Type.Integer()) },
  { $id: 'ContractorBatchAssignResponse' }
)
export type ContractorBatchAssignResponse = Static<typeof ContractorBatchAssignResponseSchema>

/** The inspector's verification of a reported fix; a rejection needs its reason. */
export const RepairVerifyRequestSchema = Type.Object(
  { accept: Type.Boolean(), reason: Type.Optional(Type.String({ maxLength: 200 })) },
  { $id: 'RepairVerifyRequest', additionalProperties: false }
)
export type RepairVerifyRequest = Static<typeof RepairVerifyRequestSchema>

export const DefectAssignResponseSchema = Type.Object(
  {
    repairId: Type.Integer(),
    defectId: Type.Integer(),
    contractor: Type.Object({ id: Type.Integer(), name: Type.String() }),
    dueDate: Type.Union([Type.String(), Type.Null()])
  },
  { $id: 'DefectAssignResponse' }
)
export type DefectAssignResponse = Static<typeof DefectAssignResponseSchema>

/** One repair order as counted for its contractor. */
export interface ContractorRepairFacts {
  status: string
  dueDate: string | null
  fixedAt: string | null
  verifiedAt: string | null
  reopenedCount: number
}

/**
 * The counts of ContractorStats from a contractor's repair orders; `today` and
 * `dateOf(iso)` are Asia/Shanghai dates (YYYY-MM-DD). Shared by the contractor list and the
 * dashboard so the two never disagree.
 */
export function contractorStats(rows: ContractorRepairFacts[], today: string, dateOf: (iso: string) => string): ContractorStats {
  const s: ContractorStats = { assigned: 0, open: 0, overdue: 0, reopened: 0, done: 0, onTime: 0 }
  for (const r of rows) {
    s.assigned += 1
    s.reopened += r.reopenedCount
    if (r.verifiedAt) {
      s.done += 1
      if (r.dueDate === null || (r.fixedAt !== null && dateOf(r.fixedAt) <= r.dueDate)) s.onTime += 1
      continue
    }
    s.open += 1
    if (r.status === 'open' && r.dueDate !== null && r.dueDate < today) s.overdue += 1
  }
  return s
}

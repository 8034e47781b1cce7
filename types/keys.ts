import { Type, type Static } from 'typebox'
import { SignaturePngSchema } from './agreements'

export const HandoverKeyTypeSchema = Type.Object({ code: Type.String(), label: Type.String(), defaultCount: Type.Integer() })
export type HandoverKeyType = Static<typeof HandoverKeyTypeSchema>

export const HandoverMeterSchema = Type.Object({
  /** water | electricity | gas */
  kind: Type.String(),
  label: Type.String(),
  value: Type.Number(),
  recordedAt: Type.String()
})
export type HandoverMeter = Static<typeof HandoverMeterSchema>

export const KeyRequirementSchema = Type.Object({
  code: Type.Enum(['inspection', 'fees', 'agreements'] as const),
  label: Type.String(),
  /** whether the community's policy makes it a condition for keys */
  required: Type.Boolean(),
  met: Type.Boolean()
})
export type KeyRequirement = Static<typeof KeyRequirementSchema>

export const KeyGuardSchema = Type.Object({
  ok: Type.Boolean(),
  /** Chinese reasons when not ok */
  reasons: Type.Array(Type.String()),
  policy: Type.Object({ feesRequiredForKeys: Type.Boolean(), agreementsRequiredForKeys: Type.Boolean() }),
  /** the keys policy in words */
  policyText: Type.String(),
  requirements: Type.Array(KeyRequirementSchema)
})
export type KeyGuard = Static<typeof KeyGuardSchema>

export const HandoverRecordSchema = Type.Object(
  {
    id: Type.Integer(),
    handedAt: Type.String(),
    keys: Type.Array(Type.Object({ code: Type.String(), label: Type.String(), count: Type.Integer() })),
    meters: Type.Array(HandoverMeterSchema),
    staffName: Type.String()
  },
  { description: 'the key handover record' }
)
export type HandoverRecord = Static<typeof HandoverRecordSchema>

/** GET /api/staff/keys/:caseId (reception, manager; audit-logged) */
export const StaffKeysViewSchema = Type.Object(
  {
    caseId: Type.Integer(),
    houseLabel: Type.String(),
    /** masked registered owner name and ID number, to compare with the original card */
    ownerName: Type.String(),
    ownerIdMasked: Type.String(),
    /** who acts: the owner, or a delegate (masked) */
    actingRole: Type.Union([Type.Literal('owner'), Type.Literal('delegate'), Type.Null()]),
    delegateName: Type.Union([Type.String(), Type.Null()]),
    delegateIdMasked: Type.Union([Type.String(), Type.Null()]),
    keyTypes: Type.Array(HandoverKeyTypeSchema),
    meters: Type.Array(HandoverMeterSchema),
    guard: KeyGuardSchema,
    handover: Type.Union([HandoverRecordSchema, Type.Null()])
  },
  { $id: 'StaffKeysView' }
)
export type StaffKeysView = Static<typeof StaffKeysViewSchema>

export const KeysCaseParamsSchema = Type.Object(
  { caseId: Type.Integer({ minimum: 1, maximum: 2147483647 }) },
  { additionalProperties: false }
)

/** POST /api/staff/keys/:caseId (reception only) */
export const KeyHandoverRequestSchema = Type.Object(
  {
    keys: Type.Array(
      Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }), count: Type.Integer({ minimum: 0, maximum: 20 }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 20 }
    ),
    /** PNG data URLs from the SignaturePad */
    ownerSignaturePng: SignaturePngSchema,
    staffSignaturePng: SignaturePngSchema,
    ownerConfirmedHouse: Type.Literal(true)
  },
  { $id: 'KeyHandoverRequest', additionalProperties: false }
)
export type KeyHandoverRequest = Static<typeof KeyHandoverRequestSchema>

export const KeyHandoverResponseSchema = Type.Object(
  { handover: HandoverRecordSchema, caseDone: Type.Boolean(), followupTaskId: Type.Integer() },
  { $id: 'KeyHandoverResponse' }
)
export type KeyHandoverResponse = Static<typeof KeyHandoverResponseSchema>

/** GET /api/owner/keys — the policy requirements before the day, the record after */
export const OwnerKeysSchema = Type.Object(
  {
    houseLabel: Type.String(),
    guard: KeyGuardSchema,
    keyTypes: Type.Array(HandoverKeyTypeSchema),
    handover: Type.Union([HandoverRecordSchema, Type.Null()])
  },
  { $id: 'OwnerKeys' }
)
export type OwnerKeys = Static<typeof OwnerKeysSchema>

import { Type, type Static } from 'typebox'

/** The agreements a community asks owners to e-sign before move-in. */
export const AGREEMENT_KINDS = ['property_service', 'fee_collection'] as const
export type AgreementKind = (typeof AGREEMENT_KINDS)[number]
export const AgreementKindSchema = Type.Enum(AGREEMENT_KINDS)

/** Largest decoded signature PNG the server keeps (bytes). */
export const SIGNATURE_MAX_BYTES = 1024 * 1024

/**
 * A hand-drawn signature as a PNG data URL (`data:image/png;base64,...`). The schema only
 * bounds the length; the server decodes, sniffs and checks it is not blank
 * (server/src/modules/agreements/signature.ts). Reuse it in any body that carries a signature.
 */
export const SignaturePngSchema = Type.String({ minLength: 1, maxLength: 2 * 1024 * 1024 })

export const AgreementSummarySchema = Type.Object(
  {
    id: Type.Integer(),
    kind: AgreementKindSchema,
    title: Type.String(),
    version: Type.Integer(),
    signed: Type.Boolean(),
    /** ISO; null while unsigned */
    signedAt: Type.Union([Type.String(), Type.Null()]),
    /** the version the owner signed (may be older than `version` after a new one was published) */
    signedVersion: Type.Union([Type.Integer(), Type.Null()])
  },
  { $id: 'AgreementSummary' }
)
export type AgreementSummary = Static<typeof AgreementSummarySchema>

/** GET /api/owner/agreements */
export const AgreementListSchema = Type.Object(
  {
    items: Type.Array(AgreementSummarySchema),
    /** whether keys are handed over only after every agreement is signed (community policy) */
    requiredForKeys: Type.Boolean()
  },
  { $id: 'AgreementList' }
)
export type AgreementList = Static<typeof AgreementListSchema>

/** GET /api/owner/agreements/:id */
export const AgreementDetailSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: AgreementKindSchema,
    title: Type.String(),
    version: Type.Integer(),
    body: Type.String(),
    communityName: Type.String(),
    houseLabel: Type.String(),
    signed: Type.Boolean(),
    signedAt: Type.Union([Type.String(), Type.Null()])
  },
  { $id: 'AgreementDetail' }
)
export type AgreementDetail = Static<typeof AgreementDetailSchema>

export const AgreementIdParamsSchema = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: 2147483647 }) },
  { additionalProperties: false }
)

/** POST /api/owner/agreements/:id/sign */
export const SignAgreementRequestSchema = Type.Object(
  {
    signaturePng: SignaturePngSchema,
    /** the client scrolled the full text to its end; false is refused */
    readToEnd: Type.Boolean(),
    /** the version the owner read; a newer published version answers 409 AGREEMENT_VERSION_STALE */
    version: Type.Integer({ minimum: 1, maximum: 2147483647 })
  },
  { $id: 'SignAgreementRequest', additionalProperties: false }
)
export type SignAgreementRequest = Static<typeof SignAgreementRequestSchema>

/**
 * The signed copy. `sha256` = SHA-256 (hex) of the UTF-8 string
 * `anjia-agreement-v1\n<sha256hex(body)>\n<sha256hex(signature PNG bytes)>\n<houseId>\n<signedAt>`,
 * so anyone holding the text, the image, the house id and the time can recompute it.
 */
export const SignedAgreementSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: AgreementKindSchema,
    title: Type.String(),
    version: Type.Integer(),
    body: Type.String(),
    communityName: Type.String(),
    houseLabel: Type.String(),
    /** e.g. 业主 张*明 / 委托人 李*; names masked */
    signer: Type.String(),
    signedAt: Type.String(),
    sha256: Type.String(),
    /** GET with the owner's bearer token; served only to this case */
    signatureUrl: Type.String()
  },
  { $id: 'SignedAgreement' }
)
export type SignedAgreement = Static<typeof SignedAgreementSchema>

// ---------------------------------------------------------------------------------------
// Staff (manager)

export const StaffAgreementSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: AgreementKindSchema,
    title: Type.String(),
    version: Type.Integer(),
    body: Type.String(),
    active: Type.Boolean(),
    createdAt: Type.String(),
    signedCount: Type.Integer()
  },
  { $id: 'StaffAgreement' }
)
export type StaffAgreement = Static<typeof StaffAgreementSchema>

/** GET /api/staff/agreements: every version, newest first per kind */
export const StaffAgreementListSchema = Type.Object({ items: Type.Array(StaffAgreementSchema) }, { $id: 'StaffAgreementList' })
export type StaffAgreementList = Static<typeof StaffAgreementListSchema>

/** POST /api/staff/agreements: publishes the next version of `kind`; older versions stay as signed */
export const NewAgreementVersionSchema = Type.Object(
  {
    kind: AgreementKindSchema,
    title: Type.String({ minLength: 2, maxLength: 60 }),
    body: Type.String({ minLength: 20, maxLength: 50000 })
  },
  { $id: 'NewAgreementVersion', additionalProperties: false }
)
export type NewAgreementVersion = Static<typeof NewAgreementVersionSchema>

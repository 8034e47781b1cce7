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

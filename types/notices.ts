import { Type, type Static } from 'typebox'

/**
 * Printed move-in notices (入伙通知书) and QR stickers. Exactly one of building / batch /
 * houseIds chooses the houses (a comma-separated list of house ids, e.g. "1,2,3").
 * GET /api/staff/notices.pdf, GET /api/staff/notices/stickers.pdf
 */
export const NoticeQuerySchema = Type.Object(
  {
    building: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    batch: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    houseIds: Type.Optional(Type.String({ minLength: 1, maxLength: 20000, pattern: '^[0-9]+(,[0-9]+)*$' }))
  },
  { $id: 'NoticeQuery', additionalProperties: false }
)
export type NoticeQuery = Static<typeof NoticeQuerySchema>

/** POST /api/staff/notices/wxacodes — generate the mini-program codes ahead of time (manager) */
export const WxacodeGenerateRequestSchema = NoticeQuerySchema
export type WxacodeGenerateRequest = NoticeQuery

export const WxacodeFailureSchema = Type.Object(
  {
    houseId: Type.Integer(),
    label: Type.String(),
    /** WeChat's errcode (40169 bad scene, 41030 page not published...) or 0 for a network failure */
    code: Type.Integer(),
    message: Type.String()
  },
  { $id: 'WxacodeFailure' }
)
export type WxacodeFailure = Static<typeof WxacodeFailureSchema>

export const WxacodeGenerateResponseSchema = Type.Object(
  {
    /** codes made by this call */
    generated: Type.Integer(),
    /** codes already stored for the house's current token */
    cached: Type.Integer(),
    failed: Type.Array(WxacodeFailureSchema)
  },
  { $id: 'WxacodeGenerateResponse' }
)
export type WxacodeGenerateResponse = Static<typeof WxacodeGenerateResponseSchema>

/** POST /api/staff/houses/:houseId/invitation — a lost notice: a new QR token, the old one stops working */
export const InvitationResponseSchema = Type.Object(
  {
    houseId: Type.Integer(),
    label: Type.String(),
    /** the H5 entry URL of the new token (also what the new notice's QR encodes without WeChat) */
    entryUrl: Type.String(),
    issuedAt: Type.String()
  },
  { $id: 'InvitationResponse' }
)
export type InvitationResponse = Static<typeof InvitationResponseSchema>

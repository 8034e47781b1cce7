import { Type, type Static } from 'typebox'
import { HouseSummarySchema, INVITE_TOKEN_PATTERN } from './common'

export const InviteTokenSchema = Type.String({ pattern: INVITE_TOKEN_PATTERN, maxLength: 32 })

/** GET /api/entry/:token — what the landing page may show before verification. */
/**
 * POST /api/entry: the invitation token travels in the body, never in a URL (URLs land in
 * request logs, proxies and browser history; the token is one of the three verify factors).
 */
export const EntryRequestSchema = Type.Object({ token: InviteTokenSchema }, { additionalProperties: false })
export type EntryRequest = Static<typeof EntryRequestSchema>

export const EntryInfoSchema = Type.Object(
  {
    communityName: Type.String(),
    houseLabel: Type.String(),
    openForMoveIn: Type.Boolean(),
    servicePhone: Type.String()
  },
  { $id: 'EntryInfo' }
)
export type EntryInfo = Static<typeof EntryInfoSchema>

export const PersonName = Type.String({ minLength: 1, maxLength: 40 })
/** last 6 characters of the 18-character resident ID number (the last may be X) */
export const IdTail = Type.String({ pattern: '^[0-9]{5}[0-9Xx]$' })
export const IdNumber = Type.String({ pattern: '^[0-9]{17}[0-9Xx]$' })

/** POST /api/owner/verify */
export const VerifyRequestSchema = Type.Object(
  {
    token: InviteTokenSchema,
    /** the registered owner's name and ID tail — always required */
    ownerName: PersonName,
    ownerIdTail: IdTail,
    /** present when a delegate (委托人) acts for the owner */
    delegate: Type.Optional(
      Type.Object({ name: PersonName, idNumber: IdNumber }, { additionalProperties: false })
    ),
    /** weapp only: the Taro.login code, to link the openid to this house */
    wxCode: Type.Optional(Type.String({ minLength: 1, maxLength: 128 }))
  },
  { $id: 'VerifyRequest', additionalProperties: false }
)
export type VerifyRequest = Static<typeof VerifyRequestSchema>

export const OwnerRole = Type.Union([Type.Literal('owner'), Type.Literal('delegate')])
export type OwnerRole = Static<typeof OwnerRole>

export const OwnerSessionSchema = Type.Object(
  {
    sessionToken: Type.String(),
    expiresAt: Type.String(),
    role: OwnerRole,
    house: HouseSummarySchema
  },
  { $id: 'OwnerSession' }
)
export type OwnerSession = Static<typeof OwnerSessionSchema>

/** POST /api/owner/wx-login — a returning weapp owner */
export const WxLoginRequestSchema = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 128 }) },
  { $id: 'WxLoginRequest', additionalProperties: false }
)
export type WxLoginRequest = Static<typeof WxLoginRequestSchema>

export const WxLoginResponseSchema = Type.Union(
  [
    Type.Object({ linked: Type.Literal(false) }),
    Type.Object({ linked: Type.Literal(true), session: OwnerSessionSchema })
  ],
  { $id: 'WxLoginResponse' }
)
export type WxLoginResponse = Static<typeof WxLoginResponseSchema>

/** GET /api/owner/me */
export const OwnerMeSchema = Type.Object(
  {
    role: OwnerRole,
    /** masked, e.g. 张*明 */
    ownerName: Type.String(),
    /** masked, e.g. 4401********1234 */
    ownerIdMasked: Type.String(),
    delegateName: Type.Optional(Type.String()),
    /** pending_review until staff approve the power of attorney */
    delegateStatus: Type.Optional(
      Type.Union([Type.Literal('pending_review'), Type.Literal('approved'), Type.Literal('rejected')])
    ),
    house: HouseSummarySchema,
    servicePhone: Type.String()
  },
  { $id: 'OwnerMe' }
)
export type OwnerMe = Static<typeof OwnerMeSchema>

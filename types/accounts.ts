import { Type, type Static } from 'typebox'
import { IsoDateTime } from './common'
import { StaffRoleSchema } from './staff'

/**
 * Staff accounts (manager only, own community) and the password change every staff member
 * makes after a one-time password. Minimum password length: 10 (checked by the server with
 * PASSWORD_TOO_SHORT so the message is Chinese; the schema only bounds the size).
 */
export const PASSWORD_MIN_LENGTH = 10

/** lowercase letters, digits, dot, dash, underscore; 3-32 characters (the server lowercases) */
export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$'

export const StaffAccountSchema = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    displayName: Type.String(),
    role: StaffRoleSchema,
    active: Type.Boolean(),
    /** still on a one-time password */
    mustChangePassword: Type.Boolean(),
    createdAt: IsoDateTime,
    passwordChangedAt: Type.Union([IsoDateTime, Type.Null()])
  },
  { $id: 'StaffAccount' }
)
export type StaffAccount = Static<typeof StaffAccountSchema>

/** GET /api/staff/accounts — the community's accounts, managers first, then by name */
export const StaffAccountListSchema = Type.Object({ items: Type.Array(StaffAccountSchema) }, { $id: 'StaffAccountList' })
export type StaffAccountList = Static<typeof StaffAccountListSchema>

/** POST /api/staff/accounts */
export const CreateStaffAccountRequestSchema = Type.Object(
  {
    username: Type.String({ pattern: USERNAME_PATTERN }),
    displayName: Type.String({ minLength: 1, maxLength: 32 }),
    role: StaffRoleSchema
  },
  { $id: 'CreateStaffAccountRequest', additionalProperties: false }
)
export type CreateStaffAccountRequest = Static<typeof CreateStaffAccountRequestSchema>

/** The answer to create and reset-password: the one-time password is shown once and never stored in clear. */
export const OneTimePasswordResponseSchema = Type.Object(
  { account: StaffAccountSchema, oneTimePassword: Type.String() },
  { $id: 'OneTimePasswordResponse' }
)
export type OneTimePasswordResponse = Static<typeof OneTimePasswordResponseSchema>

/** PATCH /api/staff/accounts/:id — disabling ends the account's sessions at once */
export const UpdateStaffAccountRequestSchema = Type.Object(
  {
    role: Type.Optional(StaffRoleSchema),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    active: Type.Optional(Type.Boolean())
  },
  { $id: 'UpdateStaffAccountRequest', additionalProperties: false, minProperties: 1 }
)
export type UpdateStaffAccountRequest = Static<typeof UpdateStaffAccountRequestSchema>

/** POST /api/staff/password — ends the account's other sessions */
export const ChangePasswordRequestSchema = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 1, maxLength: 256 })
  },
  { $id: 'ChangePasswordRequest', additionalProperties: false }
)
export type ChangePasswordRequest = Static<typeof ChangePasswordRequestSchema>

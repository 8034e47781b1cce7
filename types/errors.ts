import { Type, type Static } from 'typebox'

/**
 * Every error the API can answer with. The client maps `code` to behaviour and shows
 * `message` (always Simplified Chinese) to the user. Add codes here, never ad hoc.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'NOT_FOUND',
  'UNAUTHORIZED',
  'SESSION_EXPIRED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'CONFLICT',
  'INTERNAL',
  // entry / verification
  'INVITE_NOT_FOUND',
  'HOUSE_NOT_OPEN',
  'VERIFY_FAILED',
  'DELEGATE_ID_INVALID',
  'WX_LOGIN_FAILED',
  // staff
  'LOGIN_FAILED',
  // stages
  'STAGE_LOCKED',
  'ILLEGAL_TRANSITION',
  // uploads
  'UNSUPPORTED_FILE_TYPE',
  'FILE_TOO_LARGE',
  'FILE_EMPTY',
  'CONSENT_REQUIRED'
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({
      code: Type.Enum(ERROR_CODES),
      message: Type.String()
    })
  },
  { $id: 'ErrorBody' }
)
export type ErrorBody = Static<typeof ErrorBodySchema>

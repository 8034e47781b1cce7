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
  /** too many wrong guesses (verification, sign-in, password) inside the window */
  'RATE_LIMITED',
  /** too many requests to a public route from one client (request-rate limit) */
  'TOO_MANY_REQUESTS',
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
  // staff accounts and passwords
  'PASSWORD_CHANGE_REQUIRED',
  'PASSWORD_TOO_SHORT',
  'PASSWORD_WRONG',
  'PASSWORD_UNCHANGED',
  'USERNAME_TAKEN',
  'OWN_ACCOUNT_PROTECTED',
  // stages
  'STAGE_LOCKED',
  'ILLEGAL_TRANSITION',
  // uploads
  'UNSUPPORTED_FILE_TYPE',
  'FILE_TOO_LARGE',
  'FILE_EMPTY',
  'CONSENT_REQUIRED',
  'MULTIPART_INVALID',
  'IMAGE_INVALID',
  'IMAGE_TOO_LARGE',
  'PDF_ACTIVE_CONTENT',
  // signatures / agreements
  'SIGNATURE_INVALID',
  'SIGNATURE_EMPTY',
  'SIGNATURE_TOO_LARGE',
  'AGREEMENT_NOT_READ',
  'AGREEMENT_VERSION_STALE',
  'ALREADY_SIGNED',
  // survey
  'SURVEY_ALREADY_SUBMITTED',
  'SURVEY_INCOMPLETE',
  // inspections
  'IDEMPOTENCY_CONFLICT',
  'INSPECTION_CLOSED',
  'INSPECTION_INCOMPLETE',
  'INSPECTION_ITEM_UNKNOWN',
  'REPAIRS_PENDING',
  'HANDOVER_NOT_READY',
  'PHOTO_INVALID',
  // reservations
  'SLOT_NOT_FOUND',
  'SLOT_FULL',
  'SLOT_CLOSED',
  'RESERVATION_EXISTS',
  'RESERVATION_NOT_FOUND',
  'RESERVATION_CUTOFF',
  // on-site day: check-in, keys, follow-up tasks
  'CHECKIN_CODE_INVALID',
  'CHECKIN_SHORT_CODE_NOT_FOUND',
  'CHECKIN_ID_MISMATCH',
  'HOUSE_NOT_FOUND',
  'CHECKIN_NOT_CALLED',
  'CHECKIN_ALREADY_FINISHED',
  'KEYS_ALREADY_HANDED_OVER',
  'KEY_TYPE_UNKNOWN',
  'TASK_ALREADY_DONE',
  // fees and payments
  'BILL_SETTLED',
  'OVERPAYMENT',
  'PAYMENT_REFERENCE_REQUIRED',
  'PAYMENT_UNAVAILABLE',
  'PAYMENT_IN_PROGRESS',
  'PAYMENT_CLOSED',
  'WECHAT_NOT_LINKED',
  'CASE_NOT_STARTED',
  // printed notices and invitations
  'NOTICE_FILTER_INVALID',
  'NOTICE_TOO_MANY',
  'NOTICE_NO_HOUSES',
  'WXACODE_MISSING',
  // import of the developer's owner list (file-level problems; row problems are ImportIssue codes)
  'IMPORT_FILE_INVALID',
  'IMPORT_NO_HEADER',
  'IMPORT_COLUMN_MISSING',
  'IMPORT_EMPTY',
  'IMPORT_TOO_MANY_ROWS',
  // community set-up (manager)
  'SETUP_DUPLICATE',
  'BUILDING_HAS_HOUSES',
  'BATCH_IN_USE',
  'BATCH_NOT_FOUND',
  'DATE_RANGE_INVALID',
  'SLOT_RANGE_TOO_LARGE',
  'SLOT_CAPACITY_BELOW_BOOKED',
  'SLOT_HAS_RESERVATIONS',
  'CHECKLIST_ITEM_IN_USE',
  'SURVEY_ITEM_UNKNOWN'
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

import { Type, type Static } from 'typebox'

/**
 * Import of the developer's registered owner list (备案业主名单), one row per owner.
 * Row problems carry a stable code; file problems are API errors (IMPORT_* in errors.ts).
 */
export const IMPORT_ISSUE_CODES = [
  'BUILDING_MISSING',
  'BUILDING_INVALID',
  'UNIT_MISSING',
  'UNIT_INVALID',
  'ROOM_MISSING',
  'ROOM_INVALID',
  'AREA_MISSING',
  'AREA_INVALID',
  'BATCH_MISSING',
  'BATCH_INVALID',
  'NAME_MISSING',
  'NAME_INVALID',
  'ID_NUMBER_MISSING',
  'ID_NUMBER_INVALID',
  'PHONE_MISSING',
  'PHONE_INVALID',
  'NOTE_INVALID',
  /** two rows of one house disagree on area or batch, or two rows of one owner disagree */
  'CONFLICTING_ROW',
  /** warning only: an exact repeat of an earlier row, counted once */
  'DUPLICATE_ROW',
  /** warning only: the area of a house whose bill was already made changed (bills are not recomputed) */
  'AREA_CHANGED_AFTER_BILL'
] as const
export type ImportIssueCode = (typeof IMPORT_ISSUE_CODES)[number]

export const ImportIssueSchema = Type.Object(
  {
    /** the row number Excel shows (1-based sheet row) */
    row: Type.Integer(),
    /** the header text of the column, as in the file */
    column: Type.String(),
    code: Type.Enum(IMPORT_ISSUE_CODES),
    message: Type.String()
  },
  { $id: 'ImportIssue' }
)
export type ImportIssue = Static<typeof ImportIssueSchema>

const CountsSchema = Type.Object({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer() })

export const ImportResultSchema = Type.Object(
  {
    dryRun: Type.Boolean(),
    /** the sheet the rows were read from */
    sheet: Type.String(),
    /** data rows read (empty rows not counted) */
    total: Type.Integer(),
    /** rows with at least one error: skipped by a commit */
    rejected: Type.Integer(),
    /** exact repeats of an earlier row: counted once, listed in warnings */
    duplicates: Type.Integer(),
    houses: CountsSchema,
    owners: CountsSchema,
    /** batches named in the file that did not exist yet */
    batchesCreated: Type.Array(Type.String()),
    /** every error found; `errors` lists the first MAX_REPORTED_ISSUES of them, in row order */
    errorCount: Type.Integer(),
    errors: Type.Array(ImportIssueSchema),
    warnings: Type.Array(ImportIssueSchema)
  },
  { $id: 'ImportResult' }
)
export type ImportResult = Static<typeof ImportResultSchema>

export const ImportQuerySchema = Type.Object(
  { dryRun: Type.Optional(Type.Boolean({ default: true })) },
  { additionalProperties: false }
)

/** A file with its columns shifted can have 100,000+ errors: the answer lists this many. */
export const MAX_REPORTED_ISSUES = 2000

/** The template's header row, in order. */
export const IMPORT_COLUMNS = ['楼栋', '单元', '房号', '建筑面积(㎡)', '批次', '业主姓名', '身份证号', '手机号', '备注'] as const

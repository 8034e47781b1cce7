import { Type, type Static } from 'typebox'
import { ContractorStatsSchema } from './contractors'
import { StageSchema } from './progress'
import { SurveyItemStatsSchema } from './survey'

/*
 * The manager's dashboard (经理看板): GET /api/staff/dashboard, its drill-down
 * GET /api/staff/dashboard/houses and the Excel export GET /api/staff/dashboard/export.xlsx.
 *
 * Every count has a drill key beside it (`drill.<field>`): pass it as `metric` to the
 * drill-down with the same filters and the list holds exactly the houses counted.
 * Drill keys are opaque strings to the client (the server parses them).
 */

/** A drill key per count field of the object it sits in, e.g. { done: 'funnel:keys:done' }. */
const Drill = Type.Record(Type.String(), Type.String())

const NullableNumber = Type.Union([Type.Number(), Type.Null()])

/** GET /api/staff/dashboard?batch=&building= (manager, own community) */
export const DashboardQuerySchema = Type.Object(
  {
    /** houses.batch code; absent = every batch */
    batch: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** buildings.id; absent = every building */
    building: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 }))
  },
  { $id: 'DashboardQuery', additionalProperties: false }
)
export type DashboardQuery = Static<typeof DashboardQuerySchema>

export const DashboardFunnelEntrySchema = Type.Object(
  {
    stage: StageSchema,
    /** the engine's Chinese title (核验身份 …) */
    title: Type.String(),
    /** houses whose stage is done */
    done: Type.Integer(),
    /** houses whose current stage (the engine's rule over the stored statuses) is this one and not done; houses without a case are at verify */
    inProgress: Type.Integer(),
    drill: Drill
  },
  { $id: 'DashboardFunnelEntry' }
)
export type DashboardFunnelEntry = Static<typeof DashboardFunnelEntrySchema>

/** Plan vs actual of one batch (集中交付批次), with its survey result for batch-to-batch comparison. */
export const DashboardBatchSchema = Type.Object(
  {
    code: Type.String(),
    title: Type.String(),
    /** YYYY-MM-DD (Shanghai): the batch window, or its first / last slot date when the window is not set */
    startsOn: Type.Union([Type.String(), Type.Null()]),
    endsOn: Type.Union([Type.String(), Type.Null()]),
    houses: Type.Integer(),
    /** houses of the batch whose window has started (0 before startsOn) */
    due: Type.Integer(),
    /** houses of the batch with the keys handed over */
    handedOver: Type.Integer(),
    /** 收楼率 = handedOver / due, 0-1, null when nothing is due */
    handoverRate: NullableNumber,
    /** survey answers of the batch and their mean CSI (0-100), null without answers */
    responses: Type.Integer(),
    csi: NullableNumber,
    drill: Drill
  },
  { $id: 'DashboardBatch' }
)
export type DashboardBatch = Static<typeof DashboardBatchSchema>

export const DashboardTodaySchema = Type.Object(
  {
    /** YYYY-MM-DD, Asia/Shanghai */
    date: Type.String(),
    checkedIn: Type.Integer(),
    /** houses whose inspection round was completed today */
    inspected: Type.Integer(),
    keysHanded: Type.Integer(),
    drill: Drill
  },
  { $id: 'DashboardToday' }
)
export type DashboardToday = Static<typeof DashboardTodaySchema>

export const DashboardDurationSchema = Type.Object(
  {
    /** houses with a measured duration */
    count: Type.Integer(),
    /** hours, 2 decimals; null without samples */
    medianHours: NullableNumber,
    p90Hours: NullableNumber,
    drill: Drill
  },
  { $id: 'DashboardDuration' }
)
export type DashboardDuration = Static<typeof DashboardDurationSchema>

/** Time in each stage and for the whole journey (verify → done), for one batch or all (batch null). */
export const DashboardStageTimesSchema = Type.Object(
  {
    batch: Type.Union([Type.String(), Type.Null()]),
    title: Type.String(),
    stages: Type.Array(
      Type.Object({
        stage: StageSchema,
        title: Type.String(),
        count: Type.Integer(),
        medianHours: NullableNumber,
        p90Hours: NullableNumber,
        drill: Drill
      })
    ),
    journey: DashboardDurationSchema
  },
  { $id: 'DashboardStageTimes' }
)
export type DashboardStageTimes = Static<typeof DashboardStageTimesSchema>

export const SLA_KINDS = ['review', 'checkinWait', 'followup', 'repair'] as const
export type SlaKind = (typeof SLA_KINDS)[number]

export const DashboardSlaItemSchema = Type.Object(
  {
    houseId: Type.Integer(),
    label: Type.String(),
    /** what is late, e.g. the document title, the defect, the task reason */
    subject: Type.String(),
    /** when the clock started (ISO) */
    since: Type.String(),
    /** when the limit passed (ISO) */
    dueAt: Type.String(),
    /** role responsible (types/staff.ts roles) */
    role: Type.String(),
    /** the staff member, where one is assigned */
    staff: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()])
  },
  { $id: 'DashboardSlaItem' }
)
export type DashboardSlaItem = Static<typeof DashboardSlaItemSchema>

export const DashboardSlaSchema = Type.Object(
  {
    kind: Type.Enum(SLA_KINDS),
    /** 资料审核超过24小时 … */
    title: Type.String(),
    role: Type.String(),
    /** breaches now (items, not houses: one house may have two late documents) */
    count: Type.Integer(),
    /** distinct houses behind the breaches */
    houses: Type.Integer(),
    /** oldest first, at most 50 */
    items: Type.Array(DashboardSlaItemSchema),
    drill: Drill
  },
  { $id: 'DashboardSla' }
)
export type DashboardSla = Static<typeof DashboardSlaSchema>

export const DashboardDefectCellSchema = Type.Object(
  {
    category: Type.String(),
    /** buildings.id; null = every building (the category's total row) */
    buildingId: Type.Union([Type.Integer(), Type.Null()]),
    defects: Type.Integer(),
    /** houses of that building (or of all, in the filter) with an inspection round: the denominator */
    houses: Type.Integer(),
    /** defects per 100 houses, 2 decimals, null when houses is 0 */
    per100: NullableNumber,
    /** houses with at least one such defect */
    withDefects: Type.Integer(),
    drill: Drill
  },
  { $id: 'DashboardDefectCell' }
)
export type DashboardDefectCell = Static<typeof DashboardDefectCellSchema>

export const DashboardDefectsSchema = Type.Object(
  {
    categories: Type.Array(Type.String()),
    /** houses = houses of the building with an inspection round */
    buildings: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), houses: Type.Integer() })),
    cells: Type.Array(DashboardDefectCellSchema),
    total: Type.Integer(),
    per100: NullableNumber,
    drill: Drill
  },
  { $id: 'DashboardDefects' }
)
export type DashboardDefects = Static<typeof DashboardDefectsSchema>

/** Repair orders: on time / overdue × done / open (a done order is on time when fixed on or before its due date). */
export const DashboardRepairsSchema = Type.Object(
  {
    total: Type.Integer(),
    onTimeDone: Type.Integer(),
    overdueDone: Type.Integer(),
    onTimeOpen: Type.Integer(),
    overdueOpen: Type.Integer(),
    /** done on time / done, null when nothing is done */
    onTimeRate: NullableNumber,
    drill: Drill
  },
  { $id: 'DashboardRepairs' }
)
export type DashboardRepairs = Static<typeof DashboardRepairsSchema>

/** Repairs per contractor (施工单位): reopened and overdue items count against it (types/contractors.ts). */
export const DashboardContractorSchema = Type.Object(
  { id: Type.Integer(), name: Type.String(), ...ContractorStatsSchema.properties },
  { $id: 'DashboardContractor' }
)
export type DashboardContractor = Static<typeof DashboardContractorSchema>

export const DashboardFirstPassSchema = Type.Object(
  {
    /** houses whose first inspection round is completed */
    inspected: Type.Integer(),
    /** of those, houses whose first round found no defect */
    firstPass: Type.Integer(),
    /** firstPass / inspected, 0-1, null when nothing is inspected */
    rate: NullableNumber,
    drill: Drill
  },
  { $id: 'DashboardFirstPass' }
)
export type DashboardFirstPass = Static<typeof DashboardFirstPassSchema>

export const SURVEY_THEMES = ['quality', 'attitude', 'efficiency', 'facilities', 'charges', 'other'] as const
export type SurveyTheme = (typeof SURVEY_THEMES)[number]

export const DashboardThemeSchema = Type.Object(
  {
    theme: Type.Enum(SURVEY_THEMES),
    /** 质量/维修, 服务态度, 效率/排队, 设施, 收费, 其他 */
    title: Type.String(),
    /** open answers in the theme */
    count: Type.Integer(),
    /** newest first, at most 20 */
    answers: Type.Array(
      Type.Object({ houseId: Type.Integer(), item: Type.String(), text: Type.String(), score: Type.Union([Type.Integer(), Type.Null()]), submittedAt: Type.String() })
    ),
    drill: Drill
  },
  { $id: 'DashboardTheme' }
)
export type DashboardTheme = Static<typeof DashboardThemeSchema>

export const DashboardSurveySchema = Type.Object(
  {
    responses: Type.Integer(),
    /** mean of the answers' stored CSI, 0-100 */
    csi: NullableNumber,
    benchmark: Type.Object({ value: Type.Number(), source: Type.String() }),
    vsBenchmark: NullableNumber,
    items: Type.Array(SurveyItemStatsSchema),
    themes: Type.Array(DashboardThemeSchema),
    /** how an answer is put in a theme (keywords per theme, in Chinese) */
    themeMethod: Type.String(),
    drill: Drill
  },
  { $id: 'DashboardSurvey' }
)
export type DashboardSurvey = Static<typeof DashboardSurveySchema>

export const DashboardSchema = Type.Object(
  {
    generatedAt: Type.String(),
    community: Type.Object({ id: Type.Integer(), name: Type.String() }),
    filters: Type.Object({ batch: Type.Union([Type.String(), Type.Null()]), building: Type.Union([Type.Integer(), Type.Null()]) }),
    /** what the filters can take */
    options: Type.Object({
      batches: Type.Array(Type.Object({ code: Type.String(), title: Type.String() })),
      buildings: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() }))
    }),
    /** houses in the filter */
    houses: Type.Integer(),
    funnel: Type.Array(DashboardFunnelEntrySchema),
    batches: Type.Array(DashboardBatchSchema),
    today: DashboardTodaySchema,
    /** first entry: all batches (batch null), then one per batch */
    stageTimes: Type.Array(DashboardStageTimesSchema),
    sla: Type.Array(DashboardSlaSchema),
    defects: DashboardDefectsSchema,
    repairs: DashboardRepairsSchema,
    /** every contractor of the community with its orders on the filter's houses (active first, by name) */
    contractors: Type.Optional(Type.Array(DashboardContractorSchema)),
    firstPass: DashboardFirstPassSchema,
    survey: DashboardSurveySchema,
    /** how each figure is computed, in Chinese, for the page's footnotes */
    notes: Type.Record(Type.String(), Type.String()),
    drill: Drill
  },
  { $id: 'Dashboard' }
)
export type Dashboard = Static<typeof DashboardSchema>

/** GET /api/staff/dashboard/houses?metric=<drill key>&batch=&building= */
export const DashboardHousesQuerySchema = Type.Object(
  {
    metric: Type.String({ minLength: 1, maxLength: 200 }),
    batch: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    building: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 }))
  },
  { $id: 'DashboardHousesQuery', additionalProperties: false }
)
export type DashboardHousesQuery = Static<typeof DashboardHousesQuerySchema>

export const DashboardHouseSchema = Type.Object(
  {
    houseId: Type.Integer(),
    /** 1栋1单元101 */
    label: Type.String(),
    batch: Type.String(),
    /** the house's current stage (houses without a case: verify) */
    stage: StageSchema,
    stageTitle: Type.String(),
    /** when the house entered what the metric counts (ISO), null when there is no such moment */
    since: Type.Union([Type.String(), Type.Null()])
  },
  { $id: 'DashboardHouse' }
)
export type DashboardHouse = Static<typeof DashboardHouseSchema>

export const DashboardHousesSchema = Type.Object(
  {
    metric: Type.String(),
    total: Type.Integer(),
    /** ordered by label; every house counted (no paging: one community's list) */
    items: Type.Array(DashboardHouseSchema)
  },
  { $id: 'DashboardHouses' }
)
export type DashboardHouses = Static<typeof DashboardHousesSchema>

import { Type, type Static } from 'typebox'

/** wxacode scene alphabet, at most 32 characters (docs/domain.md, platform facts). */
export const INVITE_TOKEN_PATTERN = "^[0-9A-Za-z!#$&'()*+,/:;=?@\\-._~]{1,32}$"

export const IsoDateTime = Type.String({ description: 'ISO 8601 instant, UTC' })
export const Id = Type.Integer({ minimum: 1 })

export const HouseSummarySchema = Type.Object(
  {
    id: Id,
    communityName: Type.String(),
    building: Type.String(),
    unit: Type.String(),
    room: Type.String(),
    /** e.g. "1栋2单元1201" */
    label: Type.String(),
    area: Type.Number({ description: 'building area in m²' }),
    batch: Type.String()
  },
  { $id: 'HouseSummary' }
)
export type HouseSummary = Static<typeof HouseSummarySchema>

export const OkSchema = Type.Object({ ok: Type.Literal(true) }, { $id: 'Ok' })
export type Ok = Static<typeof OkSchema>

export const HealthSchema = Type.Object({ status: Type.Literal('ok') }, { $id: 'Health' })
export type Health = Static<typeof HealthSchema>

/** GET /api/ready: 200 when the database (and the object store, when configured) answered. */
export const ReadySchema = Type.Object(
  {
    status: Type.Literal('ready'),
    /** encrypted values (ID numbers) that did not decrypt since this instance started: should stay 0 */
    decryptFailures: Type.Integer({ minimum: 0 })
  },
  { $id: 'Ready' }
)
export type Ready = Static<typeof ReadySchema>
/** GET /api/ready: 503, what did not answer (the load balancer sends no traffic here meanwhile). */
export const NotReadySchema = Type.Object(
  {
    error: Type.Object({
      code: Type.Union([Type.Literal('DATABASE_UNAVAILABLE'), Type.Literal('STORAGE_UNAVAILABLE')]),
      message: Type.String()
    })
  },
  { $id: 'NotReady' }
)
export type NotReady = Static<typeof NotReadySchema>

import { Type, type Static } from 'typebox'

export const NotificationSchema = Type.Object(
  {
    id: Type.Integer(),
    /** stage_available | stage_attention | stage_done | document_review | delegate_review | … */
    kind: Type.String(),
    title: Type.String(),
    body: Type.String(),
    /** in-app page to open, or null */
    link: Type.Union([Type.String(), Type.Null()]),
    readAt: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String()
  },
  { $id: 'Notification' }
)
export type Notification = Static<typeof NotificationSchema>

/** GET /api/owner/notifications?page=&pageSize= (newest first) */
export const NotificationQuerySchema = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 }))
  },
  { $id: 'NotificationQuery', additionalProperties: false }
)
export type NotificationQuery = Static<typeof NotificationQuerySchema>

export const NotificationListSchema = Type.Object(
  {
    items: Type.Array(NotificationSchema),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    total: Type.Integer(),
    unread: Type.Integer()
  },
  { $id: 'NotificationList' }
)
export type NotificationList = Static<typeof NotificationListSchema>

export const NotificationIdParamsSchema = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: 2147483647 }) },
  { $id: 'NotificationIdParams', additionalProperties: false }
)

/** POST /api/owner/notifications/read-all */
export const ReadAllResultSchema = Type.Object({ updated: Type.Integer(), unread: Type.Integer() }, { $id: 'ReadAllResult' })
export type ReadAllResult = Static<typeof ReadAllResultSchema>

/** GET /api/owner/subscriptions: templates the weapp may offer (at most 3 per request) */
export const SubscriptionTemplatesSchema = Type.Object(
  {
    templates: Type.Array(Type.Object({ slot: Type.String(), templateId: Type.String(), title: Type.String() })),
    sandbox: Type.Boolean()
  },
  { $id: 'SubscriptionTemplates' }
)
export type SubscriptionTemplates = Static<typeof SubscriptionTemplatesSchema>

/** POST /api/owner/subscriptions: the template ids the owner accepted in requestSubscribeMessage */
export const SubscriptionRequestSchema = Type.Object(
  { accepted: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 3 }) },
  { $id: 'SubscriptionRequest', additionalProperties: false }
)
export type SubscriptionRequest = Static<typeof SubscriptionRequestSchema>

export const SubscriptionResultSchema = Type.Object({ recorded: Type.Array(Type.String()) }, { $id: 'SubscriptionResult' })
export type SubscriptionResult = Static<typeof SubscriptionResultSchema>

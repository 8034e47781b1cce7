import { Type, type Static } from 'typebox'

/** GET /api/faq — the community comes from the session, or from communityId / token (landing page). */
export const FaqQuerySchema = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 50 })),
    /** a category code (e.g. fees) or its title (e.g. 费用与缴费) */
    category: Type.Optional(Type.String({ maxLength: 32 })),
    communityId: Type.Optional(Type.Integer({ minimum: 1 }))
  },
  { additionalProperties: false }
)
export type FaqQuery = Static<typeof FaqQuerySchema>

/**
 * The QR landing page's invitation token names the community before any session exists; it
 * is sent in the X-Anjia-Invite header, never in the query string (URLs are logged).
 */
export const FaqHeadersSchema = Type.Object({ 'x-anjia-invite': Type.Optional(Type.String({ minLength: 1, maxLength: 32 })) })

export const FaqCategorySchema = Type.Object(
  { code: Type.String(), title: Type.String(), count: Type.Integer({ description: 'questions in this category (unfiltered)' }) },
  { $id: 'FaqCategory' }
)
export type FaqCategory = Static<typeof FaqCategorySchema>

export const FaqItemSchema = Type.Object(
  { id: Type.Integer(), categoryCode: Type.String(), categoryTitle: Type.String(), question: Type.String(), answer: Type.String() },
  { $id: 'FaqItem' }
)
export type FaqItem = Static<typeof FaqItemSchema>

export const FaqListSchema = Type.Object(
  {
    categories: Type.Array(FaqCategorySchema),
    /** the resolved category code, null = all */
    category: Type.Union([Type.String(), Type.Null()]),
    q: Type.String(),
    items: Type.Array(FaqItemSchema)
  },
  { $id: 'FaqList' }
)
export type FaqList = Static<typeof FaqListSchema>

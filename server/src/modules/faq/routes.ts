import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import { FaqHeadersSchema, FaqListSchema, FaqQuerySchema } from '../../../../types/faq'
import * as service from './service'

const faqRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Public: the FAQ helps before verification too (landing page, by invitation token).
  app.get(
    '/api/faq',
    {
      schema: {
        tags: ['faq'],
        querystring: FaqQuerySchema,
        headers: FaqHeadersSchema,
        response: { 200: FaqListSchema, 400: ErrorBodySchema, 404: ErrorBodySchema }
      }
    },
    async (req) => {
      const invite = req.headers['x-anjia-invite']
      const communityId = await service.resolveCommunity(app.db, req, { ...req.query, token: typeof invite === 'string' ? invite : undefined }, app.config.now())
      return service.listFaq(app.db, communityId, req.query)
    }
  )
}

export default faqRoutes

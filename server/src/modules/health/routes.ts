import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HealthSchema } from '../../../../types/common'

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/health', { schema: { tags: ['system'], response: { 200: HealthSchema } } }, async () => ({ status: 'ok' as const }))
}

export default healthRoutes

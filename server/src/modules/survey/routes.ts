import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import { OwnerSurveySchema, SurveySubmitSchema, SurveySummarySchema } from '../../../../types/survey'
import { ownerOf, staffOf } from '../../plugins/auth'
import * as service from './service'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema }

const surveyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/owner/survey',
    { preHandler: app.requireOwner, schema: { tags: ['survey'], response: { 200: OwnerSurveySchema, ...errors } } },
    async (req) => service.getOwnerSurvey(app.db, ownerOf(req).caseId)
  )

  app.post(
    '/api/owner/survey',
    {
      preHandler: app.requireOwner,
      schema: { tags: ['survey'], body: SurveySubmitSchema, response: { 200: OwnerSurveySchema, 409: ErrorBodySchema, ...errors } }
    },
    async (req) => service.submitSurvey(app.db, ownerOf(req).caseId, req.body, app.config.now())
  )

  app.get(
    '/api/staff/survey/summary',
    { preHandler: app.requireStaff('manager'), schema: { tags: ['survey'], response: { 200: SurveySummarySchema, ...errors } } },
    async (req) => service.getSummary(app.db, staffOf(req).communityId)
  )
}

export default surveyRoutes

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import {
  SetupAgreementInputSchema,
  SetupAgreementListSchema,
  SetupBatchInputSchema,
  SetupBatchListSchema,
  SetupBatchSchema,
  SetupBuildingInputSchema,
  SetupBuildingListSchema,
  SetupBuildingSchema,
  SetupChecklistInputSchema,
  SetupChecklistItemSchema,
  SetupChecklistListSchema,
  SetupFeeRateInputSchema,
  SetupFeeRateListSchema,
  SetupFeeRateSchema,
  SetupIdParamsSchema,
  SetupPolicySchema,
  SetupProfileSchema,
  SetupSlotListSchema,
  SetupSlotSchema,
  SetupSlotsQuerySchema,
  SetupStatusSchema,
  SetupSurveyWeightsInputSchema,
  SetupSurveyWeightsSchema,
  SlotCapacityInputSchema,
  SlotGenerateRequestSchema,
  SlotGenerateResultSchema
} from '../../../../types/setup'
import { staffOf } from '../../plugins/auth'
import * as service from './service'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema }
const tags = ['setup']

/** /api/staff/setup/...: the manager configures their own community (see service.ts for the rules). */
const setupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const deps = { db: app.db, config: app.config }
  const guard = app.requireStaff('manager')
  const P = '/api/staff/setup'

  app.get(`${P}/status`, { preHandler: guard, schema: { tags, response: { 200: SetupStatusSchema, ...errors } } }, async (req) =>
    service.status(deps, staffOf(req))
  )

  // profile and policy
  app.get(`${P}/profile`, { preHandler: guard, schema: { tags, response: { 200: SetupProfileSchema, ...errors } } }, async (req) =>
    service.getProfile(deps, staffOf(req))
  )
  app.put(`${P}/profile`, { preHandler: guard, schema: { tags, body: SetupProfileSchema, response: { 200: SetupProfileSchema, ...errors } } }, async (req) =>
    service.putProfile(deps, staffOf(req), req.body)
  )
  app.get(`${P}/policy`, { preHandler: guard, schema: { tags, response: { 200: SetupPolicySchema, ...errors } } }, async (req) =>
    service.getPolicy(deps, staffOf(req))
  )
  app.put(`${P}/policy`, { preHandler: guard, schema: { tags, body: SetupPolicySchema, response: { 200: SetupPolicySchema, ...errors } } }, async (req) =>
    service.putPolicy(deps, staffOf(req), req.body)
  )

  // buildings
  app.get(`${P}/buildings`, { preHandler: guard, schema: { tags, response: { 200: SetupBuildingListSchema, ...errors } } }, async (req) =>
    service.listBuildings(deps, staffOf(req))
  )
  app.post(
    `${P}/buildings`,
    { preHandler: guard, schema: { tags, body: SetupBuildingInputSchema, response: { 201: SetupBuildingSchema, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createBuilding(deps, staffOf(req), req.body))
  )
  app.put(
    `${P}/buildings/:id`,
    { preHandler: guard, schema: { tags, params: SetupIdParamsSchema, body: SetupBuildingInputSchema, response: { 200: SetupBuildingSchema, ...errors } } },
    async (req) => service.updateBuilding(deps, staffOf(req), req.params.id, req.body)
  )
  app.delete(`${P}/buildings/:id`, { preHandler: guard, schema: { tags, params: SetupIdParamsSchema, response: { 204: Type.Null(), ...errors } } }, async (req, reply) => {
    await service.deleteBuilding(deps, staffOf(req), req.params.id)
    return reply.status(204).send(null)
  })

  // batches
  app.get(`${P}/batches`, { preHandler: guard, schema: { tags, response: { 200: SetupBatchListSchema, ...errors } } }, async (req) =>
    service.listBatches(deps, staffOf(req))
  )
  app.post(
    `${P}/batches`,
    { preHandler: guard, schema: { tags, body: SetupBatchInputSchema, response: { 201: SetupBatchSchema, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createBatch(deps, staffOf(req), req.body))
  )
  app.put(
    `${P}/batches/:id`,
    { preHandler: guard, schema: { tags, params: SetupIdParamsSchema, body: SetupBatchInputSchema, response: { 200: SetupBatchSchema, ...errors } } },
    async (req) => service.updateBatch(deps, staffOf(req), req.params.id, req.body)
  )
  app.delete(`${P}/batches/:id`, { preHandler: guard, schema: { tags, params: SetupIdParamsSchema, response: { 204: Type.Null(), ...errors } } }, async (req, reply) => {
    await service.deleteBatch(deps, staffOf(req), req.params.id)
    return reply.status(204).send(null)
  })

  // slots
  app.post(
    `${P}/slots/generate`,
    { preHandler: guard, schema: { tags, body: SlotGenerateRequestSchema, response: { 200: SlotGenerateResultSchema, ...errors } } },
    async (req) => service.generateSlots(deps, staffOf(req), req.body)
  )
  app.get(
    `${P}/slots`,
    { preHandler: guard, schema: { tags, querystring: SetupSlotsQuerySchema, response: { 200: SetupSlotListSchema, ...errors } } },
    async (req) => service.listSlots(deps, staffOf(req), req.query)
  )
  app.patch(
    `${P}/slots/:id`,
    { preHandler: guard, schema: { tags, params: SetupIdParamsSchema, body: SlotCapacityInputSchema, response: { 200: SetupSlotSchema, ...errors } } },
    async (req) => service.setSlotCapacity(deps, staffOf(req), req.params.id, req.body.capacity)
  )
  app.delete(`${P}/slots/:id`, { preHandler: guard, schema: { tags, params: SetupIdParamsSchema, response: { 204: Type.Null(), ...errors } } }, async (req, reply) => {
    await service.deleteSlot(deps, staffOf(req), req.params.id)
    return reply.status(204).send(null)
  })

  // checklist
  app.get(`${P}/checklist`, { preHandler: guard, schema: { tags, response: { 200: SetupChecklistListSchema, ...errors } } }, async (req) =>
    service.listChecklist(deps, staffOf(req))
  )
  app.post(
    `${P}/checklist`,
    { preHandler: guard, schema: { tags, body: SetupChecklistInputSchema, response: { 201: SetupChecklistItemSchema, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createChecklistItem(deps, staffOf(req), req.body))
  )
  app.put(
    `${P}/checklist/:id`,
    { preHandler: guard, schema: { tags, params: SetupIdParamsSchema, body: SetupChecklistInputSchema, response: { 200: SetupChecklistItemSchema, ...errors } } },
    async (req) => service.updateChecklistItem(deps, staffOf(req), req.params.id, req.body)
  )
  app.delete(`${P}/checklist/:id`, { preHandler: guard, schema: { tags, params: SetupIdParamsSchema, response: { 204: Type.Null(), ...errors } } }, async (req, reply) => {
    await service.deleteChecklistItem(deps, staffOf(req), req.params.id)
    return reply.status(204).send(null)
  })

  // fee rates and flat items
  app.get(`${P}/fees`, { preHandler: guard, schema: { tags, response: { 200: SetupFeeRateListSchema, ...errors } } }, async (req) =>
    service.listFeeRates(deps, staffOf(req))
  )
  app.post(
    `${P}/fees`,
    { preHandler: guard, schema: { tags, body: SetupFeeRateInputSchema, response: { 201: SetupFeeRateSchema, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.createFeeRate(deps, staffOf(req), req.body))
  )
  app.put(
    `${P}/fees/:id`,
    { preHandler: guard, schema: { tags, params: SetupIdParamsSchema, body: SetupFeeRateInputSchema, response: { 200: SetupFeeRateSchema, ...errors } } },
    async (req) => service.updateFeeRate(deps, staffOf(req), req.params.id, req.body)
  )
  app.delete(`${P}/fees/:id`, { preHandler: guard, schema: { tags, params: SetupIdParamsSchema, response: { 204: Type.Null(), ...errors } } }, async (req, reply) => {
    await service.deleteFeeRate(deps, staffOf(req), req.params.id)
    return reply.status(204).send(null)
  })

  // agreements
  app.get(`${P}/agreements`, { preHandler: guard, schema: { tags, response: { 200: SetupAgreementListSchema, ...errors } } }, async (req) =>
    service.listAgreements(deps, staffOf(req))
  )
  app.post(
    `${P}/agreements`,
    { preHandler: guard, schema: { tags, body: SetupAgreementInputSchema, response: { 201: SetupAgreementListSchema, ...errors } } },
    async (req, reply) => reply.status(201).send(await service.publishAgreement(deps, staffOf(req), req.body))
  )

  // survey weights
  app.get(`${P}/survey`, { preHandler: guard, schema: { tags, response: { 200: SetupSurveyWeightsSchema, ...errors } } }, async (req) =>
    service.getSurveyWeights(deps, staffOf(req))
  )
  app.put(
    `${P}/survey`,
    { preHandler: guard, schema: { tags, body: SetupSurveyWeightsInputSchema, response: { 200: SetupSurveyWeightsSchema, ...errors } } },
    async (req) => service.putSurveyWeights(deps, staffOf(req), req.body)
  )
}

export default setupRoutes

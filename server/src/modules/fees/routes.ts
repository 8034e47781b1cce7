import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import { BillSchema } from '../../../../types/fees'
import { StaffBillListSchema, StaffBillQuerySchema } from '../../../../types/payments'
import { ownerOf, staffOf } from '../../plugins/auth'
import * as service from './service'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema }

const feeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The owner's bill, derived and stored on first read. Guard: verified. */
  app.get(
    '/api/owner/bill',
    { preHandler: app.requireOwner, schema: { tags: ['owner'], response: { 200: BillSchema, ...errors } } },
    async (req) => service.getOwnerBill(app.db, ownerOf(req), app.config.now())
  )

  /** Cashier lookup: houses by label, room or owner name, with their bills (names masked, audited). */
  app.get(
    '/api/staff/bills',
    {
      preHandler: app.requireStaff('cashier', 'manager'),
      schema: { tags: ['staff'], querystring: StaffBillQuerySchema, response: { 200: StaffBillListSchema, ...errors } }
    },
    async (req) => service.lookupBills(app.db, staffOf(req), req.query.q, app.config.now())
  )
}

export default feeRoutes

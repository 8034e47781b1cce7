import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import { ImportQuerySchema, ImportResultSchema } from '../../../../types/imports'
import { staffOf } from '../../plugins/auth'
import { readSingleFile } from '../uploads/multipart'
import * as service from './service'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 409: ErrorBodySchema, 413: ErrorBodySchema }
// a Buffer is sent as is (no serialisation); the schema documents it in the OpenAPI page
const XlsxSchema = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: '.xlsx' })
const TEMPLATE_NAME = '业主名单导入模板.xlsx'

const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/staff/imports/houses/template',
    { preHandler: app.requireStaff('manager'), schema: { tags: ['staff'], summary: '业主名单导入模板（.xlsx）', response: { 200: XlsxSchema, ...errors } } },
    async (_req, reply) =>
      reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="owners-template.xlsx"; filename*=UTF-8''${encodeURIComponent(TEMPLATE_NAME)}`)
        .header('cache-control', 'private, no-store')
        .send(await service.template())
  )

  app.post(
    '/api/staff/imports/houses',
    {
      preHandler: app.requireStaff('manager'),
      schema: {
        tags: ['staff'],
        summary: '导入业主名单（先试运行 dryRun=true，再正式导入）',
        consumes: ['multipart/form-data'],
        querystring: ImportQuerySchema,
        response: { 200: ImportResultSchema, ...errors }
      }
    },
    async (req) => {
      const staff = staffOf(req)
      const buf = await readSingleFile(req, { emptyMessage: '请选择要导入的 .xlsx 或 .csv 文件' })
      return service.importOwners(app.db, app.config, staff, buf, req.query.dryRun !== false)
    }
  )
}

export default importRoutes

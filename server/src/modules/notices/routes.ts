import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { ErrorBodySchema } from '../../../../types/errors'
import { InvitationResponseSchema, NoticeQuerySchema, WxacodeGenerateRequestSchema, WxacodeGenerateResponseSchema } from '../../../../types/notices'
import { staffOf } from '../../plugins/auth'
import * as service from './service'
import { createWxacode, type Wxacode } from './wxacode'

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema, 409: ErrorBodySchema }
const HouseParams = Type.Object({ houseId: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, { additionalProperties: false })

export interface NoticeRoutesOptions {
  /** tests inject a stub of the real adapter; undefined = from the config (null when WeChat is not configured) */
  wxacode?: Wxacode | null
}

function pdfName(kind: string, q: { building?: string; batch?: string; houseIds?: string }): string {
  const what = q.building ?? q.batch ?? (q.houseIds && !q.houseIds.includes(',') ? `house-${q.houseIds}` : 'houses')
  return encodeURIComponent(`${kind}-${what}.pdf`)
}

function sendPdf(reply: FastifyReply, pdf: Buffer, name: string, extra: Record<string, string>) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename*=UTF-8''${name}`)
    .header('cache-control', 'no-store')
    .headers(extra)
    .send(pdf)
}

const noticeRoutes: FastifyPluginAsyncTypebox<NoticeRoutesOptions> = async (app, opts) => {
  const wxacode = opts.wxacode !== undefined ? opts.wxacode : createWxacode(app.config, (t) => service.entryUrlOf(app.config.publicUrl, t))
  const deps = (): service.NoticeDeps => ({ db: app.db, config: app.config, storage: app.storage, wxacode })

  app.get(
    '/api/staff/notices.pdf',
    {
      preHandler: app.requireStaff('manager', 'reception'),
      schema: { tags: ['notices'], querystring: NoticeQuerySchema, response: errors }
    },
    async (req, reply) => {
      const { pdf, pages } = await service.noticesPdf(deps(), staffOf(req), req.query)
      return sendPdf(reply as FastifyReply, pdf, pdfName('入伙通知书', req.query), { 'x-anjia-pages': String(pages) })
    }
  )

  app.get(
    '/api/staff/notices/stickers.pdf',
    {
      preHandler: app.requireStaff('manager', 'reception'),
      schema: { tags: ['notices'], querystring: NoticeQuerySchema, response: errors }
    },
    async (req, reply) => {
      const { pdf, stickers } = await service.stickersPdf(deps(), staffOf(req), req.query)
      return sendPdf(reply as FastifyReply, pdf, pdfName('二维码贴纸', req.query), { 'x-anjia-stickers': String(stickers) })
    }
  )

  app.post(
    '/api/staff/notices/wxacodes',
    {
      preHandler: app.requireStaff('manager'),
      schema: { tags: ['notices'], body: WxacodeGenerateRequestSchema, response: { 200: WxacodeGenerateResponseSchema, ...errors } }
    },
    async (req) => service.generateWxacodes(deps(), staffOf(req), req.body)
  )

  app.post(
    '/api/staff/houses/:houseId/invitation',
    {
      preHandler: app.requireStaff('manager', 'reception'),
      schema: { tags: ['notices'], params: HouseParams, response: { 200: InvitationResponseSchema, ...errors } }
    },
    async (req) => service.reissueInvitation(deps(), staffOf(req), req.params.houseId)
  )
}

export default noticeRoutes

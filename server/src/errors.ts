import type { FastifyError, FastifyInstance } from 'fastify'
import type { ErrorCode } from '../../types/errors'

/**
 * The one error type routes and services throw; the handler turns it into `{ error: { code, message } }`.
 * A refusal (status < 500: SLOT_FULL, STAGE_LOCKED…) is an answer, not a fault: it is never
 * logged, so it captures no stack trace (capturing one was ~3 % of a refused booking's CPU).
 * A 5xx ApiError keeps its stack: the handler logs it.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string
  ) {
    const limit = Error.stackTraceLimit
    if (status < 500) Error.stackTraceLimit = 0
    try {
      super(message)
    } finally {
      Error.stackTraceLimit = limit
    }
    this.name = 'ApiError'
  }
}

export const notFound = (message = '请求的内容不存在') => new ApiError(404, 'NOT_FOUND', message)

function body(code: ErrorCode, message: string) {
  return { error: { code, message } }
}

const VALIDATION_MESSAGE = '提交的信息格式不正确，请检查后重试'

/** Only the field path, never the submitted value (it may be an ID number). */
function validationMessage(err: FastifyError): string {
  const first = err.validation?.[0] as { instancePath?: string; params?: Record<string, unknown> } | undefined
  const ctx = err.validationContext
  if (!first) return VALIDATION_MESSAGE
  const extra = first.params && typeof first.params.additionalProperty === 'string' ? first.params.additionalProperty : ''
  const field = (first.instancePath || '').replace(/^\//, '').replace(/\//g, '.') || extra
  const where = ctx === 'querystring' ? '查询参数' : ctx === 'params' ? '路径参数' : ctx === 'headers' ? '请求头' : '请求内容'
  if (extra) return `${where}包含不支持的字段：${extra}`
  return field ? `${where}中的 ${field} 格式不正确` : `${where}格式不正确`
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof ApiError) {
      if (err.status >= 500) req.log.error({ err }, 'api error')
      return reply.status(err.status).send(body(err.code, err.message))
    }
    if (err.validation) {
      return reply.status(400).send(body('VALIDATION_FAILED', validationMessage(err)))
    }
    const code = err.code
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      const mb = Math.floor(req.server.config.uploadMaxBytes / 1024 / 1024)
      return reply.status(413).send(body('FILE_TOO_LARGE', mb >= 1 ? `文件不能超过 ${mb} MB` : '文件过大，请压缩后重新上传'))
    }
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT') {
      return reply.status(413).send(body('PAYLOAD_TOO_LARGE', '上传的内容过大'))
    }
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
      return reply.status(400).send(body('BAD_REQUEST', '不支持的请求格式'))
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500
    if (status >= 400 && status < 500) {
      const mapped: ErrorCode = status === 404 ? 'NOT_FOUND' : status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 429 ? 'RATE_LIMITED' : 'BAD_REQUEST'
      const msg = status === 404 ? '请求的内容不存在' : status === 413 ? '上传的内容过大' : '请求格式不正确'
      return reply.status(status === 415 || status === 406 ? 400 : status).send(body(mapped, msg))
    }
    req.log.error({ err }, 'unhandled error')
    return reply.status(500).send(body('INTERNAL', '服务器开小差了，请稍后再试'))
  })

  app.setNotFoundHandler((_req, reply) => {
    reply.status(404).send(body('NOT_FOUND', '请求的内容不存在'))
  })
}

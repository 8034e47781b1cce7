import Taro from '@tarojs/taro'
import type { ErrorCode } from '../../types'
import { clearSession, requirePasswordChange, tokenFor, type SessionKind } from '../stores/session'

/**
 * One request function for the whole app. Never throws and never resolves undefined:
 * the caller gets the typed data or the server's code + Chinese message.
 */
export type ClientErrorCode = ErrorCode | 'NETWORK' | 'BAD_RESPONSE'

export type ApiResult<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; code: ClientErrorCode; message: string }

export type ApiFailure = Extract<ApiResult<unknown>, { ok: false }>

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestOptions {
  method?: HttpMethod
  /** JSON body (POST/PUT/PATCH) */
  body?: unknown
  /** query string parameters; undefined values are left out */
  query?: Record<string, string | number | boolean | undefined>
  /** which session's bearer token to send; 'none' for public endpoints */
  auth?: SessionKind | 'none'
  /** extra request headers (secrets that must not travel in the URL, e.g. X-Anjia-Invite) */
  headers?: Record<string, string>
  timeout?: number
}

export const NETWORK_MESSAGE = '网络连接失败，请稍后重试'
const BAD_RESPONSE_MESSAGE = '服务器返回了无法识别的结果，请稍后重试'
const FALLBACK_MESSAGES: Partial<Record<number, string>> = {
  401: '登录已失效，请重新登录',
  403: '没有权限执行此操作',
  404: '请求的内容不存在',
  413: '文件过大',
  429: '操作过于频繁，请稍后再试'
}

/** 401 codes about the typed data, not the session (the signed-in staff stays signed in). */
const SESSION_KEEPING_401: ReadonlySet<ClientErrorCode> = new Set<ClientErrorCode>(['CHECKIN_ID_MISMATCH'])

export function apiUrl(path: string, query?: RequestOptions['query']): string {
  let url = `${API_BASE}${path}`
  if (query) {
    const parts = Object.entries(query)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    if (parts.length > 0) url += `${url.includes('?') ? '&' : '?'}${parts.join('&')}`
  }
  return url
}

export function authHeader(auth: RequestOptions['auth']): Record<string, string> {
  if (!auth || auth === 'none') return {}
  const token = tokenFor(auth)
  return token ? { Authorization: `Bearer ${token}` } : {}
}

/** Turn any HTTP answer into an ApiResult (shared with the upload functions). */
export function toResult<T>(statusCode: number, data: unknown, auth: RequestOptions['auth']): ApiResult<T> {
  if (statusCode >= 200 && statusCode < 300) {
    return { ok: true, data: (statusCode === 204 ? null : data) as T }
  }
  const err = parseErrorBody(data)
  // a dead session is forgotten here; the page decides where to go (see useSessionGuard). A 401
  // that only says what was typed does not match (reception's ID-tail check) leaves it alone.
  if (statusCode === 401 && auth && auth !== 'none' && !(err && SESSION_KEEPING_401.has(err.code))) clearSession(auth)
  // A one-time password blocks every staff page alike: the change form is the only way on.
  // Handled here once rather than in each page's hook (the only navigation the client does).
  if (err?.code === 'PASSWORD_CHANGE_REQUIRED' && auth === 'staff') requirePasswordChange()
  if (err) return { ok: false, status: statusCode, code: err.code, message: err.message }
  return {
    ok: false,
    status: statusCode,
    code: statusCode === 401 ? 'UNAUTHORIZED' : statusCode >= 500 ? 'INTERNAL' : 'BAD_RESPONSE',
    message: FALLBACK_MESSAGES[statusCode] ?? (statusCode >= 500 ? '服务暂时不可用，请稍后重试' : BAD_RESPONSE_MESSAGE)
  }
}

function parseErrorBody(data: unknown): { code: ClientErrorCode; message: string } | null {
  let body = data
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body)
    } catch {
      return null
    }
  }
  if (!body || typeof body !== 'object') return null
  const error = (body as { error?: unknown }).error
  if (!error || typeof error !== 'object') return null
  const { code, message } = error as { code?: unknown; message?: unknown }
  if (typeof code !== 'string' || typeof message !== 'string' || message === '') return null
  return { code: code as ClientErrorCode, message }
}

export function networkFailure(): ApiFailure {
  return { ok: false, status: 0, code: 'NETWORK', message: NETWORK_MESSAGE }
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
  const method = options.method ?? 'GET'
  const header: Record<string, string> = { Accept: 'application/json', ...options.headers, ...authHeader(options.auth) }
  // wx.request always sends a JSON content type, and Fastify refuses an empty JSON body
  const body = options.body === undefined && method !== 'GET' ? {} : options.body
  if (body !== undefined) header['Content-Type'] = 'application/json'
  try {
    const res = await Taro.request({
      url: apiUrl(path, options.query),
      method,
      data: body as Record<string, unknown> | undefined,
      header,
      dataType: 'json',
      timeout: options.timeout ?? 15000
    })
    if (!res || typeof res.statusCode !== 'number') return networkFailure()
    return toResult<T>(res.statusCode, res.data, options.auth)
  } catch {
    return networkFailure()
  }
}

import { request } from './taro-double'

export interface FakeResponse {
  status: number
  body?: unknown
}

type Route = (url: string, opts: { method: string; data?: unknown; header?: Record<string, string> }) => FakeResponse | 'network-error' | undefined

/**
 * Answer Taro.request calls from a router function; unknown URLs fail the test loudly
 * with a 599 so a forgotten endpoint is visible.
 */
export function serveApi(route: Route) {
  request.mockImplementation(async (opts: { url: string; method?: string; data?: unknown; header?: Record<string, string> }) => {
    const r = route(opts.url, { method: opts.method ?? 'GET', data: opts.data, header: opts.header })
    if (r === 'network-error') throw Object.assign(new Error('request:fail'), { errMsg: 'request:fail' })
    if (!r) return { statusCode: 599, data: { error: { code: 'INTERNAL', message: `未模拟的请求 ${opts.url}` } }, header: {} }
    return { statusCode: r.status, data: r.body ?? null, header: {} }
  })
}

export function apiError(status: number, code: string, message: string): FakeResponse {
  return { status, body: { error: { code, message } } }
}

import { act, screen } from '@testing-library/react'
import { request } from './taro-double'
import { setStaffSession } from '../../src/stores/session'
import type { StaffRole } from '../../types'

export interface FakeResponse {
  status: number
  body?: unknown
}

type Route = (url: string, opts: { method: string; data?: unknown; header?: Record<string, string> }) => FakeResponse | 'network-error' | undefined | Promise<FakeResponse>

/**
 * Answer Taro.request calls from a router function; unknown URLs fail the test loudly
 * with a 599 so a forgotten endpoint is visible.
 */
export function serveApi(route: Route) {
  request.mockImplementation(async (opts: { url: string; method?: string; data?: unknown; header?: Record<string, string> }) => {
    const r = await route(opts.url, { method: opts.method ?? 'GET', data: opts.data, header: opts.header })
    if (r === 'network-error') throw Object.assign(new Error('request:fail'), { errMsg: 'request:fail' })
    if (!r) return { statusCode: 599, data: { error: { code: 'INTERNAL', message: `未模拟的请求 ${opts.url}` } }, header: {} }
    return { statusCode: r.status, data: r.body ?? null, header: {} }
  })
}

export function apiError(status: number, code: string, message: string): FakeResponse {
  return { status, body: { error: { code, message } } }
}

/** A signed-in staff member of the demo community (session as the login page stores it). */
export function signInStaff(role: StaffRole, displayName = '前台 林晓') {
  const user = { id: 1, username: role, displayName, role, communityName: '锦绣花园' }
  setStaffSession({ token: 'staff-tok', expiresAt: new Date(Date.now() + 3600_000).toISOString(), user, mustChangePassword: false })
  return user
}

/** The NutUI button showing `text` (the element clicks reach), or the text itself. */
export const button = (text: string) => (screen.getByText(text).closest('.nut-button') ?? screen.getByText(text)) as HTMLElement

/** The POST requests the page made so far. */
export const posts = () => request.mock.calls.filter(([o]) => o.method === 'POST')

/** Types into the Taro input labelled `label` (the input event Taro's H5 components listen to). */
export function typeInto(label: string, value: string) {
  const input = document.querySelector(`[aria-label="${label}"]`)!
  act(() => {
    const ev = new Event('input', { bubbles: true })
    Object.defineProperty(ev, 'detail', { value: { value } })
    Object.defineProperty(ev, 'target', { value: { value } })
    input.dispatchEvent(ev)
  })
}

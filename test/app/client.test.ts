import { request as taroRequest, resetTaroDouble } from './taro-double'
import { request, NETWORK_MESSAGE } from '../../src/api/client'
import { getOwnerSession, setOwnerSession } from '../../src/stores/session'
import { apiError, serveApi } from './helpers'

const future = new Date(Date.now() + 3600_000).toISOString()
const session = {
  sessionToken: 'owner-token-1',
  expiresAt: future,
  role: 'owner' as const,
  house: { id: 1, communityName: '锦绣花园', building: '1', unit: '2', room: '1201', label: '1栋2单元1201', area: 98.5, batch: '第一批' }
}

beforeEach(() => resetTaroDouble())

describe('api client', () => {
  it('returns the data of a 2xx answer', async () => {
    serveApi(() => ({ status: 200, body: { status: 'ok' } }))
    await expect(request('/api/health')).resolves.toEqual({ ok: true, data: { status: 'ok' } })
  })

  it("maps an error body to the server's code and Chinese message", async () => {
    serveApi(() => apiError(400, 'VERIFY_FAILED', '姓名或身份证号后6位与备案信息不符'))
    await expect(request('/api/owner/verify', { method: 'POST', body: {} })).resolves.toEqual({
      ok: false,
      status: 400,
      code: 'VERIFY_FAILED',
      message: '姓名或身份证号后6位与备案信息不符'
    })
  })

  it('maps a network failure to NETWORK with a Chinese message', async () => {
    serveApi(() => 'network-error')
    await expect(request('/api/entry/abc')).resolves.toEqual({
      ok: false,
      status: 0,
      code: 'NETWORK',
      message: NETWORK_MESSAGE
    })
    expect(NETWORK_MESSAGE).toBe('网络连接失败，请稍后重试')
  })

  it('maps a non-JSON error answer to a generic Chinese message, never undefined', async () => {
    serveApi(() => ({ status: 502, body: '<html>Bad Gateway</html>' }))
    const res = await request('/api/entry/abc')
    expect(res).toMatchObject({ ok: false, status: 502, code: 'INTERNAL' })
    expect(res.ok ? '' : res.message).toMatch(/服务暂时不可用/)
  })

  it('sends the owner bearer token when asked to', async () => {
    setOwnerSession(session)
    serveApi(() => ({ status: 200, body: {} }))
    await request('/api/owner/me', { auth: 'owner' })
    expect(taroRequest.mock.calls[0][0].header.Authorization).toBe('Bearer owner-token-1')
  })

  it('sends no token to public endpoints', async () => {
    setOwnerSession(session)
    serveApi(() => ({ status: 200, body: {} }))
    await request('/api/entry/abc', { auth: 'none' })
    expect(taroRequest.mock.calls[0][0].header.Authorization).toBeUndefined()
  })

  it('forgets the owner session on 401', async () => {
    setOwnerSession(session)
    serveApi(() => apiError(401, 'SESSION_EXPIRED', '登录已过期，请重新扫码核验'))
    const res = await request('/api/owner/progress', { auth: 'owner' })
    expect(res).toMatchObject({ ok: false, status: 401, code: 'SESSION_EXPIRED' })
    expect(getOwnerSession()).toBeNull()
  })

  it('builds the query string and sends a JSON body for bodiless POSTs', async () => {
    serveApi(() => ({ status: 200, body: { items: [] } }))
    await request('/api/staff/houses', { query: { q: '1栋 1201', none: undefined } })
    expect(taroRequest.mock.calls[0][0].url).toBe('/api/staff/houses?q=1%E6%A0%8B%201201')
    await request('/api/owner/logout', { method: 'POST' })
    expect(taroRequest.mock.calls[1][0].data).toEqual({})
  })
})

describe('session store', () => {
  it('treats an expired session as absent', () => {
    setOwnerSession({ ...session, expiresAt: new Date(Date.now() - 1000).toISOString() })
    expect(getOwnerSession()).toBeNull()
  })

  it('keeps a live session', () => {
    setOwnerSession(session)
    expect(getOwnerSession()?.sessionToken).toBe('owner-token-1')
  })
})

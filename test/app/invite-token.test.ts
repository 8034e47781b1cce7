import { request as taroRequest, resetTaroDouble } from './taro-double'
import { fetchEntry } from '../../src/api/entry'
import { fetchFaq } from '../../src/api/faq'
import { serveApi } from './helpers'

const TOKEN = 'Zq8mN2xR5t'

beforeEach(() => resetTaroDouble())

/** The invitation token is a verification factor: it travels in a body or a header, never in a URL (URLs are logged). */
describe('the invitation token stays out of request URLs', () => {
  it('the entry lookup posts the token in the body', async () => {
    serveApi((url, req) => (url === '/api/entry' && req.method === 'POST' ? { status: 200, body: { communityName: 'x', houseLabel: 'y', openForMoveIn: true, servicePhone: '' } } : undefined))
    const r = await fetchEntry(TOKEN)
    expect(r.ok).toBe(true)
    const call = taroRequest.mock.calls[0][0]
    expect(call.url).not.toContain(TOKEN)
    expect(call.data).toEqual({ token: TOKEN })
  })

  it('the FAQ sends the token as the X-Anjia-Invite header, the filter in the query', async () => {
    serveApi((url) => (url.startsWith('/api/faq') ? { status: 200, body: { categories: [], items: [], category: null } } : undefined))
    const r = await fetchFaq({ token: TOKEN, q: '缴费' })
    expect(r.ok).toBe(true)
    const call = taroRequest.mock.calls[0][0]
    expect(call.url).toBe(`/api/faq?q=${encodeURIComponent('缴费')}`)
    expect(call.url).not.toContain(TOKEN)
    expect(call.header['X-Anjia-Invite']).toBe(TOKEN)
  })

  it('without a token the FAQ sends no invite header', async () => {
    serveApi((url) => (url.startsWith('/api/faq') ? { status: 200, body: { categories: [], items: [], category: null } } : undefined))
    await fetchFaq({})
    expect(taroRequest.mock.calls[0][0].header['X-Anjia-Invite']).toBeUndefined()
  })
})

/*
 * The invitation token (one of the three verification factors) never appears in a logged
 * URL: the entry page posts it, the FAQ sends it as a header, and a stale link that still
 * carries it in the path or query is logged redacted.
 */
import { redactUrl } from '../../server/src/lib/log-redact'
import { demoOwnerCredentials } from '../../server/src/seed/demo'
import { createTestApp, dialects, type TestApp } from './harness'

describe('redactUrl', () => {
  test.each([
    ['/api/entry/AbCdEf1234', '/api/entry/[redacted]'],
    ['/api/entry/AbCdEf1234?x=1', '/api/entry/[redacted]?x=1'],
    ['/api/faq?token=AbCdEf1234&q=%E7%BC%B4', '/api/faq?token=[redacted]&q=%E7%BC%B4'],
    ['/api/faq?q=1&TOKEN=abc', '/api/faq?q=1&TOKEN=[redacted]'],
    ['/api/faq?q=1&%74oken=abc', '/api/faq?q=1&%74oken=[redacted]'],
    ['/api/faq?communityId=1', '/api/faq?communityId=1'],
    ['/api/entry', '/api/entry'],
    ['/api/owner/files/12', '/api/owner/files/12']
  ])('%s -> %s', (url, logged) => expect(redactUrl(url)).toBe(logged))
})

describe.each(dialects())('the invitation token stays out of the request log (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => t.close())

  test('entry, FAQ and verify by token: served, and no log line holds the token', async () => {
    const c = demoOwnerCredentials(5)
    t.logs.length = 0

    const entry = await t.app.inject({ method: 'POST', url: '/api/entry', payload: { token: c.token } })
    expect(entry.statusCode).toBe(200)
    expect(entry.json().houseLabel).toBe(c.label)
    const faq = await t.app.inject({ method: 'GET', url: '/api/faq?q=%E7%BC%B4%E8%B4%B9', headers: { 'x-anjia-invite': c.token } })
    expect(faq.statusCode).toBe(200)
    expect(faq.json().items.length).toBeGreaterThan(0)
    const verify = await t.app.inject({ method: 'POST', url: '/api/owner/verify', payload: { token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail } })
    expect(verify.statusCode).toBe(200)

    // stale links of older clients: refused, and logged without the token
    const oldEntry = await t.app.inject({ method: 'GET', url: `/api/entry/${c.token}` })
    expect(oldEntry.statusCode).toBe(404)
    const oldFaq = await t.app.inject({ method: 'GET', url: `/api/faq?token=${c.token}` })
    expect(oldFaq.statusCode).toBe(400)

    const lines = t.logs.join('\n')
    // the log did record these requests (so the check below looks at real lines)
    expect(lines).toContain('"url":"/api/entry"')
    expect(lines).toContain('"url":"/api/faq?q=%E7%BC%B4%E8%B4%B9"')
    expect(lines).toContain('"url":"/api/entry/[redacted]"')
    expect(lines).toContain('"url":"/api/faq?token=[redacted]"')
    expect(lines).not.toContain(c.token)
  })
})

import { createTestApp, dialects, type TestApp } from './harness'

describe.each(dialects())('health and basics (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect, { seed: false })
  })
  afterAll(async () => t.close())

  test('GET /api/health answers ok', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok' })
  })

  test('an unknown route answers 404 NOT_FOUND in the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } })
  })

  test('the OpenAPI document names schemas by $id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.paths['/api/owner/verify']).toBeDefined()
    expect(JSON.stringify(doc)).not.toMatch(/def-\d+/)
  })
})

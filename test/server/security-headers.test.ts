/*
 * Security headers (helmet) on the API, the H5 files served by the same process, errors and
 * the docs; the app CSP allows the inline script of index.html by its hash and nothing else.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { inlineScriptHashes } from '../../server/src/plugins/security-headers'
import { bearer, createTestApp, dialects, type TestApp } from './harness'

const INLINE = '!function(n){n.document.documentElement.style.fontSize="20px"}(window)'
const INDEX = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>安家入伙</title><style>html,body{overflow-x:hidden}</style><script>${INLINE}</script><script defer="defer" src="/js/app.1a2b3c4d.js"></script></head><body><div id="app"></div></body></html>`

const COMMON = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-dns-prefetch-control': 'off',
  'x-permitted-cross-domain-policies': 'none',
  'origin-agent-cluster': '?1'
}

describe.each(dialects())('security headers (%s)', (dialect) => {
  let t: TestApp
  let webRoot: string
  beforeAll(async () => {
    webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'anjia-web-'))
    fs.writeFileSync(path.join(webRoot, 'index.html'), INDEX)
    fs.mkdirSync(path.join(webRoot, 'js'))
    fs.writeFileSync(path.join(webRoot, 'js', 'app.1a2b3c4d.js'), 'console.log(1)')
    t = await createTestApp(dialect, { seed: false, config: { webRoot } })
  })
  afterAll(async () => {
    await t.close()
    fs.rmSync(webRoot, { recursive: true, force: true })
  })

  const csp = (h: Record<string, unknown>) =>
    Object.fromEntries(String(h['content-security-policy']).split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1)]))

  test('the inline script hash is the SHA-256 of the script text', () => {
    const expected = `'sha256-${createHash('sha256').update(INLINE).digest('base64')}'`
    expect(inlineScriptHashes(INDEX)).toEqual([expected])
  })

  test('API answers, errors and 401s carry the headers and the app CSP', async () => {
    for (const req of [
      { method: 'GET' as const, url: '/api/health', status: 200 },
      { method: 'GET' as const, url: '/api/no-such-route', status: 404 },
      { method: 'GET' as const, url: '/api/owner/me', status: 401 },
      { method: 'GET' as const, url: '/api/owner/me', status: 401, headers: bearer('x'.repeat(43)) }
    ]) {
      const res = await t.app.inject({ method: req.method, url: req.url, headers: req.headers })
      expect([req.url, res.statusCode]).toEqual([req.url, req.status])
      expect(res.headers).toMatchObject(COMMON)
      expect(csp(res.headers)['default-src']).toEqual(["'self'"])
    }
  })

  test('the H5 index and its assets carry the headers; the CSP admits exactly our inline script', async () => {
    const index = await t.app.inject({ method: 'GET', url: '/' })
    expect(index.statusCode).toBe(200)
    expect(index.headers['content-type']).toMatch(/^text\/html/)
    expect(index.headers).toMatchObject(COMMON)
    const d = csp(index.headers)
    const hash = `'sha256-${createHash('sha256').update(INLINE).digest('base64')}'`
    expect(d['script-src']).toEqual(["'self'", hash])
    expect(d['script-src']).not.toContain("'unsafe-inline'")
    expect(d['script-src']).not.toContain("'unsafe-eval'")
    expect(d['object-src']).toEqual(["'none'"])
    expect(d['frame-ancestors']).toEqual(["'none'"])
    expect(d['img-src']).toEqual(["'self'", 'data:', 'blob:'])
    expect(d['upgrade-insecure-requests']).toBeUndefined()

    const asset = await t.app.inject({ method: 'GET', url: '/js/app.1a2b3c4d.js' })
    expect(asset.statusCode).toBe(200)
    expect(asset.headers).toMatchObject(COMMON)
    expect(asset.headers['content-security-policy']).toBe(index.headers['content-security-policy'])
  })

  test('the API docs keep the CSP the Swagger UI ships with, minus upgrade-insecure-requests', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    const d = csp(res.headers)
    expect(d['script-src']).toEqual(expect.arrayContaining(["'self'"]))
    // the Swagger UI's own policy (its scripts are files; it loads images from the validator)
    expect(d['img-src']).toEqual(expect.arrayContaining(['validator.swagger.io']))
    expect(d['upgrade-insecure-requests']).toBeUndefined()
  })
})

/**
 * Security headers on every response (API, H5 app, docs), as helmet computes them, with a
 * Content-Security-Policy the Taro H5 build satisfies (checked in Chromium by the H5 e2e
 * tests: no violation is reported):
 * - scripts: our own files, plus the inline script of index.html (Taro's root font-size
 *   snippet) by its SHA-256, computed from the served file at start-up so a rebuild never
 *   needs a config change; no 'unsafe-inline', no 'unsafe-eval';
 * - styles: 'unsafe-inline' as well, because Taro's components and NutUI set style
 *   attributes and inject <style> elements at run time;
 * - images: data: (NutUI's inline SVG icons) and blob: (previews of a picked photo, files
 *   fetched with the bearer token and shown from a Blob); fonts: data: too;
 * - nothing may frame the app, no plugins, forms post only to us.
 * Uploads override the CSP with their own sandbox (core/uploads-headers.ts); the Swagger UI
 * under /api/docs brings its own (it needs its inline scripts by hash).
 * No upgrade-insecure-requests: a plain-http demo on a LAN would break; HTTPS is the
 * proxy's job, and HSTS (sent always, honoured over HTTPS only) keeps browsers on it.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'

const INLINE_SCRIPT_RE = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi

/** 'sha256-…' sources for the inline <script> elements of an HTML page. */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = []
  for (const m of html.matchAll(INLINE_SCRIPT_RE)) {
    if (m[1].length === 0) continue
    out.push(`'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`)
  }
  return out
}

export function appCspDirectives(scriptHashes: string[]): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...scriptHashes],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'media-src': ["'self'", 'blob:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"]
  }
}

/** The helmet options of every response (the app CSP from `scriptHashes`). */
function helmetOptions(scriptHashes: string[]): HelmetOptions {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: appCspDirectives(scriptHashes) },
    // the app embeds nothing cross-origin; no COEP so a future map or payment page is not blocked
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
    xFrameOptions: { action: 'deny' }
  }
}

/**
 * The headers helmet sets for these options, computed once: none of our options depends on
 * the request (no nonces, no directive functions), so every response gets the same list.
 * @fastify/helmet built the helmet middleware again on every request (parsing the CSP
 * directives each time): ~7 % of a refused booking's CPU.
 */
export function securityHeaders(scriptHashes: string[]): Array<[string, string]> {
  const out = new Map<string, string>()
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => void out.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => void out.delete(name.toLowerCase())
  }
  let failed: unknown
  helmet(helmetOptions(scriptHashes))({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    failed = err
  })
  if (failed) throw failed
  return [...out]
}

/**
 * Sets the security headers on every response, first thing (onRequest, on the raw response as
 * helmet does): a route that sets its own (an upload's sandbox CSP, the Swagger UI's) still
 * overrides them. `webRoot` is the H5 build when it is served by this process.
 */
export async function registerSecurityHeaders(app: FastifyInstance, webRoot: string | undefined): Promise<void> {
  let hashes: string[] = []
  const index = webRoot ? path.join(webRoot, 'index.html') : null
  if (index && fs.existsSync(index)) hashes = inlineScriptHashes(fs.readFileSync(index, 'utf8'))
  const headers = securityHeaders(hashes)
  app.addHook('onRequest', (_req, reply, done) => {
    const raw = reply.raw
    for (const [name, value] of headers) raw.setHeader(name, value)
    raw.removeHeader('x-powered-by')
    done()
  })
}

/**
 * Invitation token alphabet and length: the wxacode `scene` limit (32 visible characters).
 * Mirrors INVITE_TOKEN_PATTERN in types/common.ts, repeated here so no schema code
 * enters the bundle. `%` is not in it, so a still-encoded value can never pass.
 */
const TOKEN_RE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/

/**
 * Decode the QR `scene` exactly once and return the invitation token, or null.
 * Both weapp (onLoad query.scene) and H5 (router params) hand the value over still
 * URL-encoded, e.g. `t%3Dabc123`. Accepts a raw token (`abc123`) or `t=<token>`
 * (also among other pairs: `t=abc&from=qr`). Never decodes twice: a double-encoded
 * value keeps a `%` after one pass and is rejected.
 */
export function decodeScene(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string' || raw === '') return null
  let decoded: string
  try {
    decoded = decodeURIComponent(raw)
  } catch {
    return null // malformed % sequence
  }
  decoded = decoded.trim()
  if (decoded === '') return null
  if (decoded.includes('=')) {
    for (const pair of decoded.split('&')) {
      const eq = pair.indexOf('=')
      if (eq > 0 && pair.slice(0, eq) === 't') {
        const token = pair.slice(eq + 1)
        return TOKEN_RE.test(token) && !token.includes('=') ? token : null
      }
    }
    return null
  }
  return TOKEN_RE.test(decoded) ? decoded : null
}

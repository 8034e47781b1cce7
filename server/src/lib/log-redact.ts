/**
 * URLs as they are logged: secrets that an old client (or a hand-typed link) may still put
 * in a path or a query string are replaced, so the request log never holds an invitation
 * token (one of the three verification factors) or a session token.
 */

/** Query parameters whose value is never logged. */
const SECRET_PARAMS = /^(token|invite|access_token|sessiontoken|code)$/i
/** Path segments after these prefixes are secrets (the invitation token's old GET route). */
const SECRET_PATHS = [/^(\/api\/entry\/)[^/?#]+/]

export function redactUrl(url: string): string {
  let out = url
  for (const re of SECRET_PATHS) out = out.replace(re, '$1[redacted]')
  const q = out.indexOf('?')
  if (q < 0) return out
  const path = out.slice(0, q)
  const query = out
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      const raw = eq < 0 ? pair : pair.slice(0, eq)
      let name = raw
      try {
        name = decodeURIComponent(raw)
      } catch {
        // a malformed escape: judge the raw name
      }
      return SECRET_PARAMS.test(name) ? `${raw}=[redacted]` : pair
    })
    .join('&')
  return `${path}?${query}`
}

// The one idempotency-key generator of the client. A key names one user intent (a booking
// tap, a payment tap, an offline entry): the same key is re-sent only when that intent is
// retried, so the server answers the retry with the first result instead of acting twice.
// UUIDs fit every key pattern of the contract ([A-Za-z0-9_-]{8,64}).

/** RFC 4122 version 4 UUID; crypto.getRandomValues where available (H5), Math.random otherwise. */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16)
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto
  if (c?.getRandomValues) c.getRandomValues(bytes)
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256)
  bytes[6] = (bytes[6] & 0x0f) | 0x40
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

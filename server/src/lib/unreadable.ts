/*
 * Decrypt failures (issue 9 item 8): a stored cipher that no longer opens (wrong key, damaged
 * row) used to become '（无法解密）' on screen and nothing anywhere else. Every masked read of
 * an encrypted column goes through `maskedIdOrMark`, which counts the failure per kind of
 * record and tells the registered sinks (the app logs it) — the kind only: never the cipher,
 * the plain text or the record's id. Operators read the count from GET /api/ready.
 */
import { decrypt, maskIdNumber } from './crypto'

/** What was being read, e.g. 'registered_owners.id_cipher' (a column, never a value). */
export type CipherKind = string

/** Shown where a masked ID number would be. */
export const UNREADABLE_MARK = '（无法解密）'

const counts = new Map<CipherKind, number>()
const sinks = new Set<(kind: CipherKind) => void>()

/** Registers a listener (the app's logger); returns the function that removes it. */
export function onDecryptFailure(sink: (kind: CipherKind) => void): () => void {
  sinks.add(sink)
  return () => sinks.delete(sink)
}

export function recordDecryptFailure(kind: CipherKind): void {
  counts.set(kind, (counts.get(kind) ?? 0) + 1)
  for (const s of sinks) s(kind)
}

/** Failures since the process started, in total and per kind. */
export function decryptFailureCounts(): { total: number; byKind: Record<string, number> } {
  const byKind = Object.fromEntries(counts)
  return { total: [...counts.values()].reduce((a, b) => a + b, 0), byKind }
}

/** The masked ID number of a cipher; '' for none; the mark (counted and logged) when it does not open. */
export function maskedIdOrMark(aesKey: Buffer, cipher: string | null | undefined, kind: CipherKind, mark: string = UNREADABLE_MARK): string {
  if (!cipher) return ''
  try {
    return maskIdNumber(decrypt(aesKey, cipher))
  } catch {
    recordDecryptFailure(kind)
    return mark
  }
}

/**
 * The pick the owner asked for before the PIPL consent page: once they agree, the documents
 * page opens the file picker straight away instead of making them tap 添加 again.
 * Module state: both pages live in the same JS runtime; nothing is stored.
 */
import type { PickSource } from '../../utils/pickFiles'

let pending: { item: string; source: PickSource } | null = null

export function setPendingPick(p: { item: string; source: PickSource } | null): void {
  pending = p
}

/** The pending pick, once. */
export function takePendingPick(): { item: string; source: PickSource } | null {
  const p = pending
  pending = null
  return p
}

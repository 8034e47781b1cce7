// The audit log: every feature records who did what to which target here.
import type { Executor } from '../db/database'

/** One audit line; `at` is the caller's clock (ISO). */
export async function audit(
  db: Executor,
  a: { actorType: 'staff' | 'owner' | 'system'; actorId: number | null; action: string; target: string; detail?: string; at: string }
) {
  await db
    .insertInto('audit_log')
    .values({ actor_type: a.actorType, actor_id: a.actorId, action: a.action, target: a.target, detail: a.detail ?? '', at: a.at })
    .execute()
}

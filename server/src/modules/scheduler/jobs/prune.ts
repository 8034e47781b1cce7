/*
 * Pruning: expired owner and staff sessions, and verification / sign-in attempts older than
 * the longest window that reads them (15 minutes today, VERIFY_WINDOW_MS; kept 24 h so a
 * longer window added later still sees its history), and the sign-in lock alerts raised with
 * them. Plain deletes and updates: idempotent.
 */
import { DAY, HOUR } from '../../../lib/time'
import type { Executor } from '../../../db/database'
import type { Job } from '../scheduler'

export const ATTEMPT_KEEP_MS = DAY

export async function prune(db: Executor, now: Date): Promise<Record<string, number>> {
  const at = now.toISOString()
  const owner = await db.deleteFrom('owner_sessions').where('expires_at', '<=', at).executeTakeFirst()
  const staff = await db.deleteFrom('staff_sessions').where('expires_at', '<=', at).executeTakeFirst()
  const attempts = await db
    .deleteFrom('verify_attempts')
    .where('at', '<', new Date(now.getTime() - ATTEMPT_KEEP_MS).toISOString())
    .executeTakeFirst()
  // a staff sign-in lock alert (staff/service.ts) ends with the attempts that raised it
  const lockAlerts = await db
    .updateTable('alerts')
    .set({ resolved_at: at })
    .where('kind', '=', 'login_locked')
    .where('resolved_at', 'is', null)
    .where('created_at', '<', new Date(now.getTime() - ATTEMPT_KEEP_MS).toISOString())
    .executeTakeFirst()
  return {
    ownerSessions: Number(owner.numDeletedRows ?? 0),
    staffSessions: Number(staff.numDeletedRows ?? 0),
    verifyAttempts: Number(attempts.numDeletedRows ?? 0),
    loginLockAlerts: Number(lockAlerts.numUpdatedRows ?? 0)
  }
}

export const pruneJob: Job = {
  name: 'prune',
  intervalMs: HOUR,
  run: (ctx) => prune(ctx.db, ctx.now)
}

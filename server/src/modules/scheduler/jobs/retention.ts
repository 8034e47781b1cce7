/*
 * Upload retention (PIPL): files are deleted from storage and their rows marked deleted
 * (uploads.deleted_at) once the community's `upload_retention_days` have passed.
 *
 * When the clock starts (decided here, docs/domain.md "Personal data"):
 *  1. A finished case (move_in_cases.done_at set): from done_at. The files served the
 *     move-in; after the retention period nothing needs them.
 *  2. A case never finished: from its last activity (the latest of the case row's update, its
 *     stage events and its uploads). Counting from creation would delete the documents of a
 *     slow but live case; never deleting would keep an abandoned owner's ID card for ever.
 *  3. Kept: inspection photos of a defect whose repair order is still open (the evidence the
 *     repair is checked against); they go once the repair is fixed and the period has passed.
 * Per file: delete from storage first (a missing object is fine), then mark the row; a crash
 * between the two deletes nothing twice and marks on the next run. One audit_log row per
 * file (actor_type 'system'): upload id, case id, purpose and the period, no personal data.
 */
import { sql } from 'kysely'
import type { Db } from '../../../db/database'
import { DAY, HOUR } from '../../../lib/time'
import type { Storage } from '../../uploads/storage'
import type { Job } from '../scheduler'

/** At most this many files per run; the next run continues. */
export const RETENTION_BATCH = 500

export async function applyRetention(db: Db, storage: Storage, now: Date, limit = RETENTION_BATCH): Promise<Record<string, number>> {
  const at = now.toISOString()
  const communities = await db.selectFrom('communities').select(['id', 'upload_retention_days']).execute()
  let deleted = 0
  let failed = 0
  for (const c of communities) {
    const days = Number(c.upload_retention_days)
    if (!(days > 0)) continue
    const cutoff = new Date(now.getTime() - days * DAY).toISOString()
    const due = await db
      .selectFrom('uploads as u')
      .innerJoin('move_in_cases as mc', 'mc.id', 'u.case_id')
      .innerJoin('houses as h', 'h.id', 'mc.house_id')
      .select(['u.id', 'u.case_id', 'u.purpose', 'u.storage_key'])
      .where('h.community_id', '=', Number(c.id))
      .where('u.deleted_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('mc.done_at', 'is not', null), eb('mc.done_at', '<=', cutoff)]),
          eb.and([
            eb('mc.done_at', 'is', null),
            eb('mc.updated_at', '<=', cutoff),
            eb.not(eb.exists(eb.selectFrom('case_events as e').select(sql`1`.as('x')).whereRef('e.case_id', '=', 'mc.id').where('e.at', '>', cutoff))),
            eb.not(eb.exists(eb.selectFrom('uploads as u2').select(sql`1`.as('x')).whereRef('u2.case_id', '=', 'mc.id').where('u2.created_at', '>', cutoff)))
          ])
        ])
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('defect_photos as dp')
              .innerJoin('repair_orders as ro', 'ro.defect_id', 'dp.defect_id')
              .select(sql`1`.as('x'))
              .whereRef('dp.upload_id', '=', 'u.id')
              .where('ro.status', '=', 'open')
          )
        )
      )
      .orderBy('u.id')
      .limit(limit - deleted)
      .execute()
    for (const u of due) {
      try {
        await storage.remove(u.storage_key)
      } catch {
        failed++ // storage unreachable: the row stays, the next run tries again
        continue
      }
      await db.transaction().execute(async (tx) => {
        const r = await tx.updateTable('uploads').set({ deleted_at: at }).where('id', '=', u.id).where('deleted_at', 'is', null).executeTakeFirst()
        if (Number(r.numUpdatedRows ?? 0) !== 1) return
        await tx
          .insertInto('audit_log')
          .values({
            actor_type: 'system',
            actor_id: null,
            action: 'upload.retention_delete',
            target: `upload:${u.id}`,
            detail: JSON.stringify({ caseId: Number(u.case_id), purpose: u.purpose, retentionDays: days }),
            at
          })
          .execute()
        deleted++
      })
    }
    if (deleted >= limit) break
  }
  return { deleted, failed }
}

export const retentionJob: Job = {
  name: 'upload_retention',
  intervalMs: 6 * HOUR,
  run: (ctx) => applyRetention(ctx.db, ctx.storage, ctx.now)
}

/*
 * Indexes for the manager's dashboard (issue 8), each serving one of its aggregate queries
 * over one community (server/src/modules/dashboard/repository.ts):
 *  - houses (community_id, building_id): every query with the building filter;
 *  - case_stages (case_id, stage, status, updated_at): the funnel's pivot of the stored
 *    statuses, read from the index alone;
 *  - case_events (case_id, stage, from_status, to_status, at): the stage times (first event
 *    out of locked / into done per case and stage), read from the index alone;
 *  - defects (inspection_id): defects found per inspection round (the first-time pass rate).
 * FROZEN once shipped: imports nothing from the app.
 */
import type { Kysely } from 'kysely'

const INDEXES: [name: string, table: string, columns: string[]][] = [
  ['houses_community_building_idx', 'houses', ['community_id', 'building_id']],
  ['case_stages_case_cover_idx', 'case_stages', ['case_id', 'stage', 'status', 'updated_at']],
  ['case_events_case_stage_idx', 'case_events', ['case_id', 'stage', 'from_status', 'to_status', 'at']],
  ['defects_inspection_idx', 'defects', ['inspection_id']]
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of INDEXES) await db.schema.createIndex(name).on(table).columns(columns).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).ifExists().execute()
}

/*
 * The staff home's tile counts: what waits for the member's role in their community. Read-only
 * counts over the tables the other screens work on (no feature module is imported); a manager
 * sees every count, other roles only theirs (the rest are null: no badge on a tile they lack).
 */
import type { Executor } from '../../db/database'
import { shanghaiDate } from '../../lib/time'
import type { StaffAuth } from '../../plugins/auth'
import type { StaffHomeCounts } from '../../../../types/staff'

type Key = Exclude<keyof StaffHomeCounts, 'alertsOpen'>

const FOR_ROLE: Record<string, Key[]> = {
  reviewer: ['reviewWaiting', 'delegatesWaiting'],
  reception: ['checkinWaiting', 'tasksOpen'],
  inspector: ['repairsOpen'],
  cashier: ['unpaid', 'tasksOpen'],
  manager: ['reviewWaiting', 'delegatesWaiting', 'checkinWaiting', 'repairsOpen', 'unpaid', 'tasksOpen']
}

const n = (r: { n: number | string | bigint } | undefined) => Number(r?.n ?? 0)

function inCommunity(db: Executor, communityId: number) {
  return db
    .selectFrom('move_in_cases as mc')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .where('h.community_id', '=', communityId)
}

const COUNTERS: Record<Key, (db: Executor, s: StaffAuth, now: Date) => Promise<number>> = {
  reviewWaiting: async (db, s) =>
    n(
      await inCommunity(db, s.communityId)
        .innerJoin('document_submissions as ds', 'ds.case_id', 'mc.id')
        .where('ds.status', '=', 'submitted')
        .select((eb) => eb.fn.count<number>('mc.id').distinct().as('n'))
        .executeTakeFirst()
    ),
  delegatesWaiting: async (db, s) =>
    n(
      await inCommunity(db, s.communityId)
        .innerJoin('delegates as d', 'd.case_id', 'mc.id')
        .where('d.status', '=', 'pending_review')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    ),
  checkinWaiting: async (db, s, now) =>
    n(
      await inCommunity(db, s.communityId)
        .innerJoin('checkins as c', 'c.case_id', 'mc.id')
        .where('c.date', '=', shanghaiDate(now))
        .where('c.called_at', 'is', null)
        .where('c.finished_at', 'is', null)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    ),
  repairsOpen: async (db, s) =>
    n(
      await inCommunity(db, s.communityId)
        .innerJoin('defects as df', 'df.case_id', 'mc.id')
        .innerJoin('repair_orders as ro', 'ro.defect_id', 'df.id')
        .where('ro.status', '=', 'open')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    ),
  unpaid: async (db, s) =>
    n(
      // a verified case owes its move-in fees until its bill is paid; the bill row itself is
      // made when first looked at, so a case without one owes them too
      await inCommunity(db, s.communityId)
        .leftJoin('bills as b', 'b.case_id', 'mc.id')
        .where((eb) => eb.or([eb('b.id', 'is', null), eb('b.status', '!=', 'paid')]))
        .where('mc.verified_at', 'is not', null)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst()
    ),
  tasksOpen: async (db, s) => {
    let q = inCommunity(db, s.communityId).innerJoin('followup_tasks as t', 't.case_id', 'mc.id').where('t.status', '=', 'open')
    if (s.role !== 'manager') q = q.where('t.assignee_role', '=', s.role)
    return n(await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())
  }
}

export async function homeCounts(db: Executor, staff: StaffAuth, now: Date): Promise<StaffHomeCounts> {
  const keys = FOR_ROLE[staff.role] ?? []
  const out: StaffHomeCounts = {
    reviewWaiting: null,
    delegatesWaiting: null,
    checkinWaiting: null,
    repairsOpen: null,
    unpaid: null,
    tasksOpen: null,
    alertsOpen: 0
  }
  for (const k of keys) out[k] = await COUNTERS[k](db, staff, now)
  let alerts = db.selectFrom('alerts').where('community_id', '=', staff.communityId).where('resolved_at', 'is', null)
  if (staff.role !== 'manager') alerts = alerts.where((eb) => eb.or([eb('responsible_role', '=', staff.role), eb('staff_user_id', '=', staff.userId)]))
  out.alertsOpen = n(await alerts.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())
  return out
}

/*
 * Reminder the day before the slot: for each active reservation whose slot is tomorrow
 * (Asia/Shanghai), one owner notification (message centre, plus a subscription message when
 * the owner holds a credit for the reminder template) with what to bring, where and when.
 *
 *  1. Once per reservation and slot date: a `scheduler_marks` key
 *     reminder:<reservationId>:<date> is inserted in the same transaction as the notification,
 *     as the transaction's first statement (ON CONFLICT DO NOTHING … RETURNING): a second run
 *     or instance finds the key and sends nothing. A reschedule is a new reservation: it gets
 *     its own reminder.
 *  2. Not before 09:00 Shanghai time: a reminder is not a midnight message.
 *  3. Cancelled or expired reservations, and slots on any other day, get nothing.
 */
import type { Db } from '../../../db/database'
import { addDays, HOUR, shanghaiDate, shanghaiHour } from '../../../lib/time'
import { notifyOwner } from '../../notifications/service'
import { dayText } from '../../reservations/service'
import type { Job } from '../scheduler'

export const REMINDER_FROM_HOUR = 9
const LINK = '/owner/reserve/index'

export async function sendReminders(db: Db, now: Date): Promise<Record<string, number>> {
  if (shanghaiHour(now) < REMINDER_FROM_HOUR) return { sent: 0 }
  const tomorrow = addDays(shanghaiDate(now), 1)
  const rows = await db
    .selectFrom('reservations as r')
    .innerJoin('slots as s', 's.id', 'r.slot_id')
    .innerJoin('move_in_cases as mc', 'mc.id', 'r.case_id')
    .innerJoin('houses as h', 'h.id', 'r.house_id')
    .innerJoin('communities as c', 'c.id', 'h.community_id')
    .leftJoin('batches as bt', (j) => j.onRef('bt.community_id', '=', 'h.community_id').onRef('bt.code', '=', 'h.batch'))
    .select(['r.id', 'r.case_id', 's.date', 's.start_time', 's.end_time', 'h.community_id', 'mc.verified_role', 'c.name as community', 'c.address', 'c.service_place', 'c.service_phone', 'bt.place as batch_place'])
    .where('r.status', '=', 'active')
    .where('s.date', '=', tomorrow)
    .orderBy('r.id')
    .execute()
  if (rows.length === 0) return { sent: 0 }

  const required = new Map<number, string[]>()
  for (const communityId of new Set(rows.map((r) => Number(r.community_id)))) {
    const items = await db
      .selectFrom('checklist_items')
      .select('title')
      .where('community_id', '=', communityId)
      .where('requirement', '=', 'required')
      .orderBy('sort')
      .orderBy('id')
      .execute()
    required.set(communityId, items.map((i) => i.title))
  }

  let sent = 0
  const at = now.toISOString()
  for (const r of rows) {
    const bring = [...(required.get(Number(r.community_id)) ?? ['业主身份证', '购房合同'])]
    if (r.verified_role === 'delegate') bring.push('受托人身份证', '委托书')
    const place = r.batch_place || r.service_place || `${r.community}物业服务中心`
    const where = r.address && !place.includes(r.address) ? `${place}（${r.address}）` : place
    const phone = r.service_phone ? `如有疑问请致电 ${r.service_phone}。` : ''
    const whenText = `${dayText(r.date)}${r.start_time}-${r.end_time}`
    const done = await db.transaction().execute(async (tx) => {
      const mark = await tx
        .insertInto('scheduler_marks')
        .values({ key: `reminder:${r.id}:${r.date}`, at })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .executeTakeFirst()
      if (!mark) return false
      await notifyOwner(tx, {
        caseId: Number(r.case_id),
        kind: 'reservation_reminder',
        title: `明天办理入伙：${whenText}`,
        body: `请于 ${whenText} 到 ${where} 办理入伙。请携带：${bring.join('、')}（原件）。${phone}`,
        link: LINK,
        at: now
      })
      return true
    })
    if (done) sent++
  }
  return { sent }
}

export const reminderJob: Job = {
  name: 'reservation_reminder',
  intervalMs: HOUR,
  run: (ctx) => sendReminders(ctx.db, ctx.now)
}

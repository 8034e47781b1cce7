/*
 * Reads for one house's history (房屋档案). Read-only: every query is scoped by the house's
 * case, and the house itself by the staff member's community. Numbers from PostgreSQL come
 * back as strings or numbers depending on the column, so every id is passed through Number().
 */
import type { Executor } from '../../db/database'

export async function findHouse(db: Executor, houseId: number, communityId: number) {
  const r = await db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['h.id', 'h.unit', 'h.room', 'h.area', 'h.batch', 'h.community_id', 'b.name as building'])
    .where('h.id', '=', houseId)
    .where('h.community_id', '=', communityId)
    .executeTakeFirst()
  return r ? { id: Number(r.id), building: r.building, unit: r.unit, room: r.room, area: Number(r.area), batch: r.batch, communityId: Number(r.community_id) } : null
}

export async function listOwners(db: Executor, houseId: number) {
  return db.selectFrom('registered_owners').select(['name', 'id_cipher']).where('house_id', '=', houseId).orderBy('id').execute()
}

export async function findCase(db: Executor, houseId: number) {
  const r = await db
    .selectFrom('move_in_cases')
    .select(['id', 'verified_at', 'verified_role', 'done_at'])
    .where('house_id', '=', houseId)
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return r ? { id: Number(r.id), verifiedAt: r.verified_at, verifiedRole: r.verified_role, doneAt: r.done_at } : null
}

export async function findDelegate(db: Executor, caseId: number) {
  return db
    .selectFrom('delegates')
    .select(['name', 'id_cipher', 'status'])
    .where('case_id', '=', caseId)
    .orderBy('id', 'desc')
    .executeTakeFirst()
}

export async function listEvents(db: Executor, caseId: number) {
  const rows = await db
    .selectFrom('case_events')
    .select(['id', 'stage', 'from_status', 'to_status', 'actor_type', 'actor_label', 'note', 'at'])
    .where('case_id', '=', caseId)
    .orderBy('at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ ...r, id: Number(r.id) }))
}

export async function listChecklist(db: Executor, communityId: number) {
  return db.selectFrom('checklist_items').select(['code', 'title']).where('community_id', '=', communityId).orderBy('sort').orderBy('id').execute()
}

export async function listSubmissions(db: Executor, caseId: number) {
  return db
    .selectFrom('document_submissions as d')
    .leftJoin('staff_users as su', 'su.id', 'd.reviewed_by')
    .select(['d.item_code', 'd.status', 'd.reason', 'd.submitted_at', 'd.reviewed_at', 'su.display_name as reviewer'])
    .where('d.case_id', '=', caseId)
    .execute()
}

/** Uploads still kept (not deleted), documents and inspection photos alike. */
export async function listUploads(db: Executor, caseId: number) {
  const rows = await db
    .selectFrom('uploads')
    .select(['id', 'item_code', 'purpose', 'mime', 'size', 'page', 'created_at'])
    .where('case_id', '=', caseId)
    .where('deleted_at', 'is', null)
    .orderBy('page')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ ...r, id: Number(r.id), size: Number(r.size), page: Number(r.page) }))
}

export async function listReservations(db: Executor, caseId: number) {
  return db
    .selectFrom('reservations as r')
    .innerJoin('slots as s', 's.id', 'r.slot_id')
    .select(['r.id', 'r.status', 'r.created_at', 'r.cancelled_at', 's.date', 's.start_time', 's.end_time'])
    .where('r.case_id', '=', caseId)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .execute()
}

export async function listCheckins(db: Executor, caseId: number) {
  return db
    .selectFrom('checkins')
    .select(['date', 'queue_no', 'arrived_at', 'called_at', 'finished_at'])
    .where('case_id', '=', caseId)
    .orderBy('arrived_at')
    .execute()
}

export async function findBill(db: Executor, caseId: number) {
  const bill = await db.selectFrom('bills').select(['id', 'status', 'total_cents']).where('case_id', '=', caseId).orderBy('id', 'desc').executeTakeFirst()
  if (!bill) return null
  const billId = Number(bill.id)
  const lines = await db.selectFrom('fee_lines').select(['label', 'amount_cents']).where('bill_id', '=', billId).orderBy('id').execute()
  const orders = await db
    .selectFrom('payment_orders as o')
    .leftJoin('receipts as r', 'r.payment_order_id', 'o.id')
    .select([
      'o.id',
      'o.channel',
      'o.method',
      'o.amount_cents',
      'o.status',
      'o.created_at',
      'o.paid_at',
      'o.created_by',
      'r.id as receipt_id',
      'r.number as receipt_number',
      'r.issued_at as receipt_issued_at',
      'r.amount_cents as receipt_amount_cents'
    ])
    .where('o.bill_id', '=', billId)
    .orderBy('o.created_at')
    .orderBy('o.id')
    .execute()
  return { status: bill.status, totalCents: Number(bill.total_cents), lines, orders }
}

export async function listInspections(db: Executor, caseId: number) {
  return db
    .selectFrom('inspections as i')
    .leftJoin('staff_users as su', 'su.id', 'i.inspector_id')
    .select(['i.id', 'i.round', 'i.status', 'i.result', 'i.started_at', 'i.completed_at', 'i.owner_signed_at', 'su.display_name as inspector'])
    .where('i.case_id', '=', caseId)
    .orderBy('i.round')
    .orderBy('i.id')
    .execute()
}

export async function listDefects(db: Executor, caseId: number) {
  return db
    .selectFrom('defects as d')
    .innerJoin('inspections as i', 'i.id', 'd.inspection_id')
    .select([
      'd.id',
      'i.round',
      'd.room',
      'd.location',
      'd.category',
      'd.severity',
      'd.description',
      'd.status',
      'd.due_date',
      'd.created_at',
      'd.confirmed_at'
    ])
    .where('d.case_id', '=', caseId)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute()
}

export async function listRepairOrders(db: Executor, defectIds: number[]) {
  if (defectIds.length === 0) return []
  return db
    .selectFrom('repair_orders')
    .select(['id', 'defect_id', 'status', 'due_date', 'fixed_at'])
    .where('defect_id', 'in', defectIds)
    .orderBy('id')
    .execute()
}

export async function listDefectPhotos(db: Executor, defectIds: number[]) {
  if (defectIds.length === 0) return []
  return db
    .selectFrom('defect_photos as p')
    .innerJoin('uploads as u', 'u.id', 'p.upload_id')
    .select(['p.defect_id', 'p.kind', 'p.upload_id'])
    .where('p.defect_id', 'in', defectIds)
    .where('u.deleted_at', 'is', null)
    .orderBy('p.id')
    .execute()
}

export async function findHandover(db: Executor, caseId: number) {
  return db
    .selectFrom('key_handovers as k')
    .leftJoin('staff_users as su', 'su.id', 'k.staff_user_id')
    .select(['k.keys', 'k.meters', 'k.handed_at', 'su.display_name as staff'])
    .where('k.case_id', '=', caseId)
    .executeTakeFirst()
}

export async function findSurvey(db: Executor, caseId: number) {
  return db
    .selectFrom('survey_responses')
    .select(['scores', 'comments', 'csi', 'submitted_at'])
    .where('case_id', '=', caseId)
    .orderBy('id', 'desc')
    .executeTakeFirst()
}

export async function listSurveyItems(db: Executor, communityId: number) {
  return db.selectFrom('survey_items').select(['code', 'title']).where('community_id', '=', communityId).orderBy('sort').orderBy('id').execute()
}

export async function listTasks(db: Executor, caseId: number) {
  return db
    .selectFrom('followup_tasks')
    .select(['kind', 'reason', 'due_at', 'assignee_role', 'status', 'closed_at', 'note'])
    .where('case_id', '=', caseId)
    .orderBy('due_at')
    .execute()
}

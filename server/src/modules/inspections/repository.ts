/*
 * SQL of the inspection module. Functions take an Executor (db or transaction) and return
 * plain numbers/strings so both dialects look the same.
 */
import type { Executor } from '../../db/database'
import { houseLabel } from '../../core/houses'
import type {
  DefectCategory,
  DefectSeverity,
  DefectStatus,
  InspectionItemResult,
  InspectionMeterKind,
  InspectionResult,
  InspectionStatus,
  RepairStatus
} from '../../../../types/inspections'

export interface CaseRef {
  caseId: number
  houseId: number
  communityId: number
  houseLabel: string
}

/** A case of `communityId` (staff see only their own community), or null. */
export async function findCaseInCommunity(db: Executor, caseId: number, communityId: number): Promise<CaseRef | null> {
  const r = await db
    .selectFrom('move_in_cases as mc')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['mc.id', 'h.id as house_id', 'h.community_id', 'b.name as building', 'h.unit', 'h.room'])
    .where('mc.id', '=', caseId)
    .where('h.community_id', '=', communityId)
    .executeTakeFirst()
  return r ? { caseId: Number(r.id), houseId: Number(r.house_id), communityId: Number(r.community_id), houseLabel: houseLabel(r) } : null
}

export async function findCaseRef(db: Executor, caseId: number): Promise<CaseRef | null> {
  const r = await db
    .selectFrom('move_in_cases as mc')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['mc.id', 'h.id as house_id', 'h.community_id', 'b.name as building', 'h.unit', 'h.room'])
    .where('mc.id', '=', caseId)
    .executeTakeFirst()
  return r ? { caseId: Number(r.id), houseId: Number(r.house_id), communityId: Number(r.community_id), houseLabel: houseLabel(r) } : null
}

export interface InspectionRow {
  id: number
  caseId: number
  round: number
  inspectorId: number | null
  status: InspectionStatus
  result: InspectionResult | null
  startedAt: string
  completedAt: string | null
  ownerSignatureKey: string | null
  ownerSignedAt: string | null
}

const INSPECTION_COLUMNS = [
  'id',
  'case_id',
  'round',
  'inspector_id',
  'status',
  'result',
  'started_at',
  'completed_at',
  'owner_signature_key',
  'owner_signed_at'
] as const

function toInspection(r: {
  id: number
  case_id: number
  round: number
  inspector_id: number | null
  status: string
  result: string | null
  started_at: string
  completed_at: string | null
  owner_signature_key: string | null
  owner_signed_at: string | null
}): InspectionRow {
  return {
    id: Number(r.id),
    caseId: Number(r.case_id),
    round: Number(r.round),
    inspectorId: r.inspector_id === null ? null : Number(r.inspector_id),
    status: r.status === 'completed' ? 'completed' : 'in_progress',
    result: r.result === 'passed' || r.result === 'defects' ? r.result : null,
    startedAt: r.started_at,
    completedAt: r.completed_at,
    ownerSignatureKey: r.owner_signature_key,
    ownerSignedAt: r.owner_signed_at
  }
}

export async function findInspection(db: Executor, id: number): Promise<InspectionRow | null> {
  const r = await db.selectFrom('inspections').select(INSPECTION_COLUMNS).where('id', '=', id).executeTakeFirst()
  return r ? toInspection(r) : null
}

export async function listInspections(db: Executor, caseId: number): Promise<InspectionRow[]> {
  const rows = await db.selectFrom('inspections').select(INSPECTION_COLUMNS).where('case_id', '=', caseId).orderBy('round').execute()
  return rows.map(toInspection)
}

export async function latestInspection(db: Executor, caseId: number): Promise<InspectionRow | null> {
  const r = await db
    .selectFrom('inspections')
    .select(INSPECTION_COLUMNS)
    .where('case_id', '=', caseId)
    .orderBy('round', 'desc')
    .executeTakeFirst()
  return r ? toInspection(r) : null
}

/** Inserts round `round`; null when that round already exists (a concurrent start won). */
export async function insertInspection(db: Executor, v: { caseId: number; round: number; inspectorId: number; at: string }): Promise<number | null> {
  const r = await db
    .insertInto('inspections')
    .values({
      case_id: v.caseId,
      round: v.round,
      inspector_id: v.inspectorId,
      status: 'in_progress',
      result: null,
      started_at: v.at,
      completed_at: null,
      owner_signature_key: null,
      owner_signed_at: null
    })
    .onConflict((oc) => oc.columns(['case_id', 'round']).doNothing())
    .returning('id')
    .executeTakeFirst()
  return r ? Number(r.id) : null
}

/** Closes an open round; false when it was no longer open (someone else completed it). */
export async function completeInspection(db: Executor, id: number, result: InspectionResult, at: string): Promise<boolean> {
  const r = await db
    .updateTable('inspections')
    .set({ status: 'completed', result, completed_at: at })
    .where('id', '=', id)
    .where('status', '=', 'in_progress')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function signInspection(db: Executor, id: number, key: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable('inspections')
    .set({ owner_signature_key: key, owner_signed_at: at })
    .where('id', '=', id)
    .where('owner_signed_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function inspectorName(db: Executor, userId: number | null): Promise<string | null> {
  if (userId === null) return null
  const r = await db.selectFrom('staff_users').select('display_name').where('id', '=', userId).executeTakeFirst()
  return r?.display_name ?? null
}

// ---------------------------------------------------------------------------------------
// Template

export async function loadTemplate(db: Executor, communityId: number): Promise<{ room: string; items: string[] }[]> {
  const rows = await db
    .selectFrom('inspection_templates')
    .select(['room', 'item'])
    .where('community_id', '=', communityId)
    .orderBy('sort')
    .orderBy('id')
    .execute()
  const rooms: { room: string; items: string[] }[] = []
  for (const r of rows) {
    let room = rooms.find((x) => x.room === r.room)
    if (!room) rooms.push((room = { room: r.room, items: [] }))
    if (!room.items.includes(r.item)) room.items.push(r.item)
  }
  return rooms
}

// ---------------------------------------------------------------------------------------
// Item results (append-only: the latest row per room + item is the current result)

export interface ItemRow {
  id: number
  inspectionId: number
  room: string
  item: string
  result: InspectionItemResult
  note: string | null
  idempotencyKey: string | null
  createdAt: string
}

function toItem(r: { id: number; inspection_id: number; room: string; item: string; result: string; note: string | null; idempotency_key: string | null; created_at: string }): ItemRow {
  return {
    id: Number(r.id),
    inspectionId: Number(r.inspection_id),
    room: r.room,
    item: r.item,
    result: r.result === 'fail' ? 'fail' : 'pass',
    note: r.note,
    idempotencyKey: r.idempotency_key,
    createdAt: r.created_at
  }
}

const ITEM_COLUMNS = ['id', 'inspection_id', 'room', 'item', 'result', 'note', 'idempotency_key', 'created_at'] as const

export async function findItemByKey(db: Executor, key: string): Promise<ItemRow | null> {
  const r = await db.selectFrom('inspection_results').select(ITEM_COLUMNS).where('idempotency_key', '=', key).executeTakeFirst()
  return r ? toItem(r) : null
}

/** Inserts unless the key exists; returns the row with that key either way and whether it is new. */
export async function insertItem(
  db: Executor,
  v: { inspectionId: number; room: string; item: string; result: InspectionItemResult; note: string | null; key: string; at: string }
): Promise<{ row: ItemRow; created: boolean }> {
  const r = await db
    .insertInto('inspection_results')
    .values({ inspection_id: v.inspectionId, room: v.room, item: v.item, result: v.result, note: v.note, idempotency_key: v.key, created_at: v.at })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst()
  const row = await findItemByKey(db, v.key)
  if (!row) throw new Error('inspection result insert failed')
  return { row, created: r !== undefined }
}

export async function listItems(db: Executor, inspectionIds: number[]): Promise<ItemRow[]> {
  if (inspectionIds.length === 0) return []
  const rows = await db.selectFrom('inspection_results').select(ITEM_COLUMNS).where('inspection_id', 'in', inspectionIds).orderBy('id').execute()
  return rows.map(toItem)
}

// ---------------------------------------------------------------------------------------
// Uploads used as inspection photos

/** The live inspection photos among `ids` that belong to `caseId`. */
export async function findCasePhotos(db: Executor, caseId: number, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('uploads')
    .select('id')
    .where('id', 'in', ids)
    .where('case_id', '=', caseId)
    .where('purpose', '=', 'inspection')
    .where('deleted_at', 'is', null)
    .execute()
  return rows.map((r) => Number(r.id))
}

export async function insertPhotoUpload(
  db: Executor,
  v: { caseId: number; storageKey: string; mime: string; size: number; sha256: string; uploadedBy: string; at: string }
): Promise<number> {
  const r = await db
    .insertInto('uploads')
    .values({
      case_id: v.caseId,
      item_code: null,
      purpose: 'inspection',
      storage_key: v.storageKey,
      mime: v.mime,
      size: v.size,
      sha256: v.sha256,
      page: 1,
      uploaded_by: v.uploadedBy,
      created_at: v.at,
      deleted_at: null
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

/** An inspection photo of a case in `communityId` (staff viewing), or null. */
export async function findStaffPhoto(db: Executor, uploadId: number, communityId: number) {
  const r = await db
    .selectFrom('uploads as u')
    .innerJoin('move_in_cases as mc', 'mc.id', 'u.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .select(['u.storage_key', 'u.mime'])
    .where('u.id', '=', uploadId)
    .where('u.purpose', '=', 'inspection')
    .where('u.deleted_at', 'is', null)
    .where('h.community_id', '=', communityId)
    .executeTakeFirst()
  return r ? { storageKey: r.storage_key, mime: r.mime } : null
}

// ---------------------------------------------------------------------------------------
// Defects, photos, repair orders

export interface DefectRow {
  id: number
  inspectionId: number
  round: number
  caseId: number
  room: string
  location: string
  category: DefectCategory
  severity: DefectSeverity
  description: string
  status: DefectStatus
  idempotencyKey: string | null
  dueDate: string | null
  createdAt: string
  confirmedAt: string | null
  repairId: number | null
  repairStatus: RepairStatus | null
  repairCreatedAt: string | null
  fixedAt: string | null
  fixNote: string | null
  contractorId: number | null
  contractorName: string | null
  verifiedAt: string | null
  reopenedCount: number
  rejectReason: string | null
  beforePhotoIds: number[]
  afterPhotoIds: number[]
}

function defectQuery(db: Executor) {
  return db
    .selectFrom('defects as d')
    .innerJoin('inspections as i', 'i.id', 'd.inspection_id')
    .leftJoin('repair_orders as ro', 'ro.defect_id', 'd.id')
    .leftJoin('contractors as ct', 'ct.id', 'ro.contractor_id')
    .select([
      'd.id',
      'd.inspection_id',
      'i.round',
      'd.case_id',
      'd.room',
      'd.location',
      'd.category',
      'd.severity',
      'd.description',
      'd.status',
      'd.idempotency_key',
      'd.due_date',
      'd.created_at',
      'd.confirmed_at',
      'ro.id as repair_id',
      'ro.status as repair_status',
      'ro.created_at as repair_created_at',
      'ro.fixed_at',
      'ro.note as fix_note',
      'ro.contractor_id',
      'ct.name as contractor_name',
      'ro.verified_at',
      'ro.reopened_count',
      'ro.reject_reason'
    ])
}

async function withPhotos(db: Executor, rows: Awaited<ReturnType<ReturnType<typeof defectQuery>['execute']>>): Promise<DefectRow[]> {
  const ids = rows.map((r) => Number(r.id))
  const photos = ids.length
    ? await db.selectFrom('defect_photos').select(['defect_id', 'upload_id', 'kind']).where('defect_id', 'in', ids).orderBy('id').execute()
    : []
  return rows.map((r) => {
    const mine = photos.filter((p) => Number(p.defect_id) === Number(r.id))
    return {
      id: Number(r.id),
      inspectionId: Number(r.inspection_id),
      round: Number(r.round),
      caseId: Number(r.case_id),
      room: r.room,
      location: r.location,
      category: r.category as DefectCategory,
      severity: r.severity as DefectSeverity,
      description: r.description,
      status: (r.status === 'fixed' || r.status === 'confirmed' ? r.status : 'open') as DefectStatus,
      idempotencyKey: r.idempotency_key,
      dueDate: r.due_date,
      createdAt: r.created_at,
      confirmedAt: r.confirmed_at,
      repairId: r.repair_id === null ? null : Number(r.repair_id),
      repairStatus: r.repair_status === null ? null : r.repair_status === 'fixed' ? 'fixed' : 'open',
      repairCreatedAt: r.repair_created_at,
      fixedAt: r.fixed_at,
      fixNote: r.fix_note,
      contractorId: r.contractor_id === null ? null : Number(r.contractor_id),
      contractorName: r.contractor_name,
      verifiedAt: r.verified_at,
      reopenedCount: Number(r.reopened_count ?? 0),
      rejectReason: r.reject_reason,
      beforePhotoIds: mine.filter((p) => p.kind === 'before').map((p) => Number(p.upload_id)),
      afterPhotoIds: mine.filter((p) => p.kind === 'after').map((p) => Number(p.upload_id))
    }
  })
}

export async function listDefects(db: Executor, caseId: number): Promise<DefectRow[]> {
  const rows = await defectQuery(db).where('d.case_id', '=', caseId).orderBy('i.round').orderBy('d.id').execute()
  return withPhotos(db, rows)
}

export async function findDefect(db: Executor, id: number): Promise<DefectRow | null> {
  const rows = await defectQuery(db).where('d.id', '=', id).execute()
  return (await withPhotos(db, rows))[0] ?? null
}

export async function findDefectByKey(db: Executor, key: string): Promise<DefectRow | null> {
  const rows = await defectQuery(db).where('d.idempotency_key', '=', key).execute()
  return (await withPhotos(db, rows))[0] ?? null
}

/** Inserts the defect and its before photos unless the key exists; returns the keyed defect id and whether it is new. */
export async function insertDefect(
  db: Executor,
  v: {
    inspectionId: number
    caseId: number
    room: string
    location: string
    category: DefectCategory
    severity: DefectSeverity
    description: string
    key: string
    photoIds: number[]
    at: string
  }
): Promise<{ id: number; created: boolean }> {
  const r = await db
    .insertInto('defects')
    .values({
      inspection_id: v.inspectionId,
      case_id: v.caseId,
      room: v.room,
      location: v.location,
      category: v.category,
      severity: v.severity,
      description: v.description,
      status: 'open',
      idempotency_key: v.key,
      due_date: null,
      created_at: v.at,
      updated_at: v.at,
      confirmed_at: null
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!r) {
    const existing = await db.selectFrom('defects').select('id').where('idempotency_key', '=', v.key).executeTakeFirstOrThrow()
    return { id: Number(existing.id), created: false }
  }
  const id = Number(r.id)
  for (const uploadId of v.photoIds) {
    await db.insertInto('defect_photos').values({ defect_id: id, upload_id: uploadId, kind: 'before' }).execute()
  }
  return { id, created: true }
}

export async function setDefectDue(db: Executor, id: number, dueDate: string, at: string) {
  await db.updateTable('defects').set({ due_date: dueDate, updated_at: at }).where('id', '=', id).execute()
}

export async function insertRepairOrder(db: Executor, v: { defectId: number; dueDate: string; at: string }): Promise<number> {
  const r = await db
    .insertInto('repair_orders')
    .values({ defect_id: v.defectId, due_date: v.dueDate, status: 'open', fixed_at: null, fixed_by: null, created_at: v.at, note: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

/**
 * Marks an open repair order fixed; false when it was not open any more. `defectToo` false
 * (a contractor's fix, awaiting the inspector's verification) leaves the defect open.
 */
export async function markRepairFixed(
  db: Executor,
  v: { repairId: number; defectId: number; staffId: number; note: string | null; photoId: number; at: string; defectToo?: boolean }
): Promise<boolean> {
  const r = await db
    .updateTable('repair_orders')
    .set({ status: 'fixed', fixed_at: v.at, fixed_by: v.staffId, note: v.note })
    .where('id', '=', v.repairId)
    .where('status', '=', 'open')
    .executeTakeFirst()
  if (Number(r.numUpdatedRows) !== 1) return false
  if (v.defectToo !== false) {
    await db.updateTable('defects').set({ status: 'fixed', updated_at: v.at }).where('id', '=', v.defectId).where('status', '=', 'open').execute()
  }
  await db.insertInto('defect_photos').values({ defect_id: v.defectId, upload_id: v.photoId, kind: 'after' }).execute()
  return true
}

/** The inspector accepts a contractor's reported fix: the defect goes to the owner. False when not awaiting verification. */
export async function acceptRepair(db: Executor, v: { repairId: number; defectId: number; staffId: number; at: string }): Promise<boolean> {
  const r = await db
    .updateTable('repair_orders')
    .set({ verified_at: v.at, verified_by: v.staffId })
    .where('id', '=', v.repairId)
    .where('status', '=', 'fixed')
    .where('verified_at', 'is', null)
    .executeTakeFirst()
  if (Number(r.numUpdatedRows) !== 1) return false
  await db.updateTable('defects').set({ status: 'fixed', updated_at: v.at }).where('id', '=', v.defectId).where('status', '=', 'open').execute()
  return true
}

/**
 * The inspector rejects a reported fix: the order reopens (its due date stays, so it can be
 * overdue), the rejection is counted, and the rejected after photos are kept as evidence
 * under kind 'rejected' (no longer shown as the fix). False when not awaiting verification.
 */
export async function rejectRepair(db: Executor, v: { repairId: number; defectId: number; reason: string; at: string }): Promise<boolean> {
  const r = await db
    .updateTable('repair_orders')
    .set((eb) => ({ status: 'open', fixed_at: null, fixed_by: null, reject_reason: v.reason, reopened_count: eb('reopened_count', '+', 1) }))
    .where('id', '=', v.repairId)
    .where('status', '=', 'fixed')
    .where('verified_at', 'is', null)
    .executeTakeFirst()
  if (Number(r.numUpdatedRows) !== 1) return false
  await db.updateTable('defect_photos').set({ kind: 'rejected' }).where('defect_id', '=', v.defectId).where('kind', '=', 'after').execute()
  await db.updateTable('defects').set({ updated_at: v.at }).where('id', '=', v.defectId).execute()
  return true
}

/** The owner accepts a fix; false when the defect was not in `fixed`. */
export async function confirmDefect(db: Executor, id: number, at: string): Promise<boolean> {
  const r = await db
    .updateTable('defects')
    .set({ status: 'confirmed', confirmed_at: at, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'fixed')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export interface RepairListRow {
  repairId: number
  caseId: number
  houseLabel: string
}

/** Repair orders of a community (newest due first among open ones). */
export async function listRepairs(db: Executor, communityId: number, status: 'open' | 'fixed' | 'all'): Promise<{ repairId: number; defectId: number; caseId: number; houseLabel: string }[]> {
  let q = db
    .selectFrom('repair_orders as ro')
    .innerJoin('defects as d', 'd.id', 'ro.defect_id')
    .innerJoin('move_in_cases as mc', 'mc.id', 'd.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['ro.id', 'd.id as defect_id', 'mc.id as case_id', 'b.name as building', 'h.unit', 'h.room'])
    .where('h.community_id', '=', communityId)
  if (status !== 'all') q = q.where('ro.status', '=', status)
  const rows = await q.orderBy('ro.due_date').orderBy('ro.id').limit(500).execute()
  return rows.map((r) => ({ repairId: Number(r.id), defectId: Number(r.defect_id), caseId: Number(r.case_id), houseLabel: houseLabel(r) }))
}

export async function findRepairInCommunity(db: Executor, repairId: number, communityId: number) {
  const r = await db
    .selectFrom('repair_orders as ro')
    .innerJoin('defects as d', 'd.id', 'ro.defect_id')
    .innerJoin('move_in_cases as mc', 'mc.id', 'd.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['ro.id', 'ro.status', 'ro.contractor_id', 'ro.verified_at', 'd.id as defect_id', 'mc.id as case_id', 'b.name as building', 'h.unit', 'h.room'])
    .where('ro.id', '=', repairId)
    .where('h.community_id', '=', communityId)
    .executeTakeFirst()
  return r
    ? {
        repairId: Number(r.id),
        status: r.status === 'fixed' ? ('fixed' as const) : ('open' as const),
        contractorId: r.contractor_id === null ? null : Number(r.contractor_id),
        verifiedAt: r.verified_at,
        defectId: Number(r.defect_id),
        caseId: Number(r.case_id),
        houseLabel: houseLabel(r)
      }
    : null
}

// ---------------------------------------------------------------------------------------
// Meter readings

export interface MeterRow {
  id: number
  caseId: number
  kind: InspectionMeterKind
  value: number
  photoUploadId: number | null
  idempotencyKey: string | null
  createdAt: string
}

const METER_COLUMNS = ['id', 'case_id', 'kind', 'value', 'photo_upload_id', 'idempotency_key', 'created_at'] as const

function toMeter(r: { id: number; case_id: number; kind: string; value: number; photo_upload_id: number | null; idempotency_key: string | null; created_at: string }): MeterRow {
  return {
    id: Number(r.id),
    caseId: Number(r.case_id),
    kind: r.kind as InspectionMeterKind,
    value: Number(r.value),
    photoUploadId: r.photo_upload_id === null ? null : Number(r.photo_upload_id),
    idempotencyKey: r.idempotency_key,
    createdAt: r.created_at
  }
}

export async function findMeterByKey(db: Executor, key: string): Promise<MeterRow | null> {
  const r = await db.selectFrom('meter_readings').select(METER_COLUMNS).where('idempotency_key', '=', key).executeTakeFirst()
  return r ? toMeter(r) : null
}

export async function insertMeter(
  db: Executor,
  v: { caseId: number; kind: InspectionMeterKind; value: number; photoId: number | null; key: string; staffId: number; at: string }
): Promise<{ row: MeterRow; created: boolean }> {
  const r = await db
    .insertInto('meter_readings')
    .values({ case_id: v.caseId, kind: v.kind, value: v.value, photo_upload_id: v.photoId, idempotency_key: v.key, recorded_by: v.staffId, created_at: v.at })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst()
  const row = await findMeterByKey(db, v.key)
  if (!row) throw new Error('meter reading insert failed')
  return { row, created: r !== undefined }
}

export async function listMeters(db: Executor, caseId: number): Promise<MeterRow[]> {
  const rows = await db.selectFrom('meter_readings').select(METER_COLUMNS).where('case_id', '=', caseId).orderBy('id').execute()
  return rows.map(toMeter)
}

// ---------------------------------------------------------------------------------------
// Queue

/** Checked-in cases of a community (latest check-in per case). */
export async function listCheckedIn(db: Executor, communityId: number) {
  const rows = await db
    .selectFrom('checkins as c')
    .innerJoin('move_in_cases as mc', 'mc.id', 'c.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['c.case_id', 'c.date', 'c.queue_no', 'b.name as building', 'h.unit', 'h.room'])
    .where('h.community_id', '=', communityId)
    .orderBy('c.date', 'desc')
    .orderBy('c.queue_no')
    .limit(2000)
    .execute()
  const seen = new Map<number, { caseId: number; date: string; queueNo: number; houseLabel: string }>()
  for (const r of rows) {
    const caseId = Number(r.case_id)
    if (!seen.has(caseId)) seen.set(caseId, { caseId, date: r.date, queueNo: Number(r.queue_no), houseLabel: houseLabel(r) })
  }
  return [...seen.values()]
}

export async function inspectionsOfCases(db: Executor, caseIds: number[]): Promise<InspectionRow[]> {
  if (caseIds.length === 0) return []
  const rows = await db.selectFrom('inspections').select(INSPECTION_COLUMNS).where('case_id', 'in', caseIds).orderBy('round').execute()
  return rows.map(toInspection)
}

export async function defectStatusesOfCases(db: Executor, caseIds: number[]) {
  if (caseIds.length === 0) return []
  const rows = await db.selectFrom('defects').select(['case_id', 'status']).where('case_id', 'in', caseIds).execute()
  return rows.map((r) => ({ caseId: Number(r.case_id), status: r.status }))
}

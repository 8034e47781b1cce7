/*
 * SQL of the contractors module: the contractors of a community, the assignment of repair
 * orders to them, and what their rectification notice (整改通知单) lists.
 */
import type { Executor } from '../../db/database'
import { houseLabel } from '../../core/houses'
import { DEFECT_CATEGORIES, type DefectCategory } from '../../../../types/inspections'
import type { ContractorRepairFacts } from '../../../../types/contractors'

export interface ContractorRow {
  id: number
  communityId: number
  name: string
  trades: DefectCategory[]
  contactName: string
  contactPhone: string
  active: boolean
  createdAt: string
}

const COLUMNS = ['id', 'community_id', 'name', 'trades', 'contact_name', 'contact_phone', 'active', 'created_at'] as const

function parseTrades(text: string): DefectCategory[] {
  try {
    const v = JSON.parse(text) as unknown
    return Array.isArray(v) ? (v.filter((x) => (DEFECT_CATEGORIES as readonly unknown[]).includes(x)) as DefectCategory[]) : []
  } catch {
    return []
  }
}

function toRow(r: { id: number; community_id: number; name: string; trades: string; contact_name: string; contact_phone: string; active: number; created_at: string }): ContractorRow {
  return {
    id: Number(r.id),
    communityId: Number(r.community_id),
    name: r.name,
    trades: parseTrades(r.trades),
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    active: Number(r.active) === 1,
    createdAt: r.created_at
  }
}

export async function listContractors(db: Executor, communityId: number): Promise<ContractorRow[]> {
  const rows = await db.selectFrom('contractors').select(COLUMNS).where('community_id', '=', communityId).orderBy('active', 'desc').orderBy('name').orderBy('id').execute()
  return rows.map(toRow)
}

/** A contractor of `communityId`, or null (another community's is not found). */
export async function findContractor(db: Executor, id: number, communityId: number): Promise<ContractorRow | null> {
  const r = await db.selectFrom('contractors').select(COLUMNS).where('id', '=', id).where('community_id', '=', communityId).executeTakeFirst()
  return r ? toRow(r) : null
}

export async function nameTaken(db: Executor, communityId: number, name: string, exceptId: number | null): Promise<boolean> {
  let q = db.selectFrom('contractors').select('id').where('community_id', '=', communityId).where('name', '=', name)
  if (exceptId !== null) q = q.where('id', '!=', exceptId)
  return (await q.executeTakeFirst()) !== undefined
}

export async function insertContractor(
  db: Executor,
  v: { communityId: number; name: string; trades: DefectCategory[]; contactName: string; contactPhone: string; active: boolean; at: string }
): Promise<number> {
  const r = await db
    .insertInto('contractors')
    .values({
      community_id: v.communityId,
      name: v.name,
      trades: JSON.stringify(v.trades),
      contact_name: v.contactName,
      contact_phone: v.contactPhone,
      active: v.active ? 1 : 0,
      created_at: v.at,
      updated_at: v.at
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

export async function updateContractor(
  db: Executor,
  id: number,
  v: { name?: string; trades?: DefectCategory[]; contactName?: string; contactPhone?: string; active?: boolean; at: string }
) {
  await db
    .updateTable('contractors')
    .set({
      ...(v.name !== undefined ? { name: v.name } : {}),
      ...(v.trades !== undefined ? { trades: JSON.stringify(v.trades) } : {}),
      ...(v.contactName !== undefined ? { contact_name: v.contactName } : {}),
      ...(v.contactPhone !== undefined ? { contact_phone: v.contactPhone } : {}),
      ...(v.active !== undefined ? { active: v.active ? 1 : 0 } : {}),
      updated_at: v.at
    })
    .where('id', '=', id)
    .execute()
}

function communityRepairs(db: Executor, communityId: number) {
  return db
    .selectFrom('repair_orders as ro')
    .innerJoin('defects as d', 'd.id', 'ro.defect_id')
    .innerJoin('move_in_cases as mc', 'mc.id', 'd.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .where('h.community_id', '=', communityId)
}

/** Every assigned repair order of the community, as counted for its contractor. */
export async function assignedRepairs(db: Executor, communityId: number): Promise<(ContractorRepairFacts & { contractorId: number })[]> {
  const rows = await communityRepairs(db, communityId)
    .select(['ro.contractor_id', 'ro.status', 'ro.due_date', 'ro.fixed_at', 'ro.verified_at', 'ro.reopened_count'])
    .where('ro.contractor_id', 'is not', null)
    .execute()
  return rows.map((r) => ({
    contractorId: Number(r.contractor_id),
    status: r.status,
    dueDate: r.due_date,
    fixedAt: r.fixed_at,
    verifiedAt: r.verified_at,
    reopenedCount: Number(r.reopened_count)
  }))
}

export interface AssignableRepair {
  repairId: number
  defectId: number
  status: string
  verifiedAt: string | null
  contractorId: number | null
  dueDate: string | null
}

/** The repair order of a defect of `communityId`; `defect` tells a missing defect from one without an order yet. */
export async function repairOfDefect(db: Executor, defectId: number, communityId: number): Promise<{ defect: boolean; repair: AssignableRepair | null }> {
  const d = await db
    .selectFrom('defects as d')
    .innerJoin('move_in_cases as mc', 'mc.id', 'd.case_id')
    .innerJoin('houses as h', 'h.id', 'mc.house_id')
    .leftJoin('repair_orders as ro', 'ro.defect_id', 'd.id')
    .select(['d.id', 'ro.id as repair_id', 'ro.status', 'ro.verified_at', 'ro.contractor_id', 'ro.due_date'])
    .where('d.id', '=', defectId)
    .where('h.community_id', '=', communityId)
    .executeTakeFirst()
  if (!d) return { defect: false, repair: null }
  if (d.repair_id === null) return { defect: true, repair: null }
  return {
    defect: true,
    repair: {
      repairId: Number(d.repair_id),
      defectId: Number(d.id),
      status: d.status ?? 'open',
      verifiedAt: d.verified_at,
      contractorId: d.contractor_id === null ? null : Number(d.contractor_id),
      dueDate: d.due_date
    }
  }
}

/**
 * Open repair orders of the community for a batch: the listed defects (any contractor), or
 * the unassigned ones matching the category and building filters.
 */
export async function batchCandidates(
  db: Executor,
  communityId: number,
  f: { category?: string; building?: number; defectIds?: number[] }
): Promise<{ repairId: number; defectId: number }[]> {
  let q = communityRepairs(db, communityId).select(['ro.id', 'd.id as defect_id']).where('ro.status', '=', 'open')
  if (f.defectIds) q = q.where('d.id', 'in', f.defectIds)
  else q = q.where('ro.contractor_id', 'is', null)
  if (f.category) q = q.where('d.category', '=', f.category)
  if (f.building) q = q.where('h.building_id', '=', f.building)
  const rows = await q.orderBy('ro.id').limit(2000).execute()
  return rows.map((r) => ({ repairId: Number(r.id), defectId: Number(r.defect_id) }))
}

/** Assigns open orders; a due date, when given, replaces theirs (and the defect's copy). Returns the ids assigned. */
export async function assign(db: Executor, v: { repairIds: number[]; contractorId: number; dueDate: string | null; at: string }): Promise<number[]> {
  if (v.repairIds.length === 0) return []
  const rows = await db
    .updateTable('repair_orders')
    .set({ contractor_id: v.contractorId, assigned_at: v.at, ...(v.dueDate ? { due_date: v.dueDate } : {}) })
    .where('id', 'in', v.repairIds)
    .where('status', '=', 'open')
    .returning(['id', 'defect_id'])
    .execute()
  if (v.dueDate && rows.length > 0) {
    await db
      .updateTable('defects')
      .set({ due_date: v.dueDate, updated_at: v.at })
      .where(
        'id',
        'in',
        rows.map((r) => Number(r.defect_id))
      )
      .execute()
  }
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b)
}

export interface NoticeItemRow {
  repairId: number
  defectId: number
  houseLabel: string
  room: string
  location: string
  category: string
  severity: string
  description: string
  dueDate: string | null
  reopenedCount: number
  rejectReason: string | null
  photos: { storageKey: string; mime: string }[]
}

/** A contractor's open items (not yet reported fixed, rejected ones included), by house, with their before photos. */
export async function noticeItems(db: Executor, communityId: number, contractorId: number): Promise<NoticeItemRow[]> {
  const rows = await communityRepairs(db, communityId)
    .select([
      'ro.id',
      'd.id as defect_id',
      'b.name as building',
      'h.unit',
      'h.room as house_room',
      'd.room',
      'd.location',
      'd.category',
      'd.severity',
      'd.description',
      'ro.due_date',
      'ro.reopened_count',
      'ro.reject_reason'
    ])
    .where('ro.contractor_id', '=', contractorId)
    .where('ro.status', '=', 'open')
    .orderBy('b.sort')
    .orderBy('h.unit')
    .orderBy('h.room')
    .orderBy('ro.id')
    .limit(1000)
    .execute()
  const ids = rows.map((r) => Number(r.defect_id))
  const photos = ids.length
    ? await db
        .selectFrom('defect_photos as p')
        .innerJoin('uploads as u', 'u.id', 'p.upload_id')
        .select(['p.defect_id', 'u.storage_key', 'u.mime'])
        .where('p.defect_id', 'in', ids)
        .where('p.kind', '=', 'before')
        .where('u.deleted_at', 'is', null)
        .orderBy('p.id')
        .execute()
    : []
  return rows.map((r) => ({
    repairId: Number(r.id),
    defectId: Number(r.defect_id),
    houseLabel: houseLabel({ building: r.building, unit: r.unit, room: r.house_room }),
    room: r.room,
    location: r.location,
    category: r.category,
    severity: r.severity,
    description: r.description,
    dueDate: r.due_date,
    reopenedCount: Number(r.reopened_count),
    rejectReason: r.reject_reason,
    photos: photos.filter((p) => Number(p.defect_id) === Number(r.defect_id)).map((p) => ({ storageKey: p.storage_key, mime: p.mime }))
  }))
}

export async function buildings(db: Executor, communityId: number): Promise<{ id: number; name: string }[]> {
  const rows = await db.selectFrom('buildings').select(['id', 'name']).where('community_id', '=', communityId).orderBy('sort').orderBy('id').execute()
  return rows.map((r) => ({ id: Number(r.id), name: r.name }))
}

export async function communityName(db: Executor, communityId: number): Promise<string> {
  const r = await db.selectFrom('communities').select('name').where('id', '=', communityId).executeTakeFirst()
  return r?.name ?? ''
}

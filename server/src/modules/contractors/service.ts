/*
 * Contractors (施工单位) of a community and the assignment of repair orders to them.
 *
 * Edge cases (each has a test in test/server/contractors.test.ts):
 *  1. Another community's contractor, defect or repair order is not found (404).
 *  2. Only open repair orders are (re)assigned: one reported fixed or accepted is a 409, and
 *     a defect whose round is not completed yet has no order to assign (409).
 *  3. A batch by category / building takes only unassigned orders (it never takes another
 *     contractor's items); a batch by defect ids reassigns exactly those.
 *  4. An inactive contractor cannot receive items (409); its items stay its own.
 *  5. The notice lists only that contractor's open items (rejected ones included, reported
 *     fixed ones not: they wait for the inspector).
 * The verification of a reported fix lives with the repair flow (inspections/service.ts, edge case 6).
 */
import type { Db } from '../../db/database'
import type { AppConfig } from '../../config'
import { ApiError } from '../../errors'
import type { StaffAuth } from '../../plugins/auth'
import { shanghaiDate } from '../../lib/time'
import { audit } from '../../core/audit'
import type { Storage } from '../uploads/storage'
import {
  contractorStats,
  type Contractor,
  type ContractorBatchAssignRequest,
  type ContractorBatchAssignResponse,
  type ContractorCreateRequest,
  type ContractorListResponse,
  type ContractorUpdateRequest,
  type DefectAssignRequest,
  type DefectAssignResponse
} from '../../../../types/contractors'
import * as repo from './repository'
import { renderContractorNotice } from './pdf'

export interface Deps {
  db: Db
  config: AppConfig
  storage: Storage
}

const dateOf = (iso: string) => shanghaiDate(new Date(iso))

async function mine(db: Db, staff: StaffAuth, id: number): Promise<repo.ContractorRow> {
  const c = await repo.findContractor(db, id, staff.communityId)
  if (!c) throw new ApiError(404, 'NOT_FOUND', '未找到该施工单位')
  return c
}

export async function list(deps: Deps, staff: StaffAuth): Promise<ContractorListResponse> {
  const { db, config } = deps
  const today = shanghaiDate(config.now())
  const [rows, repairs, buildings] = await Promise.all([
    repo.listContractors(db, staff.communityId),
    repo.assignedRepairs(db, staff.communityId),
    repo.buildings(db, staff.communityId)
  ])
  return {
    buildings,
    items: rows.map((c) => toContractor(c, contractorStats(repairs.filter((r) => r.contractorId === c.id), today, dateOf)))
  }
}

function toContractor(c: repo.ContractorRow, stats: Contractor['stats']): Contractor {
  return { id: c.id, name: c.name, trades: c.trades, contactName: c.contactName, contactPhone: c.contactPhone, active: c.active, stats, createdAt: c.createdAt }
}

async function one(deps: Deps, staff: StaffAuth, id: number): Promise<Contractor> {
  const c = (await list(deps, staff)).items.find((x) => x.id === id)
  if (!c) throw new ApiError(404, 'NOT_FOUND', '未找到该施工单位')
  return c
}

const nameTaken = () => new ApiError(409, 'CONFLICT', '本小区已有同名施工单位')
/** The look-up above is for the message; two saves of one name at once meet the UNIQUE constraint. */
const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; message?: string }
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '')
}

export async function create(deps: Deps, staff: StaffAuth, body: ContractorCreateRequest): Promise<Contractor> {
  const { db, config } = deps
  const at = config.now().toISOString()
  const name = body.name.trim()
  if (!name) throw new ApiError(400, 'VALIDATION_FAILED', '请填写施工单位名称')
  if (await repo.nameTaken(db, staff.communityId, name, null)) throw nameTaken()
  const id = await db.transaction().execute(async (tx) => {
    const id = await repo.insertContractor(tx, {
      communityId: staff.communityId,
      name,
      trades: body.trades,
      contactName: body.contactName.trim(),
      contactPhone: body.contactPhone.trim(),
      active: body.active ?? true,
      at
    })
    await audit(tx, { actorType: 'staff', actorId: staff.userId, action: 'contractor.create', target: `contractor:${id}`, at })
    return id
  }).catch((err: unknown) => {
    throw isUniqueViolation(err) ? nameTaken() : err
  })
  return one(deps, staff, id)
}

export async function update(deps: Deps, staff: StaffAuth, id: number, body: ContractorUpdateRequest): Promise<Contractor> {
  const { db, config } = deps
  const at = config.now().toISOString()
  await mine(db, staff, id)
  const name = body.name?.trim()
  if (name !== undefined && !name) throw new ApiError(400, 'VALIDATION_FAILED', '请填写施工单位名称')
  if (name !== undefined && (await repo.nameTaken(db, staff.communityId, name, id))) throw nameTaken()
  await db.transaction().execute(async (tx) => {
    await repo.updateContractor(tx, id, {
      name,
      trades: body.trades,
      contactName: body.contactName?.trim(),
      contactPhone: body.contactPhone?.trim(),
      active: body.active,
      at
    })
    await audit(tx, { actorType: 'staff', actorId: staff.userId, action: 'contractor.update', target: `contractor:${id}`, detail: Object.keys(body).sort().join(','), at })
  }).catch((err: unknown) => {
    throw isUniqueViolation(err) ? nameTaken() : err
  })
  return one(deps, staff, id)
}

async function receiving(db: Db, staff: StaffAuth, contractorId: number): Promise<repo.ContractorRow> {
  const c = await mine(db, staff, contractorId)
  if (!c.active) throw new ApiError(409, 'CONFLICT', `施工单位「${c.name}」已停用，不能再派单`)
  return c
}

function checkDue(dueDate: string | undefined, today: string): string | null {
  if (!dueDate) return null
  if (Number.isNaN(Date.parse(`${dueDate}T00:00:00Z`))) throw new ApiError(400, 'VALIDATION_FAILED', '整改期限不是有效日期')
  if (dueDate < today) throw new ApiError(400, 'VALIDATION_FAILED', '整改期限不能早于今天')
  return dueDate
}

/** Assigns one defect's repair order (edge case 2); the due date stays the one set from its severity unless given. */
export async function assignDefect(deps: Deps, staff: StaffAuth, defectId: number, body: DefectAssignRequest): Promise<DefectAssignResponse> {
  const { db, config } = deps
  const now = config.now()
  const at = now.toISOString()
  const found = await repo.repairOfDefect(db, defectId, staff.communityId)
  if (!found.defect) throw new ApiError(404, 'NOT_FOUND', '未找到该问题')
  if (!found.repair) throw new ApiError(409, 'CONFLICT', '本轮验房完成后才能派给施工单位')
  const r = found.repair
  const c = await receiving(db, staff, body.contractorId)
  if (r.status !== 'open') throw new ApiError(409, 'CONFLICT', r.verifiedAt ? '该整改已验收通过' : '该问题已报告整改完成，不能再改派')
  const due = checkDue(body.dueDate, shanghaiDate(now))
  const ids = await db.transaction().execute(async (tx) => {
    const ids = await repo.assign(tx, { repairIds: [r.repairId], contractorId: c.id, dueDate: due, at })
    if (ids.length !== 1) throw new ApiError(409, 'CONFLICT', '该问题已报告整改完成，不能再改派')
    await audit(tx, {
      actorType: 'staff',
      actorId: staff.userId,
      action: 'repair.assign',
      target: `repair:${r.repairId}`,
      detail: `contractor:${c.id}${r.contractorId !== null && r.contractorId !== c.id ? ` from:${r.contractorId}` : ''}${due ? ` due:${due}` : ''}`,
      at
    })
    return ids
  })
  return { repairId: ids[0], defectId, contractor: { id: c.id, name: c.name }, dueDate: due ?? r.dueDate }
}

/** Assigns a batch (edge case 3); answers how many orders were assigned. */
export async function assignBatch(deps: Deps, staff: StaffAuth, contractorId: number, body: ContractorBatchAssignRequest): Promise<ContractorBatchAssignResponse> {
  const { db, config } = deps
  const now = config.now()
  const at = now.toISOString()
  const c = await receiving(db, staff, contractorId)
  if (!body.category && !body.building && !body.defectIds) throw new ApiError(400, 'VALIDATION_FAILED', '请选择问题类别、楼栋或具体问题')
  const due = checkDue(body.dueDate, shanghaiDate(now))
  const candidates = await repo.batchCandidates(db, staff.communityId, { category: body.category, building: body.building, defectIds: body.defectIds })
  const repairIds = await db.transaction().execute(async (tx) => {
    const ids = await repo.assign(tx, { repairIds: candidates.map((x) => x.repairId), contractorId: c.id, dueDate: due, at })
    const filter = [body.category ? `category:${body.category}` : '', body.building ? `building:${body.building}` : '', body.defectIds ? `defects:${body.defectIds.length}` : '']
    await audit(tx, {
      actorType: 'staff',
      actorId: staff.userId,
      action: 'repair.assign_batch',
      target: `contractor:${c.id}`,
      detail: `${filter.filter(Boolean).join(' ')} assigned:${ids.length}${due ? ` due:${due}` : ''}`,
      at
    })
    return ids
  })
  return { assigned: repairIds.length, repairIds }
}

/** The contractor's 整改通知单 (edge case 5), with the before photos read from upload storage. */
export async function noticePdf(deps: Deps, staff: StaffAuth, contractorId: number): Promise<{ pdf: Buffer; filename: string }> {
  const { db, config, storage } = deps
  const now = config.now()
  const c = await mine(db, staff, contractorId)
  const [items, community] = await Promise.all([repo.noticeItems(db, staff.communityId, c.id), repo.communityName(db, staff.communityId)])
  const withPhotos = await Promise.all(
    items.map(async (it) => ({
      houseLabel: it.houseLabel,
      room: it.room,
      location: it.location,
      category: it.category,
      severity: it.severity,
      description: it.description,
      dueDate: it.dueDate ?? '未定',
      reopened: { count: it.reopenedCount, reason: it.rejectReason },
      photos: await Promise.all(it.photos.slice(0, 3).map(async (p) => ({ mime: p.mime, data: await storage.get(p.storageKey).catch(() => null) })))
    }))
  )
  const [y, m, d] = shanghaiDate(now).split('-').map(Number)
  const pdf = await renderContractorNotice({
    communityName: community,
    contractorName: c.name,
    contact: [c.contactName, c.contactPhone].filter(Boolean).join(' '),
    issuedOn: `${y}年${m}月${d}日`,
    items: withPhotos
  })
  await audit(db, { actorType: 'staff', actorId: staff.userId, action: 'contractor.notice', target: `contractor:${c.id}`, detail: `items:${items.length}`, at: now.toISOString() })
  return { pdf, filename: `整改通知单-${c.name}-${shanghaiDate(now)}.pdf` }
}

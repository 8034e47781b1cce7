/*
 * Inspection rules: rounds, idempotent entries from the inspector's phone, completion into
 * repair orders, fixes, the owner's confirmation and the handover form (房屋交接单).
 *
 * Edge cases (each has a test in test/server/inspections.test.ts):
 *  1. An entry retried with the same idempotency key answers the original row (200) and writes
 *     nothing, also after the round was completed (the phone may have been offline).
 *  2. A key already used for another round or house is a 409, never a silent overwrite.
 *  3. Starting a round while one is open answers the open round (two inspectors, one phone
 *     retrying); round N+1 only when every defect so far is fixed.
 *  4. The first round is complete only when every template item has a result; any round
 *     with a failed item needs a defect in that room.
 *  5. The owner signs only when the latest round passed and every defect is fixed and confirmed.
 *  6. A repair order assigned to a contractor (施工单位) closes in three steps: a staff member
 *     records the contractor's fix with the after photo (the contractor has no login), an
 *     inspector verifies it (accept → the defect is fixed and goes to the owner; reject with a
 *     reason → the order reopens, its due date unchanged, and the rejection is counted), then
 *     the owner confirms. An unassigned order keeps today's flow (fixed → the owner confirms).
 */
import { sha256 } from '../../lib/crypto'
import { addDays, shanghaiDate } from '../../lib/time'
import type { Db, Executor } from '../../db/database'
import type { AppConfig } from '../../config'
import { ApiError } from '../../errors'
import type { OwnerAuth, StaffAuth } from '../../plugins/auth'
import { requireStage, syncStages, type Actor } from '../cases/service'
import { notifyOwner } from '../notifications/service'
import { saveSignatureImage } from '../agreements/signature'
import { extensionFor, type SniffedMime } from '../uploads/sniff'
import { checkUpload } from '../uploads/content'
import { newStorageKey, type Storage } from '../uploads/storage'
import { audit } from '../../core/audit'
import * as repo from './repository'
import type { CaseRef, DefectRow, InspectionRow, ItemRow, MeterRow } from './repository'
import {
  REPAIR_DUE_DAYS,
  type CompleteInspectionResponse,
  type Defect,
  type DefectConfirmResponse,
  type HandoverSignResponse,
  type InspectionDefectEntryRequest,
  type InspectionDetail,
  type InspectionItemEntryRequest,
  type InspectionItemRow,
  type InspectionMeter,
  type InspectionMeterEntryRequest,
  type InspectionPhotoUpload,
  type InspectionQueueItem,
  type InspectionQueueState,
  type InspectionRoom,
  type OwnerInspection,
  type RepairOrder
} from '../../../../types/inspections'

export interface Deps {
  db: Db
  config: AppConfig
  storage: Storage
}

type UrlFor = (uploadId: number) => string
export const staffPhotoUrl: UrlFor = (id) => `/api/staff/inspections/photos/${id}`
/** Owners read their own case's uploads through the documents module's file route. */
export const ownerPhotoUrl: UrlFor = (id) => `/api/owner/files/${id}`

const OWNER_LINK = '/owner/inspection/index'

function staffActor(s: StaffAuth): Actor {
  return { type: 'staff', id: s.userId, label: s.displayName }
}

function ownerActor(auth: OwnerAuth): Actor {
  return auth.role === 'delegate' ? { type: 'delegate', id: auth.delegateId, label: '委托人' } : { type: 'owner', id: auth.ownerId, label: '业主' }
}

// ---------------------------------------------------------------------------------------
// Mapping

function toDefect(d: DefectRow, urlFor: UrlFor): Defect {
  return {
    id: d.id,
    inspectionId: d.inspectionId,
    round: d.round,
    room: d.room,
    location: d.location,
    category: d.category,
    severity: d.severity,
    description: d.description,
    status: d.status,
    dueDate: d.dueDate,
    fixedAt: d.fixedAt,
    fixNote: d.fixNote,
    confirmedAt: d.confirmedAt,
    createdAt: d.createdAt,
    beforePhotos: d.beforePhotoIds.map((id) => ({ id, url: urlFor(id) })),
    afterPhotos: d.afterPhotoIds.map((id) => ({ id, url: urlFor(id) }))
  }
}

function toItemRow(r: ItemRow): InspectionItemRow {
  return { id: r.id, room: r.room, item: r.item, result: r.result, note: r.note, createdAt: r.createdAt }
}

function toMeter(m: MeterRow, urlFor: UrlFor): InspectionMeter {
  return {
    id: m.id,
    kind: m.kind,
    value: m.value,
    photo: m.photoUploadId === null ? null : { id: m.photoUploadId, url: urlFor(m.photoUploadId) },
    createdAt: m.createdAt
  }
}

/** The template with the latest result of each item; items recorded outside the template are kept too. */
function roomsWithResults(template: { room: string; items: string[] }[], items: ItemRow[]): InspectionRoom[] {
  const latest = new Map<string, ItemRow>()
  for (const r of items) latest.set(`${r.room}\u0000${r.item}`, r) // ordered by id: the last one wins
  const rooms: InspectionRoom[] = template.map((t) => ({
    room: t.room,
    items: t.items.map((item) => {
      const r = latest.get(`${t.room}\u0000${item}`)
      return { item, result: r?.result ?? null, note: r?.note ?? null }
    })
  }))
  return rooms
}

function repairOf(d: DefectRow, ref: { caseId: number; houseLabel: string }, today: string): RepairOrder {
  const status = d.repairStatus ?? 'open'
  return {
    id: d.repairId ?? 0,
    caseId: ref.caseId,
    houseLabel: ref.houseLabel,
    status,
    dueDate: d.dueDate,
    overdue: status === 'open' && d.dueDate !== null && d.dueDate < today,
    createdAt: d.repairCreatedAt ?? d.createdAt,
    defect: toDefect(d, staffPhotoUrl),
    contractor: d.contractorId === null ? null : { id: d.contractorId, name: d.contractorName ?? '' },
    verification: d.verifiedAt ? 'accepted' : d.contractorId !== null && status === 'fixed' ? 'pending' : 'none',
    reopenedCount: d.reopenedCount,
    rejectReason: d.rejectReason
  }
}

// ---------------------------------------------------------------------------------------
// Staff: access

async function staffCase(db: Executor, staff: StaffAuth, caseId: number): Promise<CaseRef> {
  const ref = await repo.findCaseInCommunity(db, caseId, staff.communityId)
  if (!ref) throw new ApiError(404, 'NOT_FOUND', '未找到该房屋的入伙办理记录')
  return ref
}

async function staffInspection(db: Executor, staff: StaffAuth, id: number): Promise<{ ins: InspectionRow; ref: CaseRef }> {
  const ins = await repo.findInspection(db, id)
  const ref = ins ? await repo.findCaseInCommunity(db, ins.caseId, staff.communityId) : null
  if (!ins || !ref) throw new ApiError(404, 'NOT_FOUND', '未找到该验房记录')
  return { ins, ref }
}

function assertOpen(ins: InspectionRow) {
  if (ins.status !== 'in_progress') throw new ApiError(409, 'INSPECTION_CLOSED', `第 ${ins.round} 轮验房已完成，不能再修改`)
}

async function detail(db: Executor, ins: InspectionRow, ref: CaseRef): Promise<InspectionDetail> {
  const [template, items, defects, meters, name, rounds] = await Promise.all([
    repo.loadTemplate(db, ref.communityId),
    repo.listItems(db, [ins.id]),
    repo.listDefects(db, ins.caseId),
    repo.listMeters(db, ins.caseId),
    repo.inspectorName(db, ins.inspectorId),
    ins.round > 1 ? repo.inspectionsOfCases(db, [ins.caseId]) : Promise.resolve([])
  ])
  const earlierIds = rounds.filter((r) => r.round < ins.round).map((r) => r.id)
  // ordered by id across the earlier rounds: each item's last result wins
  const previous = earlierIds.length > 0 ? roomsWithResults(template, await repo.listItems(db, earlierIds)) : null
  return {
    id: ins.id,
    caseId: ins.caseId,
    houseLabel: ref.houseLabel,
    round: ins.round,
    status: ins.status,
    result: ins.result,
    startedAt: ins.startedAt,
    completedAt: ins.completedAt,
    inspectorName: name,
    rooms: roomsWithResults(template, items),
    defects: defects.filter((d) => d.inspectionId === ins.id).map((d) => toDefect(d, staffPhotoUrl)),
    earlierDefects: defects.filter((d) => d.round < ins.round).map((d) => toDefect(d, staffPhotoUrl)),
    meters: meters.map((m) => toMeter(m, staffPhotoUrl)),
    ...(previous ? { previousRooms: previous } : {})
  }
}

// ---------------------------------------------------------------------------------------
// Staff: queue, start, detail

const QUEUE_ORDER: InspectionQueueState[] = ['in_progress', 'waiting', 'reinspect', 'repairs', 'awaiting_owner']

export async function queue(db: Db, staff: StaffAuth): Promise<{ items: InspectionQueueItem[] }> {
  const cases = await repo.listCheckedIn(db, staff.communityId)
  const ids = cases.map((c) => c.caseId)
  const [inspections, defects] = await Promise.all([repo.inspectionsOfCases(db, ids), repo.defectStatusesOfCases(db, ids)])
  const items: InspectionQueueItem[] = []
  for (const c of cases) {
    const rounds = inspections.filter((i) => i.caseId === c.caseId)
    const latest = rounds[rounds.length - 1]
    if (latest?.ownerSignedAt) continue // finished: the handover form is signed
    const mine = defects.filter((d) => d.caseId === c.caseId)
    const open = mine.filter((d) => d.status === 'open').length
    let state: InspectionQueueState
    if (!latest) state = 'waiting'
    else if (latest.status === 'in_progress') state = 'in_progress'
    else if (latest.result === 'passed') state = 'awaiting_owner'
    else state = open > 0 ? 'repairs' : 'reinspect'
    items.push({
      caseId: c.caseId,
      houseLabel: c.houseLabel,
      checkinDate: c.date,
      queueNo: c.queueNo,
      state,
      inspectionId: latest && latest.status === 'in_progress' ? latest.id : null,
      rounds: rounds.length,
      openDefects: mine.filter((d) => d.status !== 'confirmed').length
    })
  }
  items.sort(
    (a, b) =>
      QUEUE_ORDER.indexOf(a.state) - QUEUE_ORDER.indexOf(b.state) ||
      (a.checkinDate < b.checkinDate ? 1 : a.checkinDate > b.checkinDate ? -1 : 0) ||
      a.queueNo - b.queueNo
  )
  return { items }
}

/** Starts the next round (or answers the open one); `created` says which. */
export async function start(deps: Deps, staff: StaffAuth, caseId: number): Promise<{ created: boolean; inspection: InspectionDetail }> {
  const { db, config } = deps
  const now = config.now()
  const at = now.toISOString()
  const ref = await staffCase(db, staff, caseId)
  await requireStage(db, caseId, 'inspection', now)
  return db.transaction().execute(async (tx) => {
    const latest = await repo.latestInspection(tx, caseId)
    if (latest?.status === 'in_progress') return { created: false, inspection: await detail(tx, latest, ref) }
    if (latest?.result === 'passed') {
      throw new ApiError(409, 'CONFLICT', latest.ownerSignedAt ? '验房已完成，业主已签署房屋交接单' : '验房已通过，等待业主确认并签署房屋交接单')
    }
    if (latest) {
      const open = (await repo.listDefects(tx, caseId)).filter((d) => d.status === 'open')
      if (open.length > 0) throw new ApiError(409, 'REPAIRS_PENDING', `还有 ${open.length} 处问题未整改，整改完成后才能复验`)
    }
    const round = (latest?.round ?? 0) + 1
    const id = await repo.insertInspection(tx, { caseId, round, inspectorId: staff.userId, at })
    // A concurrent start inserted this round first: answer that one.
    const ins = await repo.findInspection(tx, id ?? (await repo.latestInspection(tx, caseId))!.id)
    if (!ins) throw new ApiError(409, 'CONFLICT', '验房记录创建失败，请重试')
    if (id !== null) await syncStages(tx, caseId, staffActor(staff), now)
    return { created: id !== null, inspection: await detail(tx, ins, ref) }
  })
}

export async function getDetail(db: Db, staff: StaffAuth, id: number): Promise<InspectionDetail> {
  const { ins, ref } = await staffInspection(db, staff, id)
  return detail(db, ins, ref)
}

// ---------------------------------------------------------------------------------------
// Staff: entries

function keyConflict(): never {
  throw new ApiError(409, 'IDEMPOTENCY_CONFLICT', '该记录编号已被其他记录使用，请刷新后重新填写')
}

export async function recordItem(
  deps: Deps,
  staff: StaffAuth,
  id: number,
  body: InspectionItemEntryRequest
): Promise<{ created: boolean; item: InspectionItemRow }> {
  const { db, config } = deps
  const { ins, ref } = await staffInspection(db, staff, id)
  const existing = await repo.findItemByKey(db, body.idempotencyKey)
  if (existing) {
    if (existing.inspectionId !== ins.id) keyConflict()
    return { created: false, item: toItemRow(existing) }
  }
  assertOpen(ins)
  const template = await repo.loadTemplate(db, ref.communityId)
  if (!template.some((t) => t.room === body.room && t.items.includes(body.item))) {
    throw new ApiError(400, 'INSPECTION_ITEM_UNKNOWN', `验房清单中没有「${body.room}·${body.item}」`)
  }
  const note = body.note?.trim() || null
  const r = await repo.insertItem(db, { inspectionId: ins.id, room: body.room, item: body.item, result: body.result, note, key: body.idempotencyKey, at: config.now().toISOString() })
  if (r.row.inspectionId !== ins.id) keyConflict()
  return { created: r.created, item: toItemRow(r.row) }
}

async function assertPhotos(db: Executor, caseId: number, ids: number[]) {
  const found = await repo.findCasePhotos(db, caseId, ids)
  if (found.length !== ids.length) throw new ApiError(400, 'PHOTO_INVALID', '照片不存在或不属于本次验房，请重新拍照上传')
}

export async function recordDefect(
  deps: Deps,
  staff: StaffAuth,
  id: number,
  body: InspectionDefectEntryRequest
): Promise<{ created: boolean; defect: Defect }> {
  const { db, config } = deps
  const now = config.now()
  const { ins, ref } = await staffInspection(db, staff, id)
  const replay = async (defectId: number) => {
    const d = await repo.findDefect(db, defectId)
    if (!d || d.inspectionId !== ins.id) keyConflict()
    return { created: false, defect: toDefect(d, staffPhotoUrl) }
  }
  const existing = await repo.findDefectByKey(db, body.idempotencyKey)
  if (existing) return replay(existing.id)
  assertOpen(ins)
  const template = await repo.loadTemplate(db, ref.communityId)
  if (!template.some((t) => t.room === body.room)) throw new ApiError(400, 'INSPECTION_ITEM_UNKNOWN', `验房清单中没有房间「${body.room}」`)
  await assertPhotos(db, ins.caseId, body.photoUploadIds)
  const r = await db.transaction().execute(async (tx) => {
    const res = await repo.insertDefect(tx, {
      inspectionId: ins.id,
      caseId: ins.caseId,
      room: body.room,
      location: body.location.trim(),
      category: body.category,
      severity: body.severity,
      description: body.description.trim(),
      key: body.idempotencyKey,
      photoIds: body.photoUploadIds,
      at: now.toISOString()
    })
    if (res.created) await syncStages(tx, ins.caseId, staffActor(staff), now)
    return res
  })
  if (!r.created) return replay(r.id)
  const d = await repo.findDefect(db, r.id)
  return { created: true, defect: toDefect(d!, staffPhotoUrl) }
}

export async function recordMeter(
  deps: Deps,
  staff: StaffAuth,
  id: number,
  body: InspectionMeterEntryRequest
): Promise<{ created: boolean; meter: InspectionMeter }> {
  const { db, config } = deps
  const { ins } = await staffInspection(db, staff, id)
  const existing = await repo.findMeterByKey(db, body.idempotencyKey)
  if (existing) {
    if (existing.caseId !== ins.caseId) keyConflict()
    return { created: false, meter: toMeter(existing, staffPhotoUrl) }
  }
  assertOpen(ins)
  const photoId = body.photoUploadId ?? null
  if (photoId !== null) await assertPhotos(db, ins.caseId, [photoId])
  const r = await repo.insertMeter(db, {
    caseId: ins.caseId,
    kind: body.kind,
    value: body.value,
    photoId,
    key: body.idempotencyKey,
    staffId: staff.userId,
    at: config.now().toISOString()
  })
  if (r.row.caseId !== ins.caseId) keyConflict()
  return { created: r.created, meter: toMeter(r.row, staffPhotoUrl) }
}

const PHOTO_MIMES = new Set<SniffedMime>(['image/jpeg', 'image/png', 'image/webp'])

/** Stores one photo of the inspection's case (before photos, meters, after photos of repairs). */
export async function uploadPhoto(deps: Deps, staff: StaffAuth, id: number, buf: Buffer): Promise<InspectionPhotoUpload> {
  const { db, config, storage } = deps
  const now = config.now()
  const { ins } = await staffInspection(db, staff, id)
  if (buf.length === 0) throw new ApiError(400, 'FILE_EMPTY', '照片是空的，请重新拍照')
  const checked = await checkUpload(buf, PHOTO_MIMES, '仅支持 JPG、PNG、WEBP 照片')
  const mime = checked.mime
  buf = checked.buf // re-encoded: no EXIF/GPS is stored
  const key = newStorageKey(extensionFor(mime), now)
  await storage.put(key, buf, mime)
  try {
    const uploadId = await repo.insertPhotoUpload(db, {
      caseId: ins.caseId,
      storageKey: key,
      mime,
      size: buf.length,
      sha256: sha256(buf),
      uploadedBy: `staff:${staff.userId}`,
      at: now.toISOString()
    })
    return { id: uploadId, mime, size: buf.length, url: staffPhotoUrl(uploadId) }
  } catch (err) {
    await storage.remove(key).catch(() => undefined)
    throw err
  }
}

// ---------------------------------------------------------------------------------------
// Staff: complete, repairs

export async function complete(deps: Deps, staff: StaffAuth, id: number): Promise<CompleteInspectionResponse> {
  const { db, config } = deps
  const now = config.now()
  const at = now.toISOString()
  const { ins, ref } = await staffInspection(db, staff, id)
  assertOpen(ins)
  const template = await repo.loadTemplate(db, ref.communityId)
  const rooms = roomsWithResults(template, await repo.listItems(db, [ins.id]))
  const defects = (await repo.listDefects(db, ins.caseId)).filter((d) => d.inspectionId === ins.id)

  if (ins.round === 1) {
    const missing = rooms.flatMap((r) => r.items.filter((i) => i.result === null).map((i) => `${r.room}·${i.item}`))
    if (missing.length > 0) {
      const head = missing.slice(0, 3).join('、')
      throw new ApiError(409, 'INSPECTION_INCOMPLETE', `还有 ${missing.length} 项未检查：${head}${missing.length > 3 ? '等' : ''}`)
    }
  }
  const failedRooms = rooms.filter((r) => r.items.some((i) => i.result === 'fail')).map((r) => r.room)
  const undocumented = failedRooms.filter((room) => !defects.some((d) => d.room === room))
  if (undocumented.length > 0) {
    throw new ApiError(409, 'INSPECTION_INCOMPLETE', `「${undocumented.join('」「')}」有不合格项，请先登记问题和照片`)
  }

  const today = shanghaiDate(now)
  const result = defects.length > 0 ? ('defects' as const) : ('passed' as const)
  await db.transaction().execute(async (tx) => {
    if (!(await repo.completeInspection(tx, ins.id, result, at))) {
      throw new ApiError(409, 'INSPECTION_CLOSED', `第 ${ins.round} 轮验房已完成`)
    }
    for (const d of defects) {
      const due = addDays(today, REPAIR_DUE_DAYS[d.severity] ?? 7)
      await repo.setDefectDue(tx, d.id, due, at)
      await repo.insertRepairOrder(tx, { defectId: d.id, dueDate: due, at })
    }
    await syncStages(tx, ins.caseId, staffActor(staff), now)
  })
  const after = (await repo.findInspection(db, ins.id))!
  const fresh = (await repo.listDefects(db, ins.caseId)).filter((d) => d.inspectionId === ins.id)
  return { inspection: await detail(db, after, ref), repairOrders: fresh.map((d) => repairOf(d, ref, today)) }
}

export async function listRepairs(deps: Deps, staff: StaffAuth, status: 'open' | 'fixed' | 'all'): Promise<{ items: RepairOrder[] }> {
  const { db, config } = deps
  const today = shanghaiDate(config.now())
  const rows = await repo.listRepairs(db, staff.communityId, status)
  const items: RepairOrder[] = []
  const byCase = new Map<number, DefectRow[]>()
  for (const r of rows) {
    if (!byCase.has(r.caseId)) byCase.set(r.caseId, await repo.listDefects(db, r.caseId))
    const d = byCase.get(r.caseId)!.find((x) => x.id === r.defectId)
    if (d) items.push(repairOf(d, r, today))
  }
  return { items }
}

export async function markFixed(
  deps: Deps,
  staff: StaffAuth,
  repairId: number,
  body: { afterPhotoUploadId: number; note?: string }
): Promise<RepairOrder> {
  const { db, config } = deps
  const now = config.now()
  const at = now.toISOString()
  const repair = await repo.findRepairInCommunity(db, repairId, staff.communityId)
  if (!repair) throw new ApiError(404, 'NOT_FOUND', '未找到该整改单')
  if (repair.status !== 'open') throw new ApiError(409, 'CONFLICT', '该整改单已完成整改')
  await assertPhotos(db, repair.caseId, [body.afterPhotoUploadId])
  const defect = await repo.findDefect(db, repair.defectId)
  // A contractor's fix waits for the inspector (edge case 6): the owner hears of it on acceptance.
  const byContractor = repair.contractorId !== null
  await db.transaction().execute(async (tx) => {
    const ok = await repo.markRepairFixed(tx, {
      repairId,
      defectId: repair.defectId,
      staffId: staff.userId,
      note: body.note?.trim() || null,
      photoId: body.afterPhotoUploadId,
      at,
      defectToo: !byContractor
    })
    if (!ok) throw new ApiError(409, 'CONFLICT', '该整改单已完成整改')
    if (byContractor) {
      await audit(tx, { actorType: 'staff', actorId: staff.userId, action: 'repair.fixed', target: `repair:${repairId}`, detail: `contractor:${repair.contractorId}`, at })
      return
    }
    await syncStages(tx, repair.caseId, staffActor(staff), now)
    // The stage may not move (a fix awaits the owner's confirmation), so say it in words.
    await notifyOwner(tx, {
      caseId: repair.caseId,
      kind: 'inspection_repair',
      title: '验房问题已整改',
      body: `${defect ? `「${defect.room}·${defect.category}」` : '验房问题'}已整改完成，请查看整改照片并确认。`,
      link: OWNER_LINK,
      at: now
    })
  })
  const d = await repo.findDefect(db, repair.defectId)
  return repairOf(d!, repair, shanghaiDate(now))
}

/** The inspector's verification of a contractor's reported fix (edge case 6). */
export async function verifyRepair(deps: Deps, staff: StaffAuth, repairId: number, body: { accept: boolean; reason?: string }): Promise<RepairOrder> {
  const { db, config } = deps
  const now = config.now()
  const at = now.toISOString()
  const repair = await repo.findRepairInCommunity(db, repairId, staff.communityId)
  if (!repair) throw new ApiError(404, 'NOT_FOUND', '未找到该整改单')
  const reason = body.reason?.trim() ?? ''
  if (!body.accept && !reason) throw new ApiError(400, 'VALIDATION_FAILED', '请填写退回原因')
  if (repair.contractorId === null) throw new ApiError(409, 'CONFLICT', '该整改单未派给施工单位，无需验收')
  const notPending = () => new ApiError(409, 'CONFLICT', repair.verifiedAt ? '该整改已验收通过' : '施工单位尚未报告整改完成')
  if (repair.status !== 'fixed' || repair.verifiedAt) throw notPending()
  const defect = await repo.findDefect(db, repair.defectId)
  await db.transaction().execute(async (tx) => {
    const ok = body.accept
      ? await repo.acceptRepair(tx, { repairId, defectId: repair.defectId, staffId: staff.userId, at })
      : await repo.rejectRepair(tx, { repairId, defectId: repair.defectId, reason, at })
    if (!ok) throw notPending()
    await audit(tx, {
      actorType: 'staff',
      actorId: staff.userId,
      action: body.accept ? 'repair.accept' : 'repair.reject',
      target: `repair:${repairId}`,
      detail: body.accept ? `contractor:${repair.contractorId}` : `contractor:${repair.contractorId} ${reason}`,
      at
    })
    if (!body.accept) return
    await syncStages(tx, repair.caseId, staffActor(staff), now)
    await notifyOwner(tx, {
      caseId: repair.caseId,
      kind: 'inspection_repair',
      title: '验房问题已整改',
      body: `${defect ? `「${defect.room}·${defect.category}」` : '验房问题'}已整改完成并经验房人员验收，请查看整改照片并确认。`,
      link: OWNER_LINK,
      at: now
    })
  })
  const d = await repo.findDefect(db, repair.defectId)
  return repairOf(d!, repair, shanghaiDate(now))
}

// ---------------------------------------------------------------------------------------
// Owner

function signBlockers(rounds: InspectionRow[], defects: DefectRow[]): string[] {
  const latest = rounds[rounds.length - 1]
  if (!latest) return ['尚未验房，请等待工作人员陪同验房']
  if (latest.ownerSignedAt) return []
  const reasons: string[] = []
  if (latest.status === 'in_progress') reasons.push(`第 ${latest.round} 轮验房进行中`)
  else if (latest.result !== 'passed') reasons.push('验房发现问题，整改并复验通过后才能签署')
  const open = defects.filter((d) => d.status === 'open').length
  const fixed = defects.filter((d) => d.status === 'fixed').length
  if (open > 0) reasons.push(`${open} 处问题尚未整改`)
  if (fixed > 0) reasons.push(`${fixed} 处整改待您确认`)
  return reasons
}

export async function ownerView(db: Db, auth: OwnerAuth): Promise<OwnerInspection> {
  const ref = await repo.findCaseRef(db, auth.caseId)
  if (!ref) throw new ApiError(404, 'NOT_FOUND', '未找到入伙办理记录')
  const [rounds, defects, meters, template] = await Promise.all([
    repo.listInspections(db, auth.caseId),
    repo.listDefects(db, auth.caseId),
    repo.listMeters(db, auth.caseId),
    repo.loadTemplate(db, ref.communityId)
  ])
  const items = await repo.listItems(
    db,
    rounds.map((r) => r.id)
  )
  const latest = rounds[rounds.length - 1]
  const blockers = signBlockers(rounds, defects)
  const signedAt = latest?.ownerSignedAt ?? null
  return {
    houseLabel: ref.houseLabel,
    rounds: rounds.map((r) => ({
      id: r.id,
      round: r.round,
      status: r.status,
      result: r.result,
      startedAt: r.startedAt,
      completedAt: r.completedAt,
      rooms: roomsWithResults(
        template,
        items.filter((i) => i.inspectionId === r.id)
      ),
      defects: defects.filter((d) => d.inspectionId === r.id).map((d) => toDefect(d, ownerPhotoUrl))
    })),
    meters: meters.map((m) => toMeter(m, ownerPhotoUrl)),
    canSign: signedAt === null && blockers.length === 0,
    signBlockers: signedAt === null ? blockers : [],
    signedAt
  }
}

export async function confirmFix(deps: Deps, auth: OwnerAuth, defectId: number): Promise<DefectConfirmResponse> {
  const { db, config } = deps
  const now = config.now()
  const d = await repo.findDefect(db, defectId)
  if (!d || d.caseId !== auth.caseId) throw new ApiError(404, 'NOT_FOUND', '未找到该问题')
  if (d.status === 'confirmed') return { id: d.id, status: 'confirmed', confirmedAt: d.confirmedAt }
  if (d.status === 'open') throw new ApiError(409, 'CONFLICT', '该问题尚未整改完成，暂不能确认')
  const at = now.toISOString()
  await db.transaction().execute(async (tx) => {
    await repo.confirmDefect(tx, d.id, at)
    await syncStages(tx, auth.caseId, ownerActor(auth), now)
  })
  const after = await repo.findDefect(db, d.id)
  return { id: d.id, status: after!.status, confirmedAt: after!.confirmedAt }
}

export async function sign(deps: Deps, auth: OwnerAuth, signaturePng: string): Promise<HandoverSignResponse> {
  const { db, config, storage } = deps
  const now = config.now()
  const at = now.toISOString()
  const rounds = await repo.listInspections(db, auth.caseId)
  const latest = rounds[rounds.length - 1]
  if (latest?.ownerSignedAt) throw new ApiError(409, 'ALREADY_SIGNED', '房屋交接单已签署')
  const blockers = signBlockers(rounds, await repo.listDefects(db, auth.caseId))
  if (!latest || blockers.length > 0) throw new ApiError(409, 'HANDOVER_NOT_READY', blockers.join('；'))
  const sig = await saveSignatureImage(storage, signaturePng, now)
  try {
    await db.transaction().execute(async (tx) => {
      // Re-checked inside the transaction: a defect may have been recorded meanwhile.
      const open = (await repo.listDefects(tx, auth.caseId)).filter((d) => d.status !== 'confirmed').length
      const current = await repo.latestInspection(tx, auth.caseId)
      if (open > 0 || !current || current.id !== latest.id || current.result !== 'passed') {
        throw new ApiError(409, 'HANDOVER_NOT_READY', '验房状态已变化，请刷新后重试')
      }
      if (!(await repo.signInspection(tx, latest.id, sig.key, at))) throw new ApiError(409, 'ALREADY_SIGNED', '房屋交接单已签署')
      await syncStages(tx, auth.caseId, ownerActor(auth), now)
    })
  } catch (err) {
    await storage.remove(sig.key).catch(() => undefined)
    throw err
  }
  return { signedAt: at, inspectionId: latest.id }
}

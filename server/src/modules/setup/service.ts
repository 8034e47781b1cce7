/*
 * Community set-up: what a property manager configures before the move-in notices go out
 * (docs/domain.md "Going live" step 2). Only the manager's own community, every change audited
 * (`setup.<thing>.<verb>`, a small detail without personal data).
 *
 * Decisions (each has a test in test/server/setup*.test.ts):
 *  1. Buildings: a building with houses cannot be deleted (BUILDING_HAS_HOUSES). Names are
 *     unique per community (SETUP_DUPLICATE).
 *  2. Batches: the code is what houses.batch and slots.batch carry. A batch whose code is
 *     used by houses or slots cannot be deleted or have its code changed (BATCH_IN_USE):
 *     renaming the code would silently detach them. ends_on ≥ starts_on (DATE_RANGE_INVALID).
 *  3. Slot generation creates only the slots that do not exist (same batch + date + start);
 *     a re-run answers them as `existing`; two runs at once are serialised by the batch row.
 *     Dates are Shanghai calendar dates, never instants; none before today. Bounded: ≤ 120 days and ≤ 2000 slots (SLOT_RANGE_TOO_LARGE).
 *  4. A slot's capacity is never set below what is booked: one conditional UPDATE (see
 *     repository setSlotCapacity) plus the CHECK (booked <= capacity) constraint.
 *  5. A slot with a reservation (any status, history included) cannot be deleted.
 *  6. Checklist items: editing title/description/requirement keeps owners' submissions
 *     (they are keyed by code). An item with submissions cannot be deleted or have its code
 *     changed (CHECKLIST_ITEM_IN_USE): we refuse rather than soft-hide, because the reviewer
 *     queue and the owner's document page would otherwise show uploads of a vanished item.
 *     To stop asking for it, make it optional.
 *  7. Fee rates: a bill is derived ONCE per case, the first time the owner or the cashier
 *     opens it (fees/service.ts ensureBill), and its lines are stored. Changing or deleting a
 *     rate changes bills created after the change only; bills already created (paid or not)
 *     keep their lines and totals. The list answers how many bills exist so the page can say so.
 *  8. Agreements: publishing makes version+1 the only active one of its kind. A signature
 *     stays tied to the version signed (signatures.agreement_id): the signed copy shows that
 *     text and hash, and the engine's "signed" fact counts any version of a kind (see
 *     cases/repository.ts agreementsQuery). Owners who have not signed see only the new version.
 *  9. Survey weights: every item of the community, each > 0; they apply to responses
 *     submitted afterwards (a stored CSI is not recomputed).
 */
import type { Db } from '../../db/database'
import type { AppConfig } from '../../config'
import { ApiError } from '../../errors'
import { addDays, shanghaiDate, weekdayOf } from '../../lib/time'
import type { StaffAuth } from '../../plugins/auth'
import { audit } from '../../core/audit'
import { listForStaff, publishVersion } from '../agreements/service'
import { AGREEMENT_KINDS } from '../../../../types/agreements'
import {
  SLOT_GENERATE_MAX_DAYS,
  SLOT_GENERATE_MAX_SLOTS,
  type SetupAgreementInput,
  type SetupAgreementList,
  type SetupBatch,
  type SetupBatchInput,
  type SetupBatchList,
  type SetupBuilding,
  type SetupBuildingInput,
  type SetupChecklistInput,
  type SetupChecklistItem,
  type SetupChecklistList,
  type SetupFeeRate,
  type SetupFeeRateInput,
  type SetupFeeRateList,
  type SetupPolicy,
  type SetupProfile,
  type SetupSlot,
  type SetupSlotList,
  type SetupSlotsQuery,
  type SetupStatus,
  type SetupStatusItem,
  type SetupSurveyWeights,
  type SetupSurveyWeightsInput,
  type SlotGenerateRequest,
  type SlotGenerateResult,
  type SlotKey
} from '../../../../types/setup'
import * as repo from './repository'

export interface SetupDeps {
  db: Db
  config: AppConfig
}

const PAGE = '/manager/setup/index'
const SLOT_LIST_LIMIT = 1000

async function log(db: Parameters<typeof audit>[0], deps: SetupDeps, staff: StaffAuth, action: string, target: string, detail: Record<string, unknown> = {}) {
  await audit(db, { actorType: 'staff', actorId: staff.userId, action: `setup.${action}`, target, detail: JSON.stringify(detail), at: deps.config.now().toISOString() })
}

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; message?: string }
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed|duplicate key/i.test(e?.message ?? '')
}

const notFound = (what: string) => new ApiError(404, 'NOT_FOUND', `${what}不存在或已删除`)

// ---------------------------------------------------------------- profile

interface HandbookJson {
  serviceHours?: string
  servicePhone?: string
  emergencyPhone?: string
  contacts?: unknown[]
  sections?: { code?: string; title: string; body?: string; items?: string[] }[]
  [k: string]: unknown
}

function parseHandbook(text: string): HandbookJson {
  try {
    const v = JSON.parse(text)
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as HandbookJson) : {}
  } catch {
    return {}
  }
}

export async function getProfile(deps: SetupDeps, staff: StaffAuth): Promise<SetupProfile> {
  const c = await repo.findCommunity(deps.db, staff.communityId)
  if (!c) throw notFound('小区')
  const hb = parseHandbook(c.handbook)
  return {
    name: c.name,
    address: c.address,
    servicePhone: c.service_phone,
    serviceHours: c.service_hours,
    servicePlace: c.service_place,
    company: c.company,
    handbook: {
      emergencyPhone: typeof hb.emergencyPhone === 'string' ? hb.emergencyPhone : '',
      sections: (hb.sections ?? [])
        .filter((s) => s && typeof s.title === 'string')
        .map((s) => ({
          title: s.title,
          items: Array.isArray(s.items) ? s.items.filter((x): x is string => typeof x === 'string') : typeof s.body === 'string' ? [s.body] : []
        }))
    },
    prepaidMonths: Number(c.prepaid_months),
    uploadRetentionDays: Number(c.upload_retention_days),
    receptionWindows: Number(c.reception_windows)
  }
}

/**
 * The handbook JSON keeps what this form does not edit (contacts, section codes); its
 * serviceHours / servicePhone follow the profile so the owner handbook and the printed
 * notice never disagree.
 */
export async function putProfile(deps: SetupDeps, staff: StaffAuth, input: SetupProfile): Promise<SetupProfile> {
  const c = await repo.findCommunity(deps.db, staff.communityId)
  if (!c) throw notFound('小区')
  const old = parseHandbook(c.handbook)
  const oldSections = old.sections ?? []
  const handbook: HandbookJson = {
    ...old,
    serviceHours: input.serviceHours.trim(),
    servicePhone: input.servicePhone.trim(),
    emergencyPhone: input.handbook.emergencyPhone.trim(),
    sections: input.handbook.sections.map((s) => {
      const title = s.title.trim()
      const same = oldSections.find((o) => o && o.title === title)
      return { ...(same?.code ? { code: same.code } : {}), title, items: s.items.map((x) => x.trim()).filter((x) => x !== '') }
    })
  }
  const values = {
    name: input.name.trim(),
    address: input.address.trim(),
    service_phone: input.servicePhone.trim(),
    service_hours: input.serviceHours.trim(),
    service_place: input.servicePlace.trim(),
    company: input.company.trim(),
    handbook: JSON.stringify(handbook),
    prepaid_months: input.prepaidMonths,
    upload_retention_days: input.uploadRetentionDays,
    reception_windows: input.receptionWindows ?? Number(c.reception_windows)
  }
  if (values.name.length < 2) throw new ApiError(400, 'VALIDATION_FAILED', '请填写小区名称')
  const changed = Object.entries(values)
    .filter(([k, v]) => String((c as Record<string, unknown>)[k]) !== String(v))
    .map(([k]) => k)
  await deps.db.transaction().execute(async (tx) => {
    await repo.updateCommunity(tx, staff.communityId, values)
    await log(tx, deps, staff, 'profile.update', `community:${staff.communityId}`, { fields: changed })
  })
  return getProfile(deps, staff)
}

// ---------------------------------------------------------------- policy

export async function getPolicy(deps: SetupDeps, staff: StaffAuth): Promise<SetupPolicy> {
  const c = await repo.findCommunity(deps.db, staff.communityId)
  if (!c) throw notFound('小区')
  return {
    feesRequiredForKeys: Number(c.policy_fees_required_for_keys) === 1,
    agreementsRequiredForKeys: Number(c.policy_agreements_required_for_keys) === 1,
    reservationCutoffHours: Number(c.reservation_cutoff_hours)
  }
}

export async function putPolicy(deps: SetupDeps, staff: StaffAuth, input: SetupPolicy): Promise<SetupPolicy> {
  await deps.db.transaction().execute(async (tx) => {
    await repo.updateCommunity(tx, staff.communityId, {
      policy_fees_required_for_keys: input.feesRequiredForKeys ? 1 : 0,
      policy_agreements_required_for_keys: input.agreementsRequiredForKeys ? 1 : 0,
      reservation_cutoff_hours: input.reservationCutoffHours
    })
    await log(tx, deps, staff, 'policy.update', `community:${staff.communityId}`, { ...input })
  })
  return getPolicy(deps, staff)
}

// ---------------------------------------------------------------- buildings

export async function listBuildings(deps: SetupDeps, staff: StaffAuth): Promise<{ items: SetupBuilding[] }> {
  return { items: await repo.listBuildings(deps.db, staff.communityId) }
}

export async function createBuilding(deps: SetupDeps, staff: StaffAuth, input: SetupBuildingInput): Promise<SetupBuilding> {
  const name = input.name.trim()
  if (!name) throw new ApiError(400, 'VALIDATION_FAILED', '请填写楼栋名称')
  const id = await deps.db.transaction().execute(async (tx) => {
    await repo.lockCommunity(tx, staff.communityId)
    if (await repo.findBuildingByName(tx, staff.communityId, name)) throw new ApiError(409, 'SETUP_DUPLICATE', `楼栋“${name}”已存在`)
    const existing = await repo.listBuildings(tx, staff.communityId)
    const id = await repo.insertBuilding(tx, staff.communityId, name, input.sort ?? existing.length)
    await log(tx, deps, staff, 'building.create', `building:${id}`, { name })
    return id
  })
  return (await repo.listBuildings(deps.db, staff.communityId)).find((b) => b.id === id)!
}

export async function updateBuilding(deps: SetupDeps, staff: StaffAuth, id: number, input: SetupBuildingInput): Promise<SetupBuilding> {
  const name = input.name.trim()
  if (!name) throw new ApiError(400, 'VALIDATION_FAILED', '请填写楼栋名称')
  await deps.db.transaction().execute(async (tx) => {
    await repo.lockCommunity(tx, staff.communityId)
    const b = await repo.findBuilding(tx, staff.communityId, id)
    if (!b) throw notFound('楼栋')
    const same = await repo.findBuildingByName(tx, staff.communityId, name)
    if (same && Number(same.id) !== id) throw new ApiError(409, 'SETUP_DUPLICATE', `楼栋“${name}”已存在`)
    await repo.updateBuilding(tx, staff.communityId, id, { name, ...(input.sort !== undefined ? { sort: input.sort } : {}) })
    await log(tx, deps, staff, 'building.update', `building:${id}`, { from: b.name, to: name })
  })
  return (await repo.listBuildings(deps.db, staff.communityId)).find((b) => b.id === id)!
}

export async function deleteBuilding(deps: SetupDeps, staff: StaffAuth, id: number): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const b = await repo.findBuilding(tx, staff.communityId, id)
    if (!b) throw notFound('楼栋')
    if (!(await repo.deleteEmptyBuilding(tx, staff.communityId, id))) {
      const count = await repo.countHousesOfBuilding(tx, id)
      throw new ApiError(409, 'BUILDING_HAS_HOUSES', `“${b.name}”下已有 ${count} 户房屋，不能删除`)
    }
    await log(tx, deps, staff, 'building.delete', `building:${id}`, { name: b.name })
  })
}

// ---------------------------------------------------------------- batches

export async function listBatches(deps: SetupDeps, staff: StaffAuth): Promise<SetupBatchList> {
  const rows = await repo.listBatches(deps.db, staff.communityId)
  const houses = await repo.houseCountsByBatch(deps.db, staff.communityId)
  const slots = await repo.slotCountsByBatch(deps.db, staff.communityId)
  const known = new Set(rows.map((b) => b.code))
  return {
    items: rows.map((b) => ({ ...b, houseCount: houses.get(b.code) ?? 0, slotCount: slots.get(b.code) ?? 0 })),
    unplanned: [...houses.entries()].filter(([code]) => !known.has(code)).map(([code, houseCount]) => ({ code, houseCount }))
  }
}

function cleanBatch(input: SetupBatchInput, sortDefault: number): Omit<repo.BatchRow, 'id'> {
  const code = input.code.trim()
  const title = input.title.trim()
  if (!code || !title) throw new ApiError(400, 'VALIDATION_FAILED', '请填写批次编号和名称')
  if ((input.startsOn === null) !== (input.endsOn === null)) throw new ApiError(400, 'DATE_RANGE_INVALID', '请同时填写开始和结束日期')
  if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) throw new ApiError(400, 'DATE_RANGE_INVALID', '结束日期不能早于开始日期')
  const buildings = [...new Set(input.buildings.map((b) => b.trim()).filter((b) => b !== ''))]
  return { code, title, buildings, startsOn: input.startsOn, endsOn: input.endsOn, place: input.place.trim(), sort: input.sort ?? sortDefault }
}

async function batchView(deps: SetupDeps, staff: StaffAuth, id: number): Promise<SetupBatch> {
  const list = await listBatches(deps, staff)
  return list.items.find((b) => b.id === id)!
}

export async function createBatch(deps: SetupDeps, staff: StaffAuth, input: SetupBatchInput): Promise<SetupBatch> {
  try {
    const id = await deps.db.transaction().execute(async (tx) => {
      const existing = await repo.listBatches(tx, staff.communityId)
      const b = cleanBatch(input, existing.length)
      if (existing.some((x) => x.code === b.code)) throw new ApiError(409, 'SETUP_DUPLICATE', `批次编号“${b.code}”已存在`)
      const id = await repo.insertBatch(tx, staff.communityId, b, deps.config.now().toISOString())
      await log(tx, deps, staff, 'batch.create', `batch:${id}`, { code: b.code, startsOn: b.startsOn, endsOn: b.endsOn })
      return id
    })
    return batchView(deps, staff, id)
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError(409, 'SETUP_DUPLICATE', `批次编号“${input.code.trim()}”已存在`)
    throw err
  }
}

export async function updateBatch(deps: SetupDeps, staff: StaffAuth, id: number, input: SetupBatchInput): Promise<SetupBatch> {
  try {
    await deps.db.transaction().execute(async (tx) => {
      const old = await repo.findBatch(tx, staff.communityId, id)
      if (!old) throw notFound('批次')
      const b = cleanBatch(input, old.sort)
      if (b.code !== old.code) {
        const use = await repo.batchCodeInUse(tx, staff.communityId, old.code)
        if (use.houses > 0 || use.slots > 0) {
          throw new ApiError(409, 'BATCH_IN_USE', `批次“${old.code}”已有 ${use.houses} 户房屋、${use.slots} 个预约时段，不能修改编号`)
        }
        if (await repo.findBatchByCode(tx, staff.communityId, b.code)) throw new ApiError(409, 'SETUP_DUPLICATE', `批次编号“${b.code}”已存在`)
      }
      await repo.updateBatch(tx, staff.communityId, id, b)
      await log(tx, deps, staff, 'batch.update', `batch:${id}`, { code: b.code, startsOn: b.startsOn, endsOn: b.endsOn })
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError(409, 'SETUP_DUPLICATE', `批次编号“${input.code.trim()}”已存在`)
    throw err
  }
  return batchView(deps, staff, id)
}

export async function deleteBatch(deps: SetupDeps, staff: StaffAuth, id: number): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const old = await repo.findBatch(tx, staff.communityId, id)
    if (!old) throw notFound('批次')
    const use = await repo.batchCodeInUse(tx, staff.communityId, old.code)
    if (use.houses > 0 || use.slots > 0) {
      throw new ApiError(409, 'BATCH_IN_USE', `批次“${old.code}”已有 ${use.houses} 户房屋、${use.slots} 个预约时段，不能删除`)
    }
    await repo.deleteBatch(tx, staff.communityId, id)
    await log(tx, deps, staff, 'batch.delete', `batch:${id}`, { code: old.code })
  })
}

// ---------------------------------------------------------------- slots

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
const dayCount = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1

/**
 * The slots a template asks for, pure: dates `from`..`to` inclusive minus skipped dates and
 * weekdays, times each window. Throws 400s for an impossible template.
 *  1. `to` before `from`, or `from` before `today` → DATE_RANGE_INVALID.
 *  2. more than 120 days, or more than 2000 slots → SLOT_RANGE_TOO_LARGE.
 *  3. a window ending at or before its start, or two windows overlapping → VALIDATION_FAILED.
 */
export function planSlots(input: Pick<SlotGenerateRequest, 'from' | 'to' | 'windows' | 'skipDates' | 'skipWeekdays'>, today: string) {
  if (input.to < input.from) throw new ApiError(400, 'DATE_RANGE_INVALID', '结束日期不能早于开始日期')
  if (input.from < today) throw new ApiError(400, 'DATE_RANGE_INVALID', '不能生成今天之前的时段')
  const days = dayCount(input.from, input.to)
  if (days > SLOT_GENERATE_MAX_DAYS) throw new ApiError(400, 'SLOT_RANGE_TOO_LARGE', `一次最多生成 ${SLOT_GENERATE_MAX_DAYS} 天的时段`)
  const windows = [...input.windows].sort((a, b) => minutes(a.start) - minutes(b.start))
  for (const [i, w] of windows.entries()) {
    if (minutes(w.end) <= minutes(w.start)) throw new ApiError(400, 'VALIDATION_FAILED', `时段 ${w.start}-${w.end} 的结束时间须晚于开始时间`)
    const next = windows[i + 1]
    if (next && minutes(next.start) < minutes(w.end)) throw new ApiError(400, 'VALIDATION_FAILED', `时段 ${w.start}-${w.end} 与 ${next.start}-${next.end} 重叠`)
  }
  const skipDates = new Set(input.skipDates)
  const skipWeekdays = new Set(input.skipWeekdays ?? [])
  const dates: string[] = []
  const skippedDates: string[] = []
  for (let d = input.from; d <= input.to; d = addDays(d, 1)) {
    if (skipDates.has(d) || skipWeekdays.has(weekdayOf(d))) skippedDates.push(d)
    else dates.push(d)
  }
  if (dates.length * windows.length > SLOT_GENERATE_MAX_SLOTS) {
    throw new ApiError(400, 'SLOT_RANGE_TOO_LARGE', `一次最多生成 ${SLOT_GENERATE_MAX_SLOTS} 个时段（本次 ${dates.length * windows.length} 个），请缩短日期范围`)
  }
  const slots: SlotKey[] = dates.flatMap((date) => windows.map((w) => ({ date, start: w.start, end: w.end })))
  return { slots, skippedDates }
}

export async function generateSlots(deps: SetupDeps, staff: StaffAuth, input: SlotGenerateRequest): Promise<SlotGenerateResult> {
  const batch = input.batch.trim()
  const today = shanghaiDate(deps.config.now())
  const { slots, skippedDates } = planSlots(input, today)
  const dryRun = input.dryRun === true
  return deps.db.transaction().execute(async (tx) => {
    // the batch row's lock serialises two generations of one batch (edge case 3: never doubled)
    if (!(await repo.lockBatch(tx, staff.communityId, batch))) {
      throw new ApiError(404, 'BATCH_NOT_FOUND', `批次“${batch}”不存在，请先在“楼栋与批次”中添加`)
    }
    const have = await repo.existingSlotKeys(tx, staff.communityId, batch, input.from, input.to)
    const created = slots.filter((s) => !have.has(`${s.date}|${s.start}`))
    const existing = slots.filter((s) => have.has(`${s.date}|${s.start}`))
    if (!dryRun && created.length > 0) {
      await repo.insertSlots(tx, staff.communityId, batch, created, input.capacity)
      await log(tx, deps, staff, 'slots.generate', `batch:${batch}`, {
        from: input.from,
        to: input.to,
        windows: input.windows.length,
        capacity: input.capacity,
        created: created.length,
        existing: existing.length
      })
    }
    return { dryRun, batch, created, existing, skippedDates }
  })
}

export async function listSlots(deps: SetupDeps, staff: StaffAuth, q: SetupSlotsQuery): Promise<SetupSlotList> {
  const from = q.from ?? shanghaiDate(deps.config.now())
  const to = q.to ?? addDays(from, 30)
  if (to < from) throw new ApiError(400, 'DATE_RANGE_INVALID', '结束日期不能早于开始日期')
  const rows = await repo.listSlots(deps.db, staff.communityId, { batch: q.batch, from, to }, SLOT_LIST_LIMIT + 1)
  return { items: rows.slice(0, SLOT_LIST_LIMIT), truncated: rows.length > SLOT_LIST_LIMIT }
}

export async function setSlotCapacity(deps: SetupDeps, staff: StaffAuth, id: number, capacity: number): Promise<SetupSlot> {
  return deps.db.transaction().execute(async (tx) => {
    const before = await repo.findSlot(tx, staff.communityId, id)
    if (!before) throw notFound('时段')
    if (!(await repo.setSlotCapacity(tx, staff.communityId, id, capacity))) {
      const now = await repo.findSlot(tx, staff.communityId, id)
      const booked = now?.booked ?? before.booked
      throw new ApiError(409, 'SLOT_CAPACITY_BELOW_BOOKED', `该时段已预约 ${booked} 人，容量不能少于 ${booked}`)
    }
    await log(tx, deps, staff, 'slot.update', `slot:${id}`, { from: before.capacity, to: capacity })
    return (await repo.findSlot(tx, staff.communityId, id))!
  })
}

export async function deleteSlot(deps: SetupDeps, staff: StaffAuth, id: number): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const s = await repo.findSlot(tx, staff.communityId, id)
    if (!s) throw notFound('时段')
    if (!(await repo.deleteUnusedSlot(tx, staff.communityId, id))) {
      throw new ApiError(409, 'SLOT_HAS_RESERVATIONS', `该时段已有预约记录（当前已约 ${s.booked} 人），不能删除；可将容量调低`)
    }
    await log(tx, deps, staff, 'slot.delete', `slot:${id}`, { batch: s.batch, date: s.date, start: s.start })
  })
}

// ---------------------------------------------------------------- checklist

function cleanChecklist(input: SetupChecklistInput) {
  if (input.requirement === 'conditional' && !input.condition) throw new ApiError(400, 'VALIDATION_FAILED', '“按条件”的资料须选择适用条件')
  const title = input.title.trim()
  if (!title) throw new ApiError(400, 'VALIDATION_FAILED', '请填写资料名称')
  return {
    code: input.code,
    title,
    description: input.description.trim(),
    requirement: input.requirement,
    condition: input.requirement === 'conditional' ? input.condition : null
  }
}

async function checklistView(deps: SetupDeps, staff: StaffAuth): Promise<SetupChecklistItem[]> {
  return (await repo.listChecklist(deps.db, staff.communityId)) as SetupChecklistItem[]
}

export async function listChecklist(deps: SetupDeps, staff: StaffAuth): Promise<SetupChecklistList> {
  return { items: await checklistView(deps, staff) }
}

export async function createChecklistItem(deps: SetupDeps, staff: StaffAuth, input: SetupChecklistInput): Promise<SetupChecklistItem> {
  const item = cleanChecklist(input)
  let id: number
  try {
    id = await deps.db.transaction().execute(async (tx) => {
      const list = await repo.listChecklist(tx, staff.communityId)
      if (list.some((i) => i.code === item.code)) throw new ApiError(409, 'SETUP_DUPLICATE', `资料编码“${item.code}”已存在`)
      const id = await repo.insertChecklistItem(tx, staff.communityId, { ...item, sort: input.sort ?? list.length })
      await log(tx, deps, staff, 'checklist.create', `checklist:${id}`, { code: item.code, requirement: item.requirement })
      return id
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError(409, 'SETUP_DUPLICATE', `资料编码“${item.code}”已存在`)
    throw err
  }
  return (await checklistView(deps, staff)).find((i) => i.id === id)!
}

export async function updateChecklistItem(deps: SetupDeps, staff: StaffAuth, id: number, input: SetupChecklistInput): Promise<SetupChecklistItem> {
  const item = cleanChecklist(input)
  try {
    await deps.db.transaction().execute(async (tx) => {
      const list = await repo.listChecklist(tx, staff.communityId)
      const old = list.find((i) => i.id === id)
      if (!old) throw notFound('资料项')
      if (item.code !== old.code) {
        if (old.submissionCount > 0) throw new ApiError(409, 'CHECKLIST_ITEM_IN_USE', `已有 ${old.submissionCount} 份业主提交的“${old.title}”，不能修改编码`)
        if (list.some((i) => i.code === item.code)) throw new ApiError(409, 'SETUP_DUPLICATE', `资料编码“${item.code}”已存在`)
      }
      await repo.updateChecklistItem(tx, staff.communityId, id, { ...item, sort: input.sort ?? old.sort })
      await log(tx, deps, staff, 'checklist.update', `checklist:${id}`, { code: item.code, requirement: item.requirement })
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError(409, 'SETUP_DUPLICATE', `资料编码“${item.code}”已存在`)
    throw err
  }
  return (await checklistView(deps, staff)).find((i) => i.id === id)!
}

export async function deleteChecklistItem(deps: SetupDeps, staff: StaffAuth, id: number): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const old = (await repo.listChecklist(tx, staff.communityId)).find((i) => i.id === id)
    if (!old) throw notFound('资料项')
    if (old.submissionCount > 0) {
      throw new ApiError(409, 'CHECKLIST_ITEM_IN_USE', `已有 ${old.submissionCount} 份业主提交的“${old.title}”，不能删除；如不再需要，可改为“选填”`)
    }
    await repo.deleteChecklistItem(tx, staff.communityId, id)
    await log(tx, deps, staff, 'checklist.delete', `checklist:${id}`, { code: old.code })
  })
}

// ---------------------------------------------------------------- fees

export async function listFeeRates(deps: SetupDeps, staff: StaffAuth): Promise<SetupFeeRateList> {
  const c = await repo.findCommunity(deps.db, staff.communityId)
  return {
    items: (await repo.listFeeRates(deps.db, staff.communityId)) as SetupFeeRate[],
    prepaidMonths: Number(c?.prepaid_months ?? 0),
    billCount: await repo.countBills(deps.db, staff.communityId)
  }
}

async function saveFeeRate(deps: SetupDeps, staff: StaffAuth, id: number | null, input: SetupFeeRateInput): Promise<SetupFeeRate> {
  const label = input.label.trim()
  if (!label) throw new ApiError(400, 'VALIDATION_FAILED', '请填写收费项目名称')
  const newId = await deps.db.transaction().execute(async (tx) => {
    await repo.lockCommunity(tx, staff.communityId)
    const list = await repo.listFeeRates(tx, staff.communityId)
    const old = id === null ? null : list.find((f) => f.id === id)
    if (id !== null && !old) throw notFound('收费项目')
    if (list.some((f) => f.kind === input.kind && f.id !== id)) throw new ApiError(409, 'SETUP_DUPLICATE', `收费项目编码“${input.kind}”已存在`)
    const values = { kind: input.kind, label, basis: input.basis, rate_cents: input.rateCents, sort: input.sort ?? old?.sort ?? list.length }
    const rid = id === null ? await repo.insertFeeRate(tx, staff.communityId, values) : (await repo.updateFeeRate(tx, staff.communityId, id, values), id)
    await log(tx, deps, staff, id === null ? 'fee.create' : 'fee.update', `fee_rate:${rid}`, {
      kind: input.kind,
      basis: input.basis,
      rateCents: input.rateCents,
      ...(old ? { fromCents: old.rateCents } : {})
    })
    return rid
  })
  return (await repo.listFeeRates(deps.db, staff.communityId)).find((f) => f.id === newId) as SetupFeeRate
}

export const createFeeRate = (deps: SetupDeps, staff: StaffAuth, input: SetupFeeRateInput) => saveFeeRate(deps, staff, null, input)
export const updateFeeRate = (deps: SetupDeps, staff: StaffAuth, id: number, input: SetupFeeRateInput) => saveFeeRate(deps, staff, id, input)

export async function deleteFeeRate(deps: SetupDeps, staff: StaffAuth, id: number): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const old = (await repo.listFeeRates(tx, staff.communityId)).find((f) => f.id === id)
    if (!old) throw notFound('收费项目')
    await repo.deleteFeeRate(tx, staff.communityId, id)
    await log(tx, deps, staff, 'fee.delete', `fee_rate:${id}`, { kind: old.kind })
  })
}

// ---------------------------------------------------------------- agreements

export async function listAgreements(deps: SetupDeps, staff: StaffAuth): Promise<SetupAgreementList> {
  const all = (await listForStaff(deps.db, staff)).items
  return {
    kinds: AGREEMENT_KINDS.map((kind) => {
      const versions = all
        .filter((a) => a.kind === kind)
        .sort((a, b) => b.version - a.version)
        .map((a) => ({ id: a.id, version: a.version, title: a.title, body: a.body, active: a.active, createdAt: a.createdAt, signedCount: a.signedCount }))
      return { kind, current: versions.find((v) => v.active) ?? null, versions }
    })
  }
}

/** Publishes version+1 of a kind (agreements/service.ts publishVersion does the versioning). */
export async function publishAgreement(deps: SetupDeps, staff: StaffAuth, input: SetupAgreementInput): Promise<SetupAgreementList> {
  const a = await publishVersion(deps.db, deps.config, staff, input)
  await log(deps.db, deps, staff, 'agreement.publish', `agreement:${a.id}`, { kind: a.kind, version: a.version })
  return listAgreements(deps, staff)
}

// ---------------------------------------------------------------- survey weights

export async function getSurveyWeights(deps: SetupDeps, staff: StaffAuth): Promise<SetupSurveyWeights> {
  const items = await repo.listSurveyItems(deps.db, staff.communityId)
  return { items: items.map((i) => ({ code: i.code, title: i.title, weight: i.weight })) }
}

export async function putSurveyWeights(deps: SetupDeps, staff: StaffAuth, input: SetupSurveyWeightsInput): Promise<SetupSurveyWeights> {
  await deps.db.transaction().execute(async (tx) => {
    const items = await repo.listSurveyItems(tx, staff.communityId)
    const codes = new Set(items.map((i) => i.code))
    const unknown = Object.keys(input.weights).filter((c) => !codes.has(c))
    if (unknown.length > 0) throw new ApiError(400, 'SURVEY_ITEM_UNKNOWN', `问卷中没有题目 ${unknown.join('、')}`)
    const missing = items.filter((i) => !(i.code in input.weights))
    if (missing.length > 0) throw new ApiError(400, 'VALIDATION_FAILED', `请为每一题设置权重（缺少“${missing[0].title}”）`)
    for (const i of items) {
      const w = input.weights[i.code]
      if (!(w > 0) || !Number.isFinite(w)) throw new ApiError(400, 'VALIDATION_FAILED', `“${i.title}”的权重须为正数`)
      await repo.setSurveyWeight(tx, staff.communityId, i.code, w)
    }
    // communities.survey_weights mirrors survey_items.weight (the CSI reads the items)
    await repo.updateCommunity(tx, staff.communityId, { survey_weights: JSON.stringify(Object.fromEntries(items.map((i) => [i.code, input.weights[i.code]]))) })
    await log(tx, deps, staff, 'survey.weights.update', `community:${staff.communityId}`, { weights: input.weights })
  })
  return getSurveyWeights(deps, staff)
}

// ---------------------------------------------------------------- status

const STAFF_ROLE_TITLES: Record<string, string> = { reception: '接待', reviewer: '审核', inspector: '验房', cashier: '收银' }

/** What is still missing before the move-in notices can go out (printing itself is not known here). */
export async function status(deps: SetupDeps, staff: StaffAuth): Promise<SetupStatus> {
  const db = deps.db
  const cid = staff.communityId
  const c = await repo.findCommunity(db, cid)
  if (!c) throw notFound('小区')
  const items: SetupStatusItem[] = []

  const profileMissing = [
    ['地址', c.address],
    ['服务电话', c.service_phone],
    ['服务时间', c.service_hours],
    ['物业公司', c.company]
  ]
    .filter(([, v]) => !String(v ?? '').trim())
    .map(([k]) => k)
  items.push({
    key: 'profile',
    title: '填写小区基本信息',
    done: profileMissing.length === 0,
    hint: profileMissing.length === 0 ? '地址、服务电话、服务时间和物业公司已填写' : `还缺：${profileMissing.join('、')}`,
    url: `${PAGE}?section=profile`
  })

  const buildings = await repo.listBuildings(db, cid)
  const houseCount = await repo.countHouses(db, cid)
  items.push({
    key: 'houses',
    title: '导入楼栋与房屋',
    done: buildings.length > 0 && houseCount > 0,
    hint: houseCount > 0 ? `已有 ${buildings.length} 栋、${houseCount} 户` : buildings.length > 0 ? `已有 ${buildings.length} 栋，尚未导入房屋` : '尚未导入业主与房屋名单',
    url: '/manager/import/index'
  })

  const batches = await repo.listBatches(db, cid)
  const houseBatches = await repo.houseCountsByBatch(db, cid)
  const byCode = new Map(batches.map((b) => [b.code, b]))
  const batchProblems: string[] = []
  for (const code of houseBatches.keys()) {
    const b = byCode.get(code)
    if (!b) batchProblems.push(`“${code}”未建批次`)
    else if (!b.startsOn || !b.endsOn || !b.place.trim()) batchProblems.push(`“${code}”缺${!b.startsOn || !b.endsOn ? '日期' : '地点'}`)
  }
  items.push({
    key: 'batches',
    title: '设置交付批次的日期与地点',
    done: houseBatches.size > 0 && batchProblems.length === 0,
    hint: houseBatches.size === 0 ? '导入房屋后设置' : batchProblems.length === 0 ? `${houseBatches.size} 个批次已设置日期与地点` : batchProblems.join('；'),
    url: `${PAGE}?section=batches`
  })

  const slotBatches = await repo.slotCountsByBatch(db, cid)
  const noSlots = [...houseBatches.keys()].filter((code) => !(slotBatches.get(code) ?? 0))
  items.push({
    key: 'slots',
    title: '生成预约时段',
    done: houseBatches.size > 0 && noSlots.length === 0,
    hint: houseBatches.size === 0 ? '导入房屋后生成' : noSlots.length === 0 ? '每个批次都已有预约时段' : `${noSlots.map((c) => `“${c}”`).join('、')}还没有预约时段`,
    url: `${PAGE}?section=slots`
  })

  const checklist = await repo.listChecklist(db, cid)
  const required = checklist.filter((i) => i.requirement === 'required').length
  items.push({
    key: 'checklist',
    title: '设置入伙资料清单',
    done: required > 0,
    hint: required > 0 ? `${checklist.length} 项资料，其中 ${required} 项必交` : '至少需要一项必交资料（如业主身份证）',
    url: `${PAGE}?section=checklist`
  })

  const rates = await repo.listFeeRates(db, cid)
  items.push({
    key: 'fees',
    title: '设置收费标准',
    done: rates.length > 0,
    hint: rates.length > 0 ? `${rates.length} 个收费项目` : '尚未设置收费项目',
    url: `${PAGE}?section=fees`
  })

  const kinds = await repo.activeAgreementKinds(db, cid)
  const missingKinds = AGREEMENT_KINDS.filter((k) => !kinds.has(k))
  const KIND_TITLES: Record<string, string> = { property_service: '物业服务协议', fee_collection: '前期物业费代收代缴协议' }
  items.push({
    key: 'agreements',
    title: '发布协议文本',
    done: missingKinds.length === 0,
    hint: missingKinds.length === 0 ? '两份协议均已发布' : `尚未发布：${missingKinds.map((k) => `《${KIND_TITLES[k]}》`).join('、')}`,
    url: `${PAGE}?section=agreements`
  })

  const roles = await repo.staffCountsByRole(db, cid)
  const others = Object.keys(STAFF_ROLE_TITLES).filter((r) => (roles.get(r) ?? 0) > 0)
  items.push({
    key: 'staff',
    title: '开通工作人员账号',
    done: others.length > 0,
    hint: others.length > 0 ? `已开通：${others.map((r) => STAFF_ROLE_TITLES[r]).join('、')}` : '除经理外还没有接待、审核、验房或收银账号',
    url: '/manager/accounts/index'
  })

  return { ready: items.every((i) => i.done), items }
}

/*
 * SQL of the community set-up. Every query is scoped by community_id: a manager reaches only
 * their own community, and another community's id reads as "not found".
 */
import { PostgresAdapter, sql } from 'kysely'
import type { Executor } from '../../db/database'

const n = (v: unknown) => Number(v ?? 0)

// ---------------------------------------------------------------- profile and policy

export async function findCommunity(db: Executor, communityId: number) {
  return db.selectFrom('communities').selectAll().where('id', '=', communityId).executeTakeFirst()
}

export async function updateCommunity(
  db: Executor,
  communityId: number,
  values: Partial<{
    name: string
    address: string
    service_phone: string
    service_hours: string
    service_place: string
    company: string
    handbook: string
    prepaid_months: number
    upload_retention_days: number
    reception_windows: number
    policy_fees_required_for_keys: number
    policy_agreements_required_for_keys: number
    reservation_cutoff_hours: number
    survey_weights: string
  }>
) {
  await db.updateTable('communities').set(values).where('id', '=', communityId).execute()
}

// ---------------------------------------------------------------- buildings

export async function listBuildings(db: Executor, communityId: number) {
  const rows = await db
    .selectFrom('buildings as b')
    .leftJoin('houses as h', 'h.building_id', 'b.id')
    .select(['b.id', 'b.name', 'b.sort', sql<number>`count(h.id)`.as('houses')])
    .where('b.community_id', '=', communityId)
    .groupBy(['b.id', 'b.name', 'b.sort'])
    .orderBy('b.sort')
    .orderBy('b.id')
    .execute()
  return rows.map((r) => ({ id: n(r.id), name: r.name, sort: n(r.sort), houseCount: n(r.houses) }))
}

/**
 * Serialises a community's set-up writes that check a name before inserting (buildings and
 * fee items carry no UNIQUE constraint on it): PostgreSQL locks the community row FOR NO KEY
 * UPDATE for the transaction; SQLite serialises writers.
 */
export async function lockCommunity(tx: Executor, communityId: number): Promise<void> {
  if (tx.getExecutor().adapter instanceof PostgresAdapter) {
    await tx.selectFrom('communities').select('id').where('id', '=', communityId).forNoKeyUpdate().execute()
  }
}

export async function findBuildingByName(db: Executor, communityId: number, name: string) {
  return db.selectFrom('buildings').select(['id']).where('community_id', '=', communityId).where('name', '=', name).executeTakeFirst()
}

export async function insertBuilding(db: Executor, communityId: number, name: string, sort: number): Promise<number> {
  const r = await db.insertInto('buildings').values({ community_id: communityId, name, sort }).returning('id').executeTakeFirstOrThrow()
  return n(r.id)
}

export async function updateBuilding(db: Executor, communityId: number, id: number, values: { name: string; sort?: number }) {
  const r = await db.updateTable('buildings').set(values).where('id', '=', id).where('community_id', '=', communityId).executeTakeFirst()
  return n(r.numUpdatedRows) === 1
}

/** Deletes a building without houses; false when it has houses or is not this community's. */
export async function deleteEmptyBuilding(db: Executor, communityId: number, id: number) {
  const r = await db
    .deleteFrom('buildings')
    .where('id', '=', id)
    .where('community_id', '=', communityId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('houses').select('houses.id').whereRef('houses.building_id', '=', 'buildings.id'))))
    .executeTakeFirst()
  return n(r.numDeletedRows) === 1
}

export async function findBuilding(db: Executor, communityId: number, id: number) {
  return db.selectFrom('buildings').select(['id', 'name']).where('id', '=', id).where('community_id', '=', communityId).executeTakeFirst()
}

export async function countHousesOfBuilding(db: Executor, id: number) {
  const r = await db.selectFrom('houses').select(sql<number>`count(*)`.as('n')).where('building_id', '=', id).executeTakeFirst()
  return n(r?.n)
}

// ---------------------------------------------------------------- batches

export interface BatchRow {
  id: number
  code: string
  title: string
  buildings: string[]
  startsOn: string | null
  endsOn: string | null
  place: string
  sort: number
}

function parseList(text: string): string[] {
  try {
    const v = JSON.parse(text)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

export async function listBatches(db: Executor, communityId: number): Promise<BatchRow[]> {
  const rows = await db
    .selectFrom('batches')
    .select(['id', 'code', 'title', 'buildings', 'starts_on', 'ends_on', 'place', 'sort'])
    .where('community_id', '=', communityId)
    .orderBy('sort')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: n(r.id),
    code: r.code,
    title: r.title,
    buildings: parseList(r.buildings),
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    place: r.place,
    sort: n(r.sort)
  }))
}

export async function findBatch(db: Executor, communityId: number, id: number): Promise<BatchRow | null> {
  return (await listBatches(db, communityId)).find((b) => b.id === id) ?? null
}

export async function findBatchByCode(db: Executor, communityId: number, code: string): Promise<BatchRow | null> {
  return (await listBatches(db, communityId)).find((b) => b.code === code) ?? null
}

/** Houses per batch code (including codes with no batch row). */
export async function houseCountsByBatch(db: Executor, communityId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('houses')
    .select(['batch', sql<number>`count(*)`.as('n')])
    .where('community_id', '=', communityId)
    .groupBy('batch')
    .execute()
  return new Map(rows.map((r) => [r.batch, n(r.n)]))
}

export async function slotCountsByBatch(db: Executor, communityId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('slots')
    .select(['batch', sql<number>`count(*)`.as('n')])
    .where('community_id', '=', communityId)
    .groupBy('batch')
    .execute()
  return new Map(rows.map((r) => [r.batch, n(r.n)]))
}

export async function insertBatch(
  db: Executor,
  communityId: number,
  b: Omit<BatchRow, 'id'>,
  at: string
): Promise<number> {
  const r = await db
    .insertInto('batches')
    .values({
      community_id: communityId,
      code: b.code,
      title: b.title,
      buildings: JSON.stringify(b.buildings),
      starts_on: b.startsOn,
      ends_on: b.endsOn,
      place: b.place,
      sort: b.sort,
      created_at: at
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return n(r.id)
}

export async function updateBatch(db: Executor, communityId: number, id: number, b: Omit<BatchRow, 'id'>) {
  await db
    .updateTable('batches')
    .set({
      code: b.code,
      title: b.title,
      buildings: JSON.stringify(b.buildings),
      starts_on: b.startsOn,
      ends_on: b.endsOn,
      place: b.place,
      sort: b.sort
    })
    .where('id', '=', id)
    .where('community_id', '=', communityId)
    .execute()
}

export async function deleteBatch(db: Executor, communityId: number, id: number) {
  await db.deleteFrom('batches').where('id', '=', id).where('community_id', '=', communityId).execute()
}

/** Whether houses or slots carry this batch code (then the code is in use). */
export async function batchCodeInUse(db: Executor, communityId: number, code: string) {
  const h = await db.selectFrom('houses').select(sql<number>`count(*)`.as('n')).where('community_id', '=', communityId).where('batch', '=', code).executeTakeFirst()
  const s = await db.selectFrom('slots').select(sql<number>`count(*)`.as('n')).where('community_id', '=', communityId).where('batch', '=', code).executeTakeFirst()
  return { houses: n(h?.n), slots: n(s?.n) }
}

// ---------------------------------------------------------------- slots

export interface SetupSlotRow {
  id: number
  batch: string
  date: string
  start: string
  end: string
  capacity: number
  booked: number
}

const toSlot = (r: { id: number; batch: string; date: string; start_time: string; end_time: string; capacity: number; booked: number }): SetupSlotRow => ({
  id: n(r.id),
  batch: r.batch,
  date: r.date,
  start: r.start_time,
  end: r.end_time,
  capacity: n(r.capacity),
  booked: n(r.booked)
})

export async function listSlots(
  db: Executor,
  communityId: number,
  f: { batch?: string; from?: string; to?: string },
  limit: number
): Promise<SetupSlotRow[]> {
  let q = db
    .selectFrom('slots')
    .select(['id', 'batch', 'date', 'start_time', 'end_time', 'capacity', 'booked'])
    .where('community_id', '=', communityId)
  if (f.batch) q = q.where('batch', '=', f.batch)
  if (f.from) q = q.where('date', '>=', f.from)
  if (f.to) q = q.where('date', '<=', f.to)
  const rows = await q.orderBy('date').orderBy('start_time').orderBy('batch').orderBy('id').limit(limit).execute()
  return rows.map(toSlot)
}

export async function findSlot(db: Executor, communityId: number, id: number): Promise<SetupSlotRow | null> {
  const r = await db
    .selectFrom('slots')
    .select(['id', 'batch', 'date', 'start_time', 'end_time', 'capacity', 'booked'])
    .where('id', '=', id)
    .where('community_id', '=', communityId)
    .executeTakeFirst()
  return r ? toSlot(r) : null
}

/** Existing `date|start` keys of a batch within a date range. */
export async function existingSlotKeys(db: Executor, communityId: number, batch: string, from: string, to: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('slots')
    .select(['date', 'start_time'])
    .where('community_id', '=', communityId)
    .where('batch', '=', batch)
    .where('date', '>=', from)
    .where('date', '<=', to)
    .execute()
  return new Set(rows.map((r) => `${r.date}|${r.start_time}`))
}

/**
 * Locks the batch row until the transaction ends (a no-op UPDATE takes the row lock on
 * PostgreSQL; SQLite runs one write transaction at a time anyway), so two generations of one
 * batch run one after the other and the second sees the first one's slots.
 */
export async function lockBatch(db: Executor, communityId: number, code: string): Promise<boolean> {
  const r = await db.updateTable('batches').set({ sort: sql`sort` }).where('community_id', '=', communityId).where('code', '=', code).executeTakeFirst()
  return n(r.numUpdatedRows) === 1
}

/** Inserts new slots (the caller checked they do not exist, under lockBatch). */
export async function insertSlots(
  db: Executor,
  communityId: number,
  batch: string,
  slots: { date: string; start: string; end: string }[],
  capacity: number
): Promise<void> {
  for (let i = 0; i < slots.length; i += 200) {
    const chunk = slots.slice(i, i + 200)
    await db
      .insertInto('slots')
      .values(chunk.map((s) => ({ community_id: communityId, batch, date: s.date, start_time: s.start, end_time: s.end, capacity, booked: 0 })))
      .execute()
  }
}

/**
 * Sets a slot's capacity in ONE conditional statement: `booked <= capacity` is checked by the
 * row being updated, so a booking committed a moment earlier is always seen, and a booking
 * racing it waits for the row lock and then finds the new capacity (its own `booked <
 * capacity` condition). False when the slot holds more bookings than `capacity` (or is not
 * this community's).
 */
export async function setSlotCapacity(db: Executor, communityId: number, id: number, capacity: number): Promise<boolean> {
  const r = await db
    .updateTable('slots')
    .set({ capacity })
    .where('id', '=', id)
    .where('community_id', '=', communityId)
    .where('booked', '<=', capacity)
    .executeTakeFirst()
  return n(r.numUpdatedRows) === 1
}

/** Deletes a slot nobody ever reserved (no reservation row of any status, nothing booked). */
export async function deleteUnusedSlot(db: Executor, communityId: number, id: number): Promise<boolean> {
  const r = await db
    .deleteFrom('slots')
    .where('id', '=', id)
    .where('community_id', '=', communityId)
    .where('booked', '=', 0)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('reservations').select('reservations.id').whereRef('reservations.slot_id', '=', 'slots.id'))))
    .executeTakeFirst()
  return n(r.numDeletedRows) === 1
}

// ---------------------------------------------------------------- checklist

export async function listChecklist(db: Executor, communityId: number) {
  const items = await db
    .selectFrom('checklist_items')
    .select(['id', 'code', 'title', 'description', 'requirement', 'condition', 'sort'])
    .where('community_id', '=', communityId)
    .orderBy('sort')
    .orderBy('id')
    .execute()
  const counts = await db
    .selectFrom('document_submissions as d')
    .innerJoin('move_in_cases as c', 'c.id', 'd.case_id')
    .innerJoin('houses as h', 'h.id', 'c.house_id')
    .select(['d.item_code', sql<number>`count(*)`.as('n')])
    .where('h.community_id', '=', communityId)
    .where('d.status', '!=', 'missing')
    .groupBy('d.item_code')
    .execute()
  const uploads = await db
    .selectFrom('uploads as u')
    .innerJoin('move_in_cases as c', 'c.id', 'u.case_id')
    .innerJoin('houses as h', 'h.id', 'c.house_id')
    .select(['u.item_code', sql<number>`count(*)`.as('n')])
    .where('h.community_id', '=', communityId)
    .where('u.deleted_at', 'is', null)
    .groupBy('u.item_code')
    .execute()
  const byCode = new Map<string, number>()
  for (const r of counts) byCode.set(r.item_code, n(r.n))
  for (const r of uploads) if (r.item_code && !byCode.has(r.item_code)) byCode.set(r.item_code, n(r.n))
  return items.map((i) => ({
    id: n(i.id),
    code: i.code,
    title: i.title,
    description: i.description,
    requirement: i.requirement,
    condition: i.condition,
    sort: n(i.sort),
    submissionCount: byCode.get(i.code) ?? 0
  }))
}

export async function insertChecklistItem(
  db: Executor,
  communityId: number,
  i: { code: string; title: string; description: string; requirement: string; condition: string | null; sort: number }
): Promise<number> {
  const r = await db
    .insertInto('checklist_items')
    .values({ community_id: communityId, ...i })
    .returning('id')
    .executeTakeFirstOrThrow()
  return n(r.id)
}

export async function updateChecklistItem(
  db: Executor,
  communityId: number,
  id: number,
  i: { code: string; title: string; description: string; requirement: string; condition: string | null; sort: number }
) {
  await db.updateTable('checklist_items').set(i).where('id', '=', id).where('community_id', '=', communityId).execute()
}

export async function deleteChecklistItem(db: Executor, communityId: number, id: number) {
  await db.deleteFrom('checklist_items').where('id', '=', id).where('community_id', '=', communityId).execute()
}

// ---------------------------------------------------------------- fees

export async function listFeeRates(db: Executor, communityId: number) {
  const rows = await db
    .selectFrom('fee_rates')
    .select(['id', 'kind', 'label', 'basis', 'rate_cents', 'sort'])
    .where('community_id', '=', communityId)
    .orderBy('sort')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ id: n(r.id), kind: r.kind, label: r.label, basis: r.basis, rateCents: n(r.rate_cents), sort: n(r.sort) }))
}

export async function countBills(db: Executor, communityId: number) {
  const r = await db
    .selectFrom('bills as b')
    .innerJoin('move_in_cases as c', 'c.id', 'b.case_id')
    .innerJoin('houses as h', 'h.id', 'c.house_id')
    .select(sql<number>`count(*)`.as('n'))
    .where('h.community_id', '=', communityId)
    .executeTakeFirst()
  return n(r?.n)
}

export async function insertFeeRate(
  db: Executor,
  communityId: number,
  f: { kind: string; label: string; basis: string; rate_cents: number; sort: number }
): Promise<number> {
  const r = await db.insertInto('fee_rates').values({ community_id: communityId, ...f }).returning('id').executeTakeFirstOrThrow()
  return n(r.id)
}

export async function updateFeeRate(
  db: Executor,
  communityId: number,
  id: number,
  f: { kind: string; label: string; basis: string; rate_cents: number; sort: number }
) {
  await db.updateTable('fee_rates').set(f).where('id', '=', id).where('community_id', '=', communityId).execute()
}

export async function deleteFeeRate(db: Executor, communityId: number, id: number) {
  await db.deleteFrom('fee_rates').where('id', '=', id).where('community_id', '=', communityId).execute()
}

// ---------------------------------------------------------------- survey

export async function listSurveyItems(db: Executor, communityId: number) {
  const rows = await db
    .selectFrom('survey_items')
    .select(['id', 'code', 'title', 'weight'])
    .where('community_id', '=', communityId)
    .orderBy('sort')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ id: n(r.id), code: r.code, title: r.title, weight: Number(r.weight) }))
}

export async function setSurveyWeight(db: Executor, communityId: number, code: string, weight: number) {
  await db.updateTable('survey_items').set({ weight }).where('community_id', '=', communityId).where('code', '=', code).execute()
}

// ---------------------------------------------------------------- status

export async function countHouses(db: Executor, communityId: number) {
  const r = await db.selectFrom('houses').select(sql<number>`count(*)`.as('n')).where('community_id', '=', communityId).executeTakeFirst()
  return n(r?.n)
}

/** Active staff accounts per role. */
export async function staffCountsByRole(db: Executor, communityId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('staff_users')
    .select(['role', sql<number>`count(*)`.as('n')])
    .where('community_id', '=', communityId)
    .where('active', '=', 1)
    .groupBy('role')
    .execute()
  return new Map(rows.map((r) => [r.role, n(r.n)]))
}

export async function activeAgreementKinds(db: Executor, communityId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('agreements').select('kind').where('community_id', '=', communityId).where('active', '=', 1).execute()
  return new Set(rows.map((r) => r.kind))
}

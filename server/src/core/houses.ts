// Houses and their labels: read by nearly every feature, so they live below the features
// (owner verification, staff lists, fees, notices...) instead of inside one of them.
import { sql } from 'kysely'
import type { Executor } from '../db/database'

/** House with its building and community, as the owner-facing summaries need it. */
export interface HouseRow {
  id: number
  communityId: number
  communityName: string
  servicePhone: string
  building: string
  unit: string
  room: string
  floor: number
  area: number
  batch: string
  inviteToken: string
  openForMoveIn: boolean
}

/** A HouseRow's columns, over `houses as h` joined to `buildings as b` and `communities as c`. */
export const HOUSE_COLUMNS = [
  'h.id',
  'h.community_id',
  'c.name as community_name',
  'c.service_phone',
  'b.name as building',
  'h.unit',
  'h.room',
  'h.floor',
  'h.area',
  'h.batch',
  'h.invite_token',
  'h.open_for_move_in'
] as const

function houseQuery(db: Executor) {
  return db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .innerJoin('communities as c', 'c.id', 'h.community_id')
    .select(HOUSE_COLUMNS)
}

export type RawHouse = {
  id: number
  community_id: number
  community_name: string
  service_phone: string
  building: string
  unit: string
  room: string
  floor: number
  area: number
  batch: string
  invite_token: string
  open_for_move_in: number
}

export function toHouse(r: RawHouse): HouseRow {
  return {
    id: Number(r.id),
    communityId: Number(r.community_id),
    communityName: r.community_name,
    servicePhone: r.service_phone,
    building: r.building,
    unit: r.unit,
    room: r.room,
    floor: Number(r.floor),
    area: Number(r.area),
    batch: r.batch,
    inviteToken: r.invite_token,
    openForMoveIn: Number(r.open_for_move_in) === 1
  }
}

/** A house as people name it: 3栋2单元1201. */
export function houseLabel(h: { building: string; unit: string; room: string }): string {
  return `${h.building}${h.unit}单元${h.room}`
}

/** houseLabel in SQL, over a query that joins `houses as h` and `buildings as b` (house searches match it). */
export function houseLabelSql() {
  return sql<string>`concat(${sql.ref('b.name')}, ${sql.ref('h.unit')}, '单元', ${sql.ref('h.room')})`
}

export function toHouseSummary(h: HouseRow) {
  return {
    id: h.id,
    communityName: h.communityName,
    building: h.building,
    unit: h.unit,
    room: h.room,
    label: houseLabel(h),
    area: h.area,
    batch: h.batch
  }
}

export async function findHouseByToken(db: Executor, token: string): Promise<HouseRow | null> {
  const r = await houseQuery(db).where('h.invite_token', '=', token).executeTakeFirst()
  return r ? toHouse(r as RawHouse) : null
}

export async function findHouseById(db: Executor, id: number): Promise<HouseRow | null> {
  const r = await houseQuery(db).where('h.id', '=', id).executeTakeFirst()
  return r ? toHouse(r as RawHouse) : null
}

// --- registered owners of a house ---

export async function findOwnerById(db: Executor, id: number) {
  const r = await db.selectFrom('registered_owners').select(['id', 'name', 'id_cipher', 'house_id']).where('id', '=', id).executeTakeFirst()
  return r ? { id: Number(r.id), name: r.name, idCipher: r.id_cipher, houseId: Number(r.house_id) } : null
}

export async function firstOwnerOfHouse(db: Executor, houseId: number) {
  const r = await db
    .selectFrom('registered_owners')
    .select(['id', 'name', 'id_cipher'])
    .where('house_id', '=', houseId)
    .orderBy('id')
    .executeTakeFirst()
  return r ? { id: Number(r.id), name: r.name, idCipher: r.id_cipher } : null
}

/** The case's owner, or the house's first registered owner when the case names none (delegate cases, unverified). */
export async function ownerOfCase(db: Executor, c: { ownerId: number | null; houseId: number }) {
  return c.ownerId ? findOwnerById(db, c.ownerId) : firstOwnerOfHouse(db, c.houseId)
}

/** Houses of one community whose label, room or owner name contains `q`. */
export async function searchHouses(db: Executor, communityId: number, q: string, limit = 20) {
  // Wildcards carry no meaning in a house or name search; dropping them avoids dialect escapes.
  const like = `%${q.replace(/[\\%_]/g, '')}%`
  const rows = await db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .leftJoin('registered_owners as o', 'o.house_id', 'h.id')
    .leftJoin('move_in_cases as mc', 'mc.house_id', 'h.id')
    .select([
      'h.id',
      'b.name as building',
      'h.unit',
      'h.room',
      'o.id as owner_id',
      'o.name as owner_name',
      'o.id_cipher',
      'mc.id as case_id',
      'mc.verified_at'
    ])
    .where('h.community_id', '=', communityId)
    .where((eb) =>
      eb.or([
        eb(houseLabelSql(), 'like', like),
        eb('h.room', 'like', like),
        eb('o.name', 'like', like)
      ])
    )
    .orderBy('h.id')
    .orderBy('o.id')
    .limit(limit * 3)
    .execute()
  // One row per house (its first registered owner).
  const seen = new Set<number>()
  const out: typeof rows = []
  for (const r of rows) {
    if (seen.has(Number(r.id))) continue
    seen.add(Number(r.id))
    out.push(r)
    if (out.length >= limit) break
  }
  return out.map((r) => ({
    houseId: Number(r.id),
    building: r.building,
    unit: r.unit,
    room: r.room,
    ownerName: r.owner_name ?? '',
    idCipher: r.id_cipher ?? null,
    caseId: r.case_id === null ? null : Number(r.case_id),
    verified: r.verified_at !== null && r.verified_at !== undefined
  }))
}

export interface HouseListFilters {
  q?: string
  building?: string
  batch?: string
}

/**
 * Every house of a community matching the filters, in print order (building, unit, room;
 * numeric strings compare by length first so 2 sorts before 10), as ids only: cheap enough
 * for a whole community, so a stage filter and the page slice can work on it in memory.
 */
export async function listHouseIds(db: Executor, communityId: number, f: HouseListFilters) {
  let q = db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .leftJoin('move_in_cases as mc', 'mc.house_id', 'h.id')
    .select(['h.id', 'mc.id as case_id'])
    .where('h.community_id', '=', communityId)
  if (f.building) q = q.where('b.name', '=', f.building)
  if (f.batch) q = q.where('h.batch', '=', f.batch)
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, '')}%`
    q = q.where((eb) =>
      eb.or([
        eb(houseLabelSql(), 'like', like),
        eb('h.room', 'like', like),
        eb.exists(eb.selectFrom('registered_owners as o').select('o.id').whereRef('o.house_id', '=', 'h.id').where('o.name', 'like', like))
      ])
    )
  }
  const rows = await q
    .orderBy('b.sort')
    .orderBy(sql`length(${sql.ref('b.name')})`)
    .orderBy('b.name')
    .orderBy(sql`length(${sql.ref('h.unit')})`)
    .orderBy('h.unit')
    .orderBy(sql`length(${sql.ref('h.room')})`)
    .orderBy('h.room')
    .orderBy('h.id')
    .execute()
  return rows.map((r) => ({ houseId: Number(r.id), caseId: r.case_id === null || r.case_id === undefined ? null : Number(r.case_id) }))
}

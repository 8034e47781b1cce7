/*
 * SQL of the owner-list import. Reads load a whole community at once (a few queries for
 * 10,000 houses); writes are multi-row inserts in chunks and single-row updates only for what
 * changed. Everything takes an Executor so the commit runs in one transaction.
 */
import { sql } from 'kysely'
import type { Executor } from '../../db/database'

/** Rows per multi-row INSERT: 11 columns × 500 stays far below SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500

export interface SnapshotHouse {
  id: number
  buildingId: number
  unit: string
  room: string
  area: number
  batch: string
}
export interface SnapshotOwner {
  id: number
  houseId: number
  name: string
  idHmac: string
  phoneHmac: string | null
  note: string
}
export interface Snapshot {
  buildings: { id: number; name: string; sort: number }[]
  houses: SnapshotHouse[]
  owners: SnapshotOwner[]
  batchCodes: string[]
  /** houses whose case already has a bill (stored on first use, never recomputed) */
  billedHouseIds: number[]
}

export async function loadSnapshot(db: Executor, communityId: number): Promise<Snapshot> {
  const [buildings, houses, owners, batches, billed] = await Promise.all([
    db.selectFrom('buildings').select(['id', 'name', 'sort']).where('community_id', '=', communityId).orderBy('id').execute(),
    db.selectFrom('houses').select(['id', 'building_id', 'unit', 'room', 'area', 'batch']).where('community_id', '=', communityId).execute(),
    db
      .selectFrom('registered_owners as o')
      .innerJoin('houses as h', 'h.id', 'o.house_id')
      .select(['o.id', 'o.house_id', 'o.name', 'o.id_hmac', 'o.phone_hmac', 'o.note'])
      .where('h.community_id', '=', communityId)
      .orderBy('o.id')
      .execute(),
    db.selectFrom('batches').select('code').where('community_id', '=', communityId).execute(),
    db
      .selectFrom('bills as bl')
      .innerJoin('move_in_cases as mc', 'mc.id', 'bl.case_id')
      .innerJoin('houses as h', 'h.id', 'mc.house_id')
      .select('h.id')
      .where('h.community_id', '=', communityId)
      .execute()
  ])
  return {
    buildings: buildings.map((b) => ({ id: Number(b.id), name: b.name, sort: Number(b.sort) })),
    houses: houses.map((h) => ({
      id: Number(h.id),
      buildingId: Number(h.building_id),
      unit: h.unit,
      room: h.room,
      area: Number(h.area),
      batch: h.batch
    })),
    owners: owners.map((o) => ({
      id: Number(o.id),
      houseId: Number(o.house_id),
      name: o.name,
      idHmac: o.id_hmac,
      phoneHmac: o.phone_hmac,
      note: o.note
    })),
    batchCodes: batches.map((b) => b.code),
    billedHouseIds: billed.map((b) => Number(b.id))
  }
}

export async function insertBatches(db: Executor, communityId: number, codes: string[], sortFrom: number, at: string) {
  if (codes.length === 0) return
  await db
    .insertInto('batches')
    .values(codes.map((code, i) => ({ community_id: communityId, code, title: code, sort: sortFrom + i, created_at: at })))
    .onConflict((oc) => oc.columns(['community_id', 'code']).doNothing())
    .execute()
}

/** Inserts buildings and answers name → id. */
export async function insertBuildings(db: Executor, communityId: number, names: { name: string; sort: number }[]) {
  const ids = new Map<string, number>()
  for (let i = 0; i < names.length; i += CHUNK) {
    const rows = await db
      .insertInto('buildings')
      .values(names.slice(i, i + CHUNK).map((b) => ({ community_id: communityId, name: b.name, sort: b.sort })))
      .returning(['id', 'name'])
      .execute()
    for (const r of rows) ids.set(r.name, Number(r.id))
  }
  return ids
}

export interface NewHouse {
  buildingId: number
  unit: string
  room: string
  floor: number
  area: number
  batch: string
  token: string
}

/** Inserts houses and answers `${buildingId}|${unit}|${room}` → id. */
export async function insertHouses(db: Executor, communityId: number, houses: NewHouse[], at: string) {
  const ids = new Map<string, number>()
  for (let i = 0; i < houses.length; i += CHUNK) {
    const rows = await db
      .insertInto('houses')
      .values(
        houses.slice(i, i + CHUNK).map((h) => ({
          community_id: communityId,
          building_id: h.buildingId,
          unit: h.unit,
          floor: h.floor,
          room: h.room,
          area: h.area,
          batch: h.batch,
          invite_token: h.token,
          open_for_move_in: 1,
          created_at: at,
          token_issued_at: at
        }))
      )
      .returning(['id', 'building_id', 'unit', 'room'])
      .execute()
    for (const r of rows) ids.set(`${Number(r.building_id)}|${r.unit}|${r.room}`, Number(r.id))
  }
  return ids
}

/**
 * Many rows in one statement: UPDATE … FROM (VALUES …) works on PostgreSQL and SQLite ≥ 3.33
 * alike (VALUES columns are column1, column2… in both; the casts give PostgreSQL the types).
 * A corrected 10,000-row file took 28 s on PostgreSQL with one UPDATE per row.
 */
export async function updateHouses(db: Executor, rows: { id: number; area: number; batch: string }[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = sql.join(rows.slice(i, i + CHUNK).map((r) => sql`(CAST(${r.id} AS integer), CAST(${r.area} AS double precision), CAST(${r.batch} AS text))`))
    await sql`UPDATE houses SET area = v.column2, batch = v.column3 FROM (VALUES ${values}) AS v WHERE houses.id = v.column1`.execute(db)
  }
}

export interface NewOwner {
  houseId: number
  name: string
  idCipher: string
  idHmac: string
  idTailHmac: string
  phoneCipher: string
  phoneHmac: string
  note: string
}

export async function insertOwners(db: Executor, owners: NewOwner[], at: string) {
  for (let i = 0; i < owners.length; i += CHUNK) {
    await db
      .insertInto('registered_owners')
      .values(
        owners.slice(i, i + CHUNK).map((o) => ({
          house_id: o.houseId,
          name: o.name,
          id_cipher: o.idCipher,
          id_hmac: o.idHmac,
          id_tail_hmac: o.idTailHmac,
          phone_cipher: o.phoneCipher,
          phone_hmac: o.phoneHmac,
          note: o.note,
          created_at: at
        }))
      )
      .execute()
  }
}

/** Name, note and (when it changed) the phone of many owners, in statements of CHUNK rows. */
export async function updateOwners(
  db: Executor,
  rows: { id: number; name: string; note: string; phone: { cipher: string; hmac: string } | null }[]
) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = sql.join(
      rows
        .slice(i, i + CHUNK)
        .map(
          (r) =>
            sql`(CAST(${r.id} AS integer), CAST(${r.name} AS text), CAST(${r.note} AS text), CAST(${r.phone?.cipher ?? null} AS text), CAST(${r.phone?.hmac ?? null} AS text))`
        )
    )
    await sql`UPDATE registered_owners SET name = v.column2, note = v.column3,
        phone_cipher = COALESCE(v.column4, registered_owners.phone_cipher),
        phone_hmac = COALESCE(v.column5, registered_owners.phone_hmac)
      FROM (VALUES ${values}) AS v WHERE registered_owners.id = v.column1`.execute(db)
  }
}

/** One audit row per committed import: counts only, never personal data. */
export async function auditImport(db: Executor, staffUserId: number, communityId: number, detail: Record<string, unknown>, at: string) {
  await db
    .insertInto('audit_log')
    .values({ actor_type: 'staff', actor_id: staffUserId, action: 'owners.import', target: `community:${communityId}`, detail: JSON.stringify(detail), at })
    .execute()
}

/*
 * Import of the developer's owner list into the staff member's own community.
 * Decisions (documented in the README "Going live" section):
 *  1. a dry run reads the community and writes nothing; its counts are what a commit would do;
 *  2. a commit writes the valid rows only, in ONE transaction (snapshot, inserts, updates and
 *     the audit row); rejected rows are skipped and listed — fix them and import again;
 *  3. houses are matched by (community, building, unit, room) with building names compared in
 *     their canonical form ("1号楼" = "1栋"), owners within a house by the ID blind index;
 *  4. a matched house is updated when its area or batch changed, a matched owner when the
 *     name, phone or note changed; nothing else is touched (invite tokens stay, cases stay);
 *     a changed area of a house that already has a bill is applied and warned about
 *     (AREA_CHANGED_AFTER_BILL): bills are stored on first use and never recomputed;
 *  5. owners and houses in the database but absent from the file are left alone and not
 *     reported: an import never deletes;
 *  6. new houses get a fresh random invite token (10 base62 characters, the wxacode scene
 *     alphabet) and token_issued_at; batches named in the file get a `batches` row if missing;
 *  7. ID numbers and phones are encrypted as they enter, with blind indexes (id, id_tail,
 *     phone) exactly as the demo seed makes them; the audit row holds counts only.
 */
import type { AppConfig } from '../../config'
import type { Db, Executor } from '../../db/database'
import { ApiError } from '../../errors'
import { blindIndex, encrypt, newInviteToken, sha256 } from '../../lib/crypto'
import type { StaffAuth } from '../../plugins/auth'
import { MAX_REPORTED_ISSUES, type ImportIssue, type ImportResult } from '../../../../types/imports'
import { floorOf, houseKey, isSheetProblem, normaliseBuilding, normaliseUnit, parseSheet, type OwnerRow, type ParsedSheet } from './parse'
import * as repo from './repository'
import { buildTemplate, readWorkbook } from './workbook'

export const template = buildTemplate

/** The file's first sheet that has a header row; a file-level problem is a 400. */
export async function parseFile(buf: Buffer): Promise<{ sheet: string; parsed: ParsedSheet }> {
  const sheets = await readWorkbook(buf)
  let firstProblem: { code: ApiError['code']; message: string } | null = null
  for (const s of sheets) {
    const parsed = parseSheet(s.rows)
    if (!isSheetProblem(parsed)) return { sheet: s.sheet, parsed }
    // the first sheet with a header decides (a notes sheet further on never gets imported)
    if (parsed.code !== 'IMPORT_NO_HEADER') throw new ApiError(400, parsed.code, parsed.message)
    firstProblem ??= parsed
  }
  if (sheets.length === 0 || !firstProblem) throw new ApiError(400, 'IMPORT_EMPTY', '文件中没有工作表')
  throw new ApiError(400, firstProblem.code, firstProblem.message)
}

interface PlanHouse {
  key: string
  building: string
  unit: string
  room: string
  area: number
  batch: string
  existing: repo.SnapshotHouse | null
  change: 'created' | 'updated' | 'unchanged'
  owners: PlanOwner[]
}
interface PlanOwner {
  row: OwnerRow
  idHmac: string
  phoneHmac: string
  existing: repo.SnapshotOwner | null
  change: 'created' | 'updated' | 'unchanged'
}
interface Plan {
  houses: PlanHouse[]
  /** AREA_CHANGED_AFTER_BILL: the import still updates the area; the bill must be checked by hand */
  warnings: ImportIssue[]
  newBuildings: string[]
  buildingIds: Map<string, number>
  newBatches: string[]
}

const sameArea = (a: number, b: number) => Math.abs(a - b) < 0.005

/** What a commit would do against this snapshot (pure apart from the HMACs). */
function planImport(config: AppConfig, snap: repo.Snapshot, rows: OwnerRow[], areaColumn: string): Plan {
  const billed = new Set(snap.billedHouseIds)
  const warnings: ImportIssue[] = []
  const canonical = (name: string) => {
    const b = normaliseBuilding(name)
    return b.ok ? b.value : name
  }
  const buildingIds = new Map<string, number>()
  const buildingOfId = new Map<number, string>()
  for (const b of snap.buildings) {
    const c = canonical(b.name)
    if (!buildingIds.has(c)) buildingIds.set(c, b.id)
    buildingOfId.set(b.id, c)
  }
  const houseByKey = new Map<string, repo.SnapshotHouse>()
  for (const h of snap.houses) {
    const unit = normaliseUnit(h.unit)
    const k = houseKey({ building: buildingOfId.get(h.buildingId) ?? '', unit: unit.ok ? unit.value : h.unit, room: h.room.toUpperCase() })
    if (!houseByKey.has(k)) houseByKey.set(k, h)
  }
  const ownersByHouse = new Map<number, Map<string, repo.SnapshotOwner>>()
  for (const o of snap.owners) {
    let m = ownersByHouse.get(o.houseId)
    if (!m) ownersByHouse.set(o.houseId, (m = new Map()))
    if (!m.has(o.idHmac)) m.set(o.idHmac, o)
  }

  const houses = new Map<string, PlanHouse>()
  const newBuildings: string[] = []
  const batches = new Set(snap.batchCodes)
  const newBatches: string[] = []
  for (const r of rows) {
    const k = houseKey(r)
    let h = houses.get(k)
    if (!h) {
      const existing = houseByKey.get(k) ?? null
      h = {
        key: k,
        building: r.building,
        unit: r.unit,
        room: r.room,
        area: r.area,
        batch: r.batch,
        existing,
        change: !existing ? 'created' : sameArea(existing.area, r.area) && existing.batch === r.batch ? 'unchanged' : 'updated',
        owners: []
      }
      houses.set(k, h)
      if (existing && billed.has(existing.id) && !sameArea(existing.area, r.area)) {
        warnings.push({
          row: r.rowNumber,
          column: areaColumn,
          code: 'AREA_CHANGED_AFTER_BILL',
          message: `该房屋已生成账单（按 ${existing.area}㎡ 计算），面积已更新为 ${r.area}㎡，但账单不会自动重算，请核对费用`
        })
      }
      if (!buildingIds.has(r.building) && !newBuildings.includes(r.building)) newBuildings.push(r.building)
      if (!batches.has(r.batch)) {
        batches.add(r.batch)
        newBatches.push(r.batch)
      }
    }
    const idHmac = blindIndex(config.keys.hmac, r.idNumber, 'id')
    const phoneHmac = blindIndex(config.keys.hmac, r.phone, 'phone')
    const existing = h.existing ? (ownersByHouse.get(h.existing.id)?.get(idHmac) ?? null) : null
    const change = !existing
      ? 'created'
      : existing.name === r.name && existing.phoneHmac === phoneHmac && existing.note === r.note
        ? 'unchanged'
        : 'updated'
    h.owners.push({ row: r, idHmac, phoneHmac, existing, change })
  }
  return { houses: [...houses.values()], warnings, newBuildings, buildingIds, newBatches }
}

function count<T extends { change: 'created' | 'updated' | 'unchanged' }>(list: T[]) {
  const c = { created: 0, updated: 0, unchanged: 0 }
  for (const x of list) c[x.change]++
  return c
}

async function applyPlan(tx: Executor, config: AppConfig, communityId: number, snap: repo.Snapshot, plan: Plan, at: string) {
  await repo.insertBatches(tx, communityId, plan.newBatches, snap.batchCodes.length, at)
  const sortFrom = snap.buildings.reduce((m, b) => Math.max(m, b.sort + 1), 0)
  const created = await repo.insertBuildings(
    tx,
    communityId,
    plan.newBuildings.map((name, i) => ({ name, sort: sortFrom + i }))
  )
  const buildingId = (name: string) => plan.buildingIds.get(name) ?? created.get(name)!

  const fresh = plan.houses.filter((h) => h.change === 'created')
  const newIds = await repo.insertHouses(
    tx,
    communityId,
    fresh.map((h) => ({
      buildingId: buildingId(h.building),
      unit: h.unit,
      room: h.room,
      floor: floorOf(h.room),
      area: h.area,
      batch: h.batch,
      token: newInviteToken()
    })),
    at
  )
  await repo.updateHouses(
    tx,
    plan.houses.filter((h) => h.change === 'updated').map((h) => ({ id: h.existing!.id, area: h.area, batch: h.batch }))
  )

  const newOwners: repo.NewOwner[] = []
  const changedOwners: Parameters<typeof repo.updateOwners>[1] = []
  for (const h of plan.houses) {
    const houseId = h.existing ? h.existing.id : newIds.get(`${buildingId(h.building)}|${h.unit}|${h.room}`)!
    for (const o of h.owners) {
      if (o.change === 'created') {
        newOwners.push({
          houseId,
          name: o.row.name,
          idCipher: encrypt(config.keys.aes, o.row.idNumber),
          idHmac: o.idHmac,
          idTailHmac: blindIndex(config.keys.hmac, o.row.idNumber.slice(-6), 'id_tail'),
          phoneCipher: encrypt(config.keys.aes, o.row.phone),
          phoneHmac: o.phoneHmac,
          note: o.row.note
        })
      } else if (o.change === 'updated') {
        // an unchanged phone keeps its ciphertext (no needless re-encryption)
        const phoneChanged = o.existing!.phoneHmac !== o.phoneHmac
        changedOwners.push({
          id: o.existing!.id,
          name: o.row.name,
          note: o.row.note,
          phone: phoneChanged ? { cipher: encrypt(config.keys.aes, o.row.phone), hmac: o.phoneHmac } : null
        })
      }
    }
  }
  await repo.updateOwners(tx, changedOwners)
  await repo.insertOwners(tx, newOwners, at)
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string }
  return e?.code === '23505' || /UNIQUE constraint failed/i.test(e?.message ?? '')
}

/** Dry run or commit of one uploaded file (see the decisions at the top). */
export async function importOwners(db: Db, config: AppConfig, staff: StaffAuth, buf: Buffer, dryRun: boolean): Promise<ImportResult> {
  const { sheet, parsed } = await parseFile(buf)
  const areaColumn = parsed.header.texts.area ?? '建筑面积(㎡)'
  const report = (plan: Plan): ImportResult => ({
    dryRun,
    sheet,
    total: parsed.total,
    rejected: parsed.rejectedRows.size,
    duplicates: parsed.duplicates,
    houses: count(plan.houses),
    owners: count(plan.houses.flatMap((h) => h.owners)),
    batchesCreated: plan.newBatches,
    errorCount: parsed.errors.length,
    errors: parsed.errors.slice(0, MAX_REPORTED_ISSUES),
    warnings: [...parsed.warnings, ...plan.warnings].sort((a, b) => a.row - b.row).slice(0, MAX_REPORTED_ISSUES)
  })

  if (dryRun) {
    const snap = await repo.loadSnapshot(db, staff.communityId)
    return report(planImport(config, snap, parsed.rows, areaColumn))
  }

  const at = config.now().toISOString()
  try {
    return await db.transaction().execute(async (tx) => {
      const snap = await repo.loadSnapshot(tx, staff.communityId)
      const plan = planImport(config, snap, parsed.rows, areaColumn)
      await applyPlan(tx, config, staff.communityId, snap, plan, at)
      const result = report(plan)
      await repo.auditImport(
        tx,
        staff.userId,
        staff.communityId,
        {
          file: sha256(buf).slice(0, 16),
          sheet,
          total: result.total,
          rejected: result.rejected,
          duplicates: result.duplicates,
          houses: result.houses,
          owners: result.owners,
          batchesCreated: result.batchesCreated.length
        },
        at
      )
      return result
    })
  } catch (err) {
    // two imports racing for the same new house: the unique index stops the second one whole
    if (isUniqueViolation(err)) throw new ApiError(409, 'CONFLICT', '另一项导入同时修改了这些房屋，请稍后重新导入')
    throw err
  }
}

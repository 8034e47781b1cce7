/*
 * Fixtures of the on-site day (check-in, keys, completion tests): facts written straight into
 * the tables, as the reserve / inspection / fees / agreements features would leave them.
 */
import zlib from 'node:zlib'
import { type TestApp, verifyAs } from './harness'

export async function caseOf(t: TestApp, houseId: number): Promise<number> {
  const r = await t.db.handle.db.selectFrom('move_in_cases').select('id').where('house_id', '=', houseId).executeTakeFirstOrThrow()
  return Number(r.id)
}

/** Verifies the demo owner of `houseIndex` and books a slot on `date` (Shanghai). */
export async function ownerWithReservation(t: TestApp, houseIndex: number, date: string, start = '09:00') {
  const s = await verifyAs(t, houseIndex)
  const db = t.db.handle.db
  const caseId = await caseOf(t, s.house.id)
  const house = await db.selectFrom('houses').select(['community_id', 'batch']).where('id', '=', s.house.id).executeTakeFirstOrThrow()
  const end = `${String(Number(start.slice(0, 2)) + 1).padStart(2, '0')}:00`
  let slot = await db
    .selectFrom('slots')
    .select('id')
    .where('community_id', '=', house.community_id)
    .where('batch', '=', house.batch)
    .where('date', '=', date)
    .where('start_time', '=', start)
    .executeTakeFirst()
  if (!slot) {
    slot = await db
      .insertInto('slots')
      .values({ community_id: house.community_id, batch: house.batch, date, start_time: start, end_time: end, capacity: 6, booked: 0 })
      .returning('id')
      .executeTakeFirstOrThrow()
  }
  await db
    .insertInto('reservations')
    .values({ case_id: caseId, house_id: s.house.id, slot_id: Number(slot.id), status: 'active', idempotency_key: null, created_at: t.clock.now().toISOString() })
    .execute()
  return { token: s.sessionToken, caseId, houseId: s.house.id, label: s.house.label }
}

/** Inspection passed and the handover form signed by the owner, with meter readings. */
export async function inspectionSigned(t: TestApp, caseId: number) {
  const db = t.db.handle.db
  const at = t.clock.now().toISOString()
  await db
    .insertInto('inspections')
    .values({ case_id: caseId, round: 1, inspector_id: null, status: 'completed', result: 'passed', started_at: at, completed_at: at, owner_signature_key: null, owner_signed_at: at })
    .execute()
  await db
    .insertInto('meter_readings')
    .values([
      { case_id: caseId, kind: 'water', value: 12.5, photo_upload_id: null, idempotency_key: null, recorded_by: null, created_at: at },
      { case_id: caseId, kind: 'electricity', value: 3.2, photo_upload_id: null, idempotency_key: null, recorded_by: null, created_at: at }
    ])
    .execute()
}

export async function feesSettled(t: TestApp, caseId: number) {
  const at = t.clock.now().toISOString()
  await t.db.handle.db.insertInto('bills').values({ case_id: caseId, status: 'paid', total_cents: 100, created_at: at, updated_at: at }).execute()
}

export async function agreementsSigned(t: TestApp, caseId: number) {
  const db = t.db.handle.db
  const at = t.clock.now().toISOString()
  const list = await db.selectFrom('agreements').select('id').where('active', '=', 1).execute()
  for (const a of list) {
    await db.insertInto('signatures').values({ case_id: caseId, agreement_id: Number(a.id), signer: 'owner', image_key: '2026/03/sig.png', sha256: 'x', signed_at: at }).execute()
  }
}

export async function setPolicy(t: TestApp, p: { fees: boolean; agreements: boolean }) {
  await t.db.handle.db
    .updateTable('communities')
    .set({ policy_fees_required_for_keys: p.fees ? 1 : 0, policy_agreements_required_for_keys: p.agreements ? 1 : 0 })
    .execute()
}

function crc32(buf: Buffer): number {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}

/** A 60x30 white RGB PNG with a dark diagonal stroke, as a data URL (passes the ink check). */
export function signaturePng(seed = 0): string {
  const w = 60
  const h = 30
  const rows: Buffer[] = []
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3, 255)
    row[0] = 0
    for (let x = 0; x < w; x++) {
      if (Math.abs(x / 2 - y) < 1.5 || (x + seed) % 29 === 0) row.fill(20, 1 + x * 3, 1 + x * 3 + 3)
    }
    rows.push(row)
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0))
  ])
  return `data:image/png;base64,${png.toString('base64')}`
}

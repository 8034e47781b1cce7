import type { Executor } from '../../db/database'
import type { HandoverMeter, HandoverRecord, HandoverKeyType } from '../../../../types/keys'

const METER_LABELS: Record<string, string> = { water: '水表', electricity: '电表', gas: '燃气表' }

export async function listKeyTypes(db: Executor, communityId: number): Promise<HandoverKeyType[]> {
  const rows = await db
    .selectFrom('key_types')
    .select(['code', 'label', 'default_count'])
    .where('community_id', '=', communityId)
    .orderBy('sort')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ code: r.code, label: r.label, defaultCount: Number(r.default_count) }))
}

/** The latest reading per meter kind recorded at inspection. */
export async function latestMeters(db: Executor, caseId: number): Promise<HandoverMeter[]> {
  const rows = await db
    .selectFrom('meter_readings')
    .select(['kind', 'value', 'created_at', 'id'])
    .where('case_id', '=', caseId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  const seen = new Map<string, HandoverMeter>()
  for (const r of rows) {
    if (!seen.has(r.kind)) seen.set(r.kind, { kind: r.kind, label: METER_LABELS[r.kind] ?? r.kind, value: Number(r.value), recordedAt: r.created_at })
  }
  const order = ['water', 'electricity', 'gas']
  return [...seen.values()].sort((a, b) => (order.indexOf(a.kind) + 1 || 99) - (order.indexOf(b.kind) + 1 || 99))
}

export async function findHandover(db: Executor, caseId: number): Promise<HandoverRecord | null> {
  const r = await db
    .selectFrom('key_handovers as k')
    .leftJoin('staff_users as su', 'su.id', 'k.staff_user_id')
    .select(['k.id', 'k.keys', 'k.meters', 'k.handed_at', 'su.display_name'])
    .where('k.case_id', '=', caseId)
    .executeTakeFirst()
  if (!r) return null
  return {
    id: Number(r.id),
    handedAt: r.handed_at,
    keys: JSON.parse(r.keys),
    meters: JSON.parse(r.meters),
    staffName: r.display_name ?? ''
  }
}

/** null when the case already has a handover (unique per case). */
export async function insertHandover(
  tx: Executor,
  h: { caseId: number; keys: HandoverRecord['keys']; meters: HandoverMeter[]; ownerSigKey: string; staffSigKey: string; staffId: number; at: string }
): Promise<number | null> {
  const r = await tx
    .insertInto('key_handovers')
    .values({
      case_id: h.caseId,
      keys: JSON.stringify(h.keys),
      meters: JSON.stringify(h.meters),
      owner_signature_key: h.ownerSigKey,
      staff_signature_key: h.staffSigKey,
      staff_user_id: h.staffId,
      handed_at: h.at
    })
    .onConflict((oc) => oc.column('case_id').doNothing())
    .returning('id')
    .executeTakeFirst()
  return r ? Number(r.id) : null
}

export async function markCaseDone(tx: Executor, caseId: number, at: string): Promise<void> {
  await tx.updateTable('move_in_cases').set({ done_at: at, updated_at: at }).where('id', '=', caseId).where('done_at', 'is', null).execute()
}

/** The case's latest delegate (the one acting for the owner), or null. */
export async function latestDelegate(db: Executor, caseId: number) {
  const r = await db.selectFrom('delegates').select(['name', 'id_cipher', 'status']).where('case_id', '=', caseId).orderBy('id', 'desc').executeTakeFirst()
  return r ? { name: r.name, idCipher: r.id_cipher, status: r.status } : null
}

/** Ends the case's open check-ins (the visit is over at the handover): never shown as still waiting. */
export async function finishOpenCheckins(tx: Executor, caseId: number, at: string) {
  await tx
    .updateTable('checkins')
    .set((eb) => ({ called_at: eb.fn.coalesce('called_at', eb.val(at)), finished_at: at }))
    .where('case_id', '=', caseId)
    .where('finished_at', 'is', null)
    .execute()
}

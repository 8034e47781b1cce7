import { sql } from 'kysely'
import type { Executor } from '../../db/database'
import type { AgreementKind } from '../../../../types/agreements'

export interface AgreementRow {
  id: number
  communityId: number
  kind: AgreementKind
  version: number
  title: string
  body: string
  active: boolean
  createdAt: string
}

export interface SignatureRow {
  id: number
  caseId: number
  agreementId: number
  kind: AgreementKind
  version: number
  signer: string
  imageKey: string
  sha256: string
  signedAt: string
}

const AGREEMENT_COLUMNS = ['id', 'community_id', 'kind', 'version', 'title', 'body', 'active', 'created_at'] as const

function toAgreement(r: {
  id: number
  community_id: number
  kind: string
  version: number
  title: string
  body: string
  active: number
  created_at: string
}): AgreementRow {
  return {
    id: Number(r.id),
    communityId: Number(r.community_id),
    kind: r.kind as AgreementKind,
    version: Number(r.version),
    title: r.title,
    body: r.body,
    active: Number(r.active) === 1,
    createdAt: r.created_at
  }
}

/** The community's current agreements: the active version of each kind. */
export async function listActive(db: Executor, communityId: number): Promise<AgreementRow[]> {
  const rows = await db
    .selectFrom('agreements')
    .select(AGREEMENT_COLUMNS)
    .where('community_id', '=', communityId)
    .where('active', '=', 1)
    .orderBy('id')
    .execute()
  return rows.map(toAgreement)
}

export async function listAll(db: Executor, communityId: number): Promise<AgreementRow[]> {
  const rows = await db
    .selectFrom('agreements')
    .select(AGREEMENT_COLUMNS)
    .where('community_id', '=', communityId)
    .orderBy('kind')
    .orderBy('version', 'desc')
    .execute()
  return rows.map(toAgreement)
}

/** An agreement of `communityId`; null for another community's id. */
export async function findAgreement(db: Executor, communityId: number, id: number): Promise<AgreementRow | null> {
  const r = await db
    .selectFrom('agreements')
    .select(AGREEMENT_COLUMNS)
    .where('id', '=', id)
    .where('community_id', '=', communityId)
    .executeTakeFirst()
  return r ? toAgreement(r) : null
}

/**
 * The case's signatures, by kind. A signature keeps counting after a newer version of its
 * agreement is published: what was signed stays signed (history is not rewritten).
 */
export async function signaturesByKind(db: Executor, caseId: number): Promise<Map<AgreementKind, SignatureRow>> {
  const rows = await db
    .selectFrom('signatures as s')
    .innerJoin('agreements as a', 'a.id', 's.agreement_id')
    .select(['s.id', 's.case_id', 's.agreement_id', 'a.kind', 'a.version', 's.signer', 's.image_key', 's.sha256', 's.signed_at'])
    .where('s.case_id', '=', caseId)
    .orderBy('s.id')
    .execute()
  const byKind = new Map<AgreementKind, SignatureRow>()
  for (const r of rows) {
    const kind = r.kind as AgreementKind
    if (byKind.has(kind)) continue // the first signature of a kind is the one that counts
    byKind.set(kind, {
      id: Number(r.id),
      caseId: Number(r.case_id),
      agreementId: Number(r.agreement_id),
      kind,
      version: Number(r.version),
      signer: r.signer,
      imageKey: r.image_key,
      sha256: r.sha256,
      signedAt: r.signed_at
    })
  }
  return byKind
}

export async function insertSignature(
  db: Executor,
  s: { caseId: number; agreementId: number; signer: string; imageKey: string; sha256: string; signedAt: string }
): Promise<number> {
  const r = await db
    .insertInto('signatures')
    .values({ case_id: s.caseId, agreement_id: s.agreementId, signer: s.signer, image_key: s.imageKey, sha256: s.sha256, signed_at: s.signedAt })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

/** Signature counts per agreement id of a community (staff list). */
export async function signedCounts(db: Executor, communityId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('signatures as s')
    .innerJoin('agreements as a', 'a.id', 's.agreement_id')
    .select(['s.agreement_id', sql<number>`count(*)`.as('n')])
    .where('a.community_id', '=', communityId)
    .groupBy('s.agreement_id')
    .execute()
  return new Map(rows.map((r) => [Number(r.agreement_id), Number(r.n)]))
}

export async function maxVersion(db: Executor, communityId: number, kind: AgreementKind): Promise<number> {
  const r = await db
    .selectFrom('agreements')
    .select(sql<number>`coalesce(max(version), 0)`.as('v'))
    .where('community_id', '=', communityId)
    .where('kind', '=', kind)
    .executeTakeFirst()
  return Number(r?.v ?? 0)
}

export async function deactivateKind(db: Executor, communityId: number, kind: AgreementKind): Promise<void> {
  await db.updateTable('agreements').set({ active: 0 }).where('community_id', '=', communityId).where('kind', '=', kind).execute()
}

export async function insertAgreement(
  db: Executor,
  a: { communityId: number; kind: AgreementKind; version: number; title: string; body: string; at: string }
): Promise<number> {
  const r = await db
    .insertInto('agreements')
    .values({ community_id: a.communityId, kind: a.kind, version: a.version, title: a.title, body: a.body, active: 1, created_at: a.at })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

/** Display name parts of the signer stored as `owner:<id>` / `delegate:<id>`. */
export async function signerName(db: Executor, signer: string): Promise<{ role: 'owner' | 'delegate'; name: string | null }> {
  const [role, rawId] = signer.split(':')
  const id = Number(rawId)
  if (role === 'delegate') {
    const d = Number.isInteger(id) ? await db.selectFrom('delegates').select('name').where('id', '=', id).executeTakeFirst() : undefined
    return { role: 'delegate', name: d?.name ?? null }
  }
  const o = Number.isInteger(id) ? await db.selectFrom('registered_owners').select('name').where('id', '=', id).executeTakeFirst() : undefined
  return { role: 'owner', name: o?.name ?? null }
}

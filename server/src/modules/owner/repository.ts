import { compiledOnce } from '../../db/compiled'
import type { Executor } from '../../db/database'

export async function findOwnerMatch(db: Executor, houseId: number, name: string, tailHmac: string) {
  const r = await db
    .selectFrom('registered_owners')
    .select(['id', 'name', 'id_cipher'])
    .where('house_id', '=', houseId)
    .where('name', '=', name)
    .where('id_tail_hmac', '=', tailHmac)
    .orderBy('id')
    .executeTakeFirst()
  return r ? { id: Number(r.id), name: r.name, idCipher: r.id_cipher } : null
}

// --- delegates ---

export async function findDelegateByHmac(db: Executor, caseId: number, idHmac: string) {
  const r = await db
    .selectFrom('delegates')
    .select(['id', 'name', 'status'])
    .where('case_id', '=', caseId)
    .where('id_hmac', '=', idHmac)
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return r ? { id: Number(r.id), name: r.name, status: r.status } : null
}

export async function insertDelegate(db: Executor, d: { caseId: number; name: string; idCipher: string; idHmac: string; at: string }) {
  const r = await db
    .insertInto('delegates')
    .values({ case_id: d.caseId, name: d.name, id_cipher: d.idCipher, id_hmac: d.idHmac, status: 'pending_review', created_at: d.at })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(r.id)
}

export async function findDelegate(db: Executor, id: number) {
  const r = await db.selectFrom('delegates').select(['id', 'case_id', 'name', 'status', 'reason']).where('id', '=', id).executeTakeFirst()
  return r ? { id: Number(r.id), caseId: Number(r.case_id), name: r.name, status: r.status as DelegateStatus, reason: r.reason } : null
}

export type DelegateStatus = 'pending_review' | 'approved' | 'rejected'

// --- owner sessions ---

export interface OwnerSessionRow {
  id: number
  caseId: number
  houseId: number
  ownerId: number | null
  role: 'owner' | 'delegate'
  delegateId: number | null
  expiresAt: string
}

export async function insertOwnerSession(
  db: Executor,
  s: { tokenHash: string; caseId: number; houseId: number; ownerId: number | null; role: string; delegateId: number | null; expiresAt: string; at: string }
) {
  await db
    .insertInto('owner_sessions')
    .values({
      token_hash: s.tokenHash,
      case_id: s.caseId,
      house_id: s.houseId,
      owner_id: s.ownerId,
      role: s.role,
      delegate_id: s.delegateId,
      expires_at: s.expiresAt,
      created_at: s.at
    })
    .execute()
}

// every owner request looks its session up: compiled once (db/compiled.ts)
const ownerSessionQuery = compiledOnce((db: Executor, tokenHash: string) =>
  db.selectFrom('owner_sessions').select(['id', 'case_id', 'house_id', 'owner_id', 'role', 'delegate_id', 'expires_at']).where('token_hash', '=', tokenHash)
)

export async function findOwnerSession(db: Executor, tokenHash: string): Promise<OwnerSessionRow | null> {
  const r = (await ownerSessionQuery(db, tokenHash)).rows[0]
  if (!r) return null
  return {
    id: Number(r.id),
    caseId: Number(r.case_id),
    houseId: Number(r.house_id),
    ownerId: r.owner_id === null ? null : Number(r.owner_id),
    role: r.role === 'delegate' ? 'delegate' : 'owner',
    delegateId: r.delegate_id === null ? null : Number(r.delegate_id),
    expiresAt: r.expires_at
  }
}

export async function deleteOwnerSession(db: Executor, id: number) {
  await db.deleteFrom('owner_sessions').where('id', '=', id).execute()
}

// --- WeChat links ---

export async function findWechatLink(db: Executor, openid: string) {
  const r = await db
    .selectFrom('wechat_links')
    .select(['id', 'house_id', 'case_id', 'owner_id', 'role', 'delegate_id'])
    .where('openid', '=', openid)
    .executeTakeFirst()
  if (!r) return null
  return {
    id: Number(r.id),
    houseId: Number(r.house_id),
    caseId: Number(r.case_id),
    ownerId: r.owner_id === null ? null : Number(r.owner_id),
    role: r.role === 'delegate' ? ('delegate' as const) : ('owner' as const),
    delegateId: r.delegate_id === null ? null : Number(r.delegate_id)
  }
}

/** One openid links to one house at a time; re-verifying elsewhere moves the link. */
export async function upsertWechatLink(
  db: Executor,
  l: { openid: string; houseId: number; caseId: number; ownerId: number | null; role: string; delegateId: number | null; at: string }
) {
  await db
    .insertInto('wechat_links')
    .values({
      openid: l.openid,
      house_id: l.houseId,
      case_id: l.caseId,
      owner_id: l.ownerId,
      role: l.role,
      delegate_id: l.delegateId,
      created_at: l.at
    })
    .onConflict((oc) =>
      oc.column('openid').doUpdateSet({
        house_id: l.houseId,
        case_id: l.caseId,
        owner_id: l.ownerId,
        role: l.role,
        delegate_id: l.delegateId,
        created_at: l.at
      })
    )
    .execute()
}

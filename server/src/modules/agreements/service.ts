/**
 * E-signed move-in agreements. Rules:
 *  1. The owner sees the community's active version of each kind, and whether the case signed
 *     that kind (any version: a newer version does not unsign what was signed).
 *  2. Signing needs the guard of the `agreements` stage (verified), `readToEnd: true`, and the
 *     version the owner read being the active one (409 AGREEMENT_VERSION_STALE otherwise).
 *  3. One signature per kind and case: a second answers 409 ALREADY_SIGNED (also when two
 *     requests race: the unique (case, agreement) constraint decides).
 *  4. The signed copy's hash binds the text, the signature image, the house and the time.
 */
import { createHash } from 'node:crypto'
import type { Db, Executor } from '../../db/database'
import type { AppConfig } from '../../config'
import { ApiError } from '../../errors'
import { maskName } from '../../lib/crypto'
import type { OwnerAuth, StaffAuth } from '../../plugins/auth'
import type {
  AgreementDetail,
  AgreementList,
  NewAgreementVersion,
  SignAgreementRequest,
  SignedAgreement,
  StaffAgreement,
  StaffAgreementList
} from '../../../../types/agreements'
import { houseLabel, findHouseById, type HouseRow } from '../../core/houses'
import { loadPolicy } from '../cases/repository'
import { requireStage, syncStages, type Actor } from '../cases/service'
import { notifyOwner } from '../notifications/service'
import type { Storage } from '../uploads/storage'
import * as repo from './repository'
import { saveSignatureImage } from './signature'

export interface AgreementDeps {
  db: Db
  config: AppConfig
  storage: Storage
}

/**
 * The signed copy's SHA-256 (hex): over the UTF-8 string
 * `anjia-agreement-v1\n<sha256hex(body)>\n<sha256hex(png)>\n<houseId>\n<signedAt ISO>`.
 */
export function signatureDigest(input: { body: string; png: Buffer; houseId: number; signedAt: string }): string {
  const h = (d: string | Buffer) => createHash('sha256').update(d).digest('hex')
  return h(`anjia-agreement-v1\n${h(Buffer.from(input.body, 'utf8'))}\n${h(input.png)}\n${input.houseId}\n${input.signedAt}`)
}

async function ownHouse(db: Executor, auth: OwnerAuth): Promise<HouseRow> {
  const house = await findHouseById(db, auth.houseId)
  if (!house) throw new ApiError(404, 'NOT_FOUND', '未找到房屋信息')
  return house
}

/** The agreement `id` as this owner may see it: in their community, active or signed by them. */
async function visibleAgreement(db: Executor, auth: OwnerAuth, house: HouseRow, id: number) {
  const agreement = await repo.findAgreement(db, house.communityId, id)
  const signatures = await repo.signaturesByKind(db, auth.caseId)
  if (!agreement || (!agreement.active && signatures.get(agreement.kind)?.agreementId !== agreement.id)) {
    throw new ApiError(404, 'NOT_FOUND', '协议不存在或已更新，请返回列表重新打开')
  }
  return { agreement, signature: signatures.get(agreement.kind) ?? null }
}

export async function listForOwner(db: Executor, auth: OwnerAuth): Promise<AgreementList> {
  const house = await ownHouse(db, auth)
  const active = await repo.listActive(db, house.communityId)
  const signatures = await repo.signaturesByKind(db, auth.caseId)
  const policy = await loadPolicy(db, house.communityId)
  return {
    items: active.map((a) => {
      const s = signatures.get(a.kind)
      return { id: a.id, kind: a.kind, title: a.title, version: a.version, signed: !!s, signedAt: s?.signedAt ?? null, signedVersion: s?.version ?? null }
    }),
    requiredForKeys: policy.agreementsRequiredForKeys
  }
}

export async function getForOwner(db: Executor, auth: OwnerAuth, id: number): Promise<AgreementDetail> {
  const house = await ownHouse(db, auth)
  const { agreement, signature } = await visibleAgreement(db, auth, house, id)
  return {
    id: agreement.id,
    kind: agreement.kind,
    title: agreement.title,
    version: agreement.version,
    body: agreement.body,
    communityName: house.communityName,
    houseLabel: houseLabel(house),
    signed: !!signature,
    signedAt: signature?.signedAt ?? null
  }
}

function actorOf(auth: OwnerAuth): Actor {
  return auth.role === 'delegate' ? { type: 'delegate', id: auth.delegateId, label: '委托人' } : { type: 'owner', id: auth.ownerId, label: '业主' }
}

function signerOf(auth: OwnerAuth): string {
  return auth.role === 'delegate' ? `delegate:${auth.delegateId ?? 0}` : `owner:${auth.ownerId ?? 0}`
}

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; message?: string }
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed|duplicate key/i.test(e?.message ?? '')
}

export async function sign(deps: AgreementDeps, auth: OwnerAuth, id: number, req: SignAgreementRequest): Promise<SignedAgreement> {
  const { db, config, storage } = deps
  const now = config.now()
  const signedAt = now.toISOString()
  const house = await ownHouse(db, auth)
  const agreement = await repo.findAgreement(db, house.communityId, id)
  if (!agreement) throw new ApiError(404, 'NOT_FOUND', '协议不存在')
  const already = (await repo.signaturesByKind(db, auth.caseId)).get(agreement.kind)
  if (already) throw new ApiError(409, 'ALREADY_SIGNED', `您已签署过《${agreement.title}》，无需重复签署`)
  if (!req.readToEnd) throw new ApiError(400, 'AGREEMENT_NOT_READ', '请完整阅读协议全文后再签署')
  const current = agreement.active ? agreement : (await repo.listActive(db, house.communityId)).find((a) => a.kind === agreement.kind)
  if (!current) throw new ApiError(404, 'NOT_FOUND', '该协议已停用')
  if (current.id !== agreement.id || req.version !== current.version) {
    throw new ApiError(409, 'AGREEMENT_VERSION_STALE', `《${current.title}》已更新为第 ${current.version} 版，请重新阅读后签署`)
  }
  await requireStage(db, auth.caseId, 'agreements', now)

  const image = await saveSignatureImage(storage, req.signaturePng, now)
  const digest = signatureDigest({ body: agreement.body, png: image.bytes, houseId: house.id, signedAt })
  try {
    await db.transaction().execute(async (tx) => {
      // Re-checked inside the transaction; the unique constraint settles true races.
      if ((await repo.signaturesByKind(tx, auth.caseId)).has(agreement.kind)) {
        throw new ApiError(409, 'ALREADY_SIGNED', `您已签署过《${agreement.title}》，无需重复签署`)
      }
      await repo.insertSignature(tx, { caseId: auth.caseId, agreementId: agreement.id, signer: signerOf(auth), imageKey: image.key, sha256: digest, signedAt })
      await syncStages(tx, auth.caseId, actorOf(auth), now)
      await notifyOwner(tx, {
        caseId: auth.caseId,
        kind: 'agreement_signed',
        title: '协议已签署',
        body: `《${agreement.title}》（第 ${agreement.version} 版）已签署，可随时查看签署副本。`,
        link: `/owner/agreements/signed/index?id=${agreement.id}`,
        at: now
      })
    })
  } catch (err) {
    await storage.remove(image.key).catch(() => undefined)
    if (isUniqueViolation(err)) throw new ApiError(409, 'ALREADY_SIGNED', `您已签署过《${agreement.title}》，无需重复签署`)
    throw err
  }
  return signedCopy(db, auth, agreement.id)
}

/** The signed copy of the kind of agreement `id` (the version actually signed). */
export async function signedCopy(db: Executor, auth: OwnerAuth, id: number): Promise<SignedAgreement> {
  const house = await ownHouse(db, auth)
  const agreement = await repo.findAgreement(db, house.communityId, id)
  const signature = agreement ? (await repo.signaturesByKind(db, auth.caseId)).get(agreement.kind) : undefined
  if (!agreement || !signature) throw new ApiError(404, 'NOT_FOUND', '尚未签署该协议')
  const signed = signature.agreementId === agreement.id ? agreement : await repo.findAgreement(db, house.communityId, signature.agreementId)
  if (!signed) throw new ApiError(404, 'NOT_FOUND', '尚未签署该协议')
  const who = await repo.signerName(db, signature.signer)
  const roleLabel = who.role === 'delegate' ? '委托人' : '业主'
  return {
    id: signed.id,
    kind: signed.kind,
    title: signed.title,
    version: signed.version,
    body: signed.body,
    communityName: house.communityName,
    houseLabel: houseLabel(house),
    signer: who.name ? `${roleLabel} ${maskName(who.name)}` : roleLabel,
    signedAt: signature.signedAt,
    sha256: signature.sha256,
    signatureUrl: `/api/owner/agreements/${signed.id}/signature`
  }
}

/** Storage key of this case's signature image for the kind of agreement `id`; null if none. */
export async function ownSignatureImage(db: Executor, auth: OwnerAuth, id: number) {
  const house = await ownHouse(db, auth)
  const agreement = await repo.findAgreement(db, house.communityId, id)
  const signature = agreement ? (await repo.signaturesByKind(db, auth.caseId)).get(agreement.kind) : undefined
  return signature ? { storageKey: signature.imageKey, mime: 'image/png' } : null
}

// ---------------------------------------------------------------------------------------
// Staff

function toStaff(a: repo.AgreementRow, counts: Map<number, number>): StaffAgreement {
  return {
    id: a.id,
    kind: a.kind,
    title: a.title,
    version: a.version,
    body: a.body,
    active: a.active,
    createdAt: a.createdAt,
    signedCount: counts.get(a.id) ?? 0
  }
}

export async function listForStaff(db: Executor, staff: StaffAuth): Promise<StaffAgreementList> {
  const all = await repo.listAll(db, staff.communityId)
  const counts = await repo.signedCounts(db, staff.communityId)
  return { items: all.map((a) => toStaff(a, counts)) }
}

/** Publishes the next version of a kind; the previous one stops being offered but stays as signed. */
export async function publishVersion(db: Db, config: AppConfig, staff: StaffAuth, input: NewAgreementVersion): Promise<StaffAgreement> {
  const at = config.now().toISOString()
  const title = input.title.trim()
  const body = input.body.replace(/\r\n/g, '\n').trim()
  if (title.length < 2) throw new ApiError(400, 'VALIDATION_FAILED', '请填写协议标题')
  if (body.length < 20) throw new ApiError(400, 'VALIDATION_FAILED', '协议正文过短')
  try {
    const id = await db.transaction().execute(async (tx) => {
      const version = (await repo.maxVersion(tx, staff.communityId, input.kind)) + 1
      await repo.deactivateKind(tx, staff.communityId, input.kind)
      return repo.insertAgreement(tx, { communityId: staff.communityId, kind: input.kind, version, title, body, at })
    })
    const row = await repo.findAgreement(db, staff.communityId, id)
    return toStaff(row!, new Map())
  } catch (err) {
    if (isUniqueViolation(err)) throw new ApiError(409, 'CONFLICT', '另一位同事刚刚发布了新版本，请刷新后重试')
    throw err
  }
}

/*
 * A living demo community: right after seedDemo, 37 houses of 1栋 are moved along the
 * journey RELATIVE TO THE DAY IT RUNS (config.now(), Shanghai dates), so a newcomer sees the
 * review queue, today's board, inspections and repairs, keys and the survey summary with
 * content at once. 2栋 stays as seedDemo made it: a whole building not started (the e2e
 * tests of the house list count on it).
 *
 * Every state is reached through the real service functions (verify, documents, review,
 * reserve, sign, counter payment, check-in, inspection, repairs, handover, keys, survey,
 * follow-up) with a clock moved back in time, so stage events, case_stages rows and
 * notifications are what the engine derives. Only the slots of today and of past days are
 * inserted directly (seedDemo creates slots from tomorrow on), as a manager would have.
 *
 * Demo data lives only here and in demo.ts. Houses the e2e tests and the printed banner use
 * for "the journey from the start" (UNTOUCHED_HOUSES) are never touched. Nothing books a
 * first-batch slot in the first days ahead, and no first-batch slot is made for today: the
 * e2e journey books one of the first days and moves that slot to today (slots are unique
 * per batch, date and start), so today's activity is in the second batch only.
 *
 * Times "before now" on the day itself are kept inside today (Asia/Shanghai): run in the
 * first hour after midnight, the waits are shorter than the intended ones.
 */
import zlib from 'node:zlib'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/database'
import type { AppConfig } from '../config'
import { addDays, DAY, HOUR, MINUTE, shanghaiDate, shanghaiInstant } from '../lib/time'
import type { OwnerAuth, StaffAuth } from '../plugins/auth'
import type { StaffRole } from '../../../types/staff'
import type { DefectCategory, DefectSeverity } from '../../../types/inspections'
import * as ownerService from '../modules/owner/service'
import * as documents from '../modules/documents/service'
import * as reservations from '../modules/reservations/service'
import * as agreements from '../modules/agreements/service'
import * as payments from '../modules/payments/service'
import { ensureBill } from '../modules/fees/service'
import * as checkin from '../modules/checkin/service'
import * as inspections from '../modules/inspections/service'
import * as keys from '../modules/keys/service'
import * as survey from '../modules/survey/service'
import * as completion from '../modules/completion/service'
import { findCaseByHouse } from '../modules/cases/repository'
import { createStorage, type Storage } from '../modules/uploads/storage'
import { demoHouses, demoOwnerCredentials } from './demo'

/** Houses left exactly as seedDemo made them: e2e entry (0, 1), e2e journey (3), the banner's picks (0, 1, 17, 30, 75), 2 spare, and all of 2栋 (60-119). */
export const UNTOUCHED_HOUSES: readonly number[] = [0, 1, 2, 3, 17, 30, ...Array.from({ length: 60 }, (_, i) => 60 + i)]

/** The houses the banner offers for the owner journey from the start (all untouched). */
export const BANNER_FRESH_HOUSES: readonly number[] = [0, 1, 17, 30, 75]

/**
 * The survey answers of the done houses, oldest handover first (scores in the demo's item
 * order: notice, onsite_efficiency, staff_attitude, facilities, problems, overall). The e2e
 * journey recomputes the community CSI from these plus its own answer.
 */
export const DEMO_SURVEY_ANSWERS: readonly { scores: Record<string, number>; comments?: Record<string, string> }[] = [
  { scores: { notice: 5, onsite_efficiency: 5, staff_attitude: 5, facilities: 4, problems: 5, overall: 5 }, comments: { overall: '流程清楚，一次办完，很满意。' } },
  { scores: { notice: 4, onsite_efficiency: 3, staff_attitude: 5, facilities: 4, problems: 4, overall: 4 } },
  { scores: { notice: 2, onsite_efficiency: 2, staff_attitude: 4, facilities: 3, problems: 2, overall: 3 }, comments: { notice: '通知收到得太晚，只提前了三天，来不及请假。', onsite_efficiency: '验房排队一个多小时，现场只有一位工程人员。' } },
  { scores: { notice: 5, onsite_efficiency: 4, staff_attitude: 5, facilities: 5, problems: 4, overall: 5 } },
  { scores: { notice: 4, onsite_efficiency: 4, staff_attitude: 4, facilities: 2, problems: 3, overall: 3 }, comments: { facilities: '电梯只开通了一部，门禁卡经常刷不开。' } },
  { scores: { notice: 3, onsite_efficiency: 4, staff_attitude: 4, facilities: 3, problems: 3, overall: 4 } },
  { scores: { notice: 4, onsite_efficiency: 1, staff_attitude: 2, facilities: 3, problems: 1, overall: 2 }, comments: { onsite_efficiency: '卫生间渗水，整改后又复验了一次，前后跑了两趟。', problems: '整改期间没人主动告知进度。', overall: '希望整改能一次到位。' } },
  { scores: { notice: 5, onsite_efficiency: 5, staff_attitude: 4, facilities: 4, problems: 5, overall: 5 }, comments: { staff_attitude: '前台林晓很耐心，讲解得很细。' } },
  { scores: { notice: 4, onsite_efficiency: 4, staff_attitude: 5, facilities: 4, problems: 4, overall: 4 } },
  { scores: { notice: 5, onsite_efficiency: 3, staff_attitude: 5, facilities: 4, problems: 4, overall: 4 }, comments: { facilities: '小区绿化很好，期待会所早日开放。' } }
]

type Defect = { room: string; item: string; location: string; category: DefectCategory; severity: DefectSeverity; description: string }

const LEAK: Defect = { room: '卫生间', item: '防水闭水', location: '淋浴区墙角', category: '渗漏', severity: '严重', description: '闭水试验后楼下顶板有水渍' }
const CRACK: Defect = { room: '客厅', item: '墙面平整无裂缝', location: '电视背景墙', category: '开裂', severity: '一般', description: '墙面有一条约 40 厘米的细裂缝' }
const WINDOW: Defect = { room: '卧室', item: '窗户密封', location: '主卧推拉窗', category: '门窗', severity: '一般', description: '推拉窗关闭后有缝隙，胶条脱落' }
const SOCKET: Defect = { room: '客厅', item: '插座通电', location: '沙发墙左侧插座', category: '电气', severity: '一般', description: '插座不通电' }
const DOOR: Defect = { room: '客厅', item: '入户门及门锁', location: '入户门', category: '门窗', severity: '轻微', description: '门锁转动发涩，关门需用力' }

/** What the banner prints about the living demo: house, stage, which account shows it, and owners to enter as. */
export function demoActivityLines(publicUrl: string): string[] {
  const l = (i: number) => demoOwnerCredentials(i).label
  const enter = (i: number, stage: string) => {
    const c = demoOwnerCredentials(i)
    return `  ${c.label.padEnd(12)} ${stage.padEnd(8)} ${c.ownerName}  尾号 ${c.idTail}  ${publicUrl}/#/pages/entry/index?scene=${c.token}`
  }
  return [
    '演示进度（按今天生成）：',
    `  资料待审核 6 户（${l(5)}、${l(31)} 已超 24 小时）— 审核 reviewer「资料审核」`,
    `  今日看板：${l(46)} 已签到候检超 30 分钟，${l(18)} 办理中待交钥匙 — 接待 reception「今日看板」`,
    `  验房整改：${l(47)}（整改单已逾期）、${l(21)}、${l(51)}（已整改待确认）— 验房 inspector「验房任务」「整改复验」`,
    `  柜台收款记录：${l(18)}、${l(40)} 等 — 收银 cashier「收据查询」`,
    `  已交钥匙：12 户，其中 ${l(48)} 等待回访、${l(23)} 回访已逾期 — 接待 reception「回访任务」`,
    '  满意度：10 份答卷，含低分与意见、低分回访任务 — 经理 manager「满意度」「回访任务」',
    '',
    '已在办理中的业主（进入即可看到该阶段）：',
    enter(18, '待交钥匙'),
    enter(46, '候检中'),
    enter(47, '整改中'),
    enter(40, '已预约待到场'),
    enter(6, '资料被驳回'),
    enter(48, '已入伙')
  ]
}

// ---------------------------------------------------------------------------------------
// Small generated images (the services sniff real PNG bytes)

function crc32(buf: Buffer): number {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}

/** A w x h RGB PNG: a light background of `tint` with a dark diagonal stroke. */
function png(w: number, h: number, tint: [number, number, number], seed = 0): Buffer {
  const rows: Buffer[] = []
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3)
    for (let x = 0; x < w; x++) {
      const ink = Math.abs((x * h) / w - y) < 1.5 || (x + seed) % 29 === 0
      row[1 + x * 3] = ink ? 20 : tint[0]
      row[2 + x * 3] = ink ? 20 : tint[1]
      row[3 + x * 3] = ink ? 20 : tint[2]
    }
    rows.push(row)
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0))
  ])
}

const signature = (seed: number) => `data:image/png;base64,${png(60, 30, [255, 255, 255], seed).toString('base64')}`
const DOC_SCAN = png(48, 32, [236, 240, 246])
const PHOTO_BEFORE = png(48, 36, [214, 196, 170], 3)
const PHOTO_AFTER = png(48, 36, [226, 232, 226], 7)
const PHOTO_METER = png(48, 36, [200, 210, 220], 11)

/** Deterministic UUID-shaped keys (the inspection idempotency-key format). */
function keyMaker() {
  let n = 0
  return () => {
    n += 1
    const hex = n.toString(16).padStart(12, '0')
    return `de3a0000-0000-4000-8000-${hex}`
  }
}

const silentLog = {
  level: 'silent',
  fatal() {}, error() {}, warn() {}, info() {}, debug() {}, trace() {}, silent() {},
  child() { return silentLog }
} as unknown as FastifyBaseLogger

// ---------------------------------------------------------------------------------------

interface Ctx {
  db: Db
  base: AppConfig
  /** the instant the seed runs */
  now: Date
  today: string
  storage: Storage
  staff: Record<StaffRole, StaffAuth>
  communityId: number
  houseIds: number[]
  agreementIds: { id: number; version: number }[]
  key: () => string
  clients: number
}

/** A copy of the config whose clock says `at`. */
const at = (ctx: Ctx, when: Date): AppConfig => ({ ...ctx.base, now: () => new Date(when.getTime()) })

interface Owner {
  index: number
  auth: OwnerAuth
}

async function verify(ctx: Ctx, index: number, when: Date): Promise<Owner> {
  const c = demoOwnerCredentials(index)
  const config = at(ctx, when)
  const code2session = { exchange: async () => { throw new Error('no weapp login in the demo seed') } }
  ctx.clients += 1
  await ownerService.verify({ db: ctx.db, config, code2session } as ownerService.VerifyDeps, { token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail }, `demo-seed-${ctx.clients}`)
  const kase = await findCaseByHouse(ctx.db, ctx.houseIds[index])
  if (!kase) throw new Error(`demo activity: no case for house ${index}`)
  return { index, auth: { sessionId: 0, caseId: kase.id, houseId: kase.houseId, ownerId: kase.ownerId, role: 'owner', delegateId: null } }
}

async function submitDocuments(ctx: Ctx, o: Owner, when: Date) {
  const config = at(ctx, when)
  const deps = { db: ctx.db, config, storage: ctx.storage }
  await documents.recordConsent(ctx.db, config, o.auth, 'id_photo')
  await documents.uploadDocument(deps, o.auth, 'owner_id_card', DOC_SCAN)
  await documents.uploadDocument(deps, o.auth, 'owner_id_card', DOC_SCAN)
  await documents.uploadDocument(deps, o.auth, 'purchase_contract', DOC_SCAN)
  await documents.submitItem(ctx.db, config, o.auth, 'owner_id_card')
  await documents.submitItem(ctx.db, config, o.auth, 'purchase_contract')
}

async function review(ctx: Ctx, o: Owner, when: Date, reject?: { item: string; reason: string }) {
  const config = at(ctx, when)
  for (const item of ['owner_id_card', 'purchase_contract']) {
    if (reject?.item === item) await documents.decideItem(ctx.db, config, ctx.staff.reviewer, o.auth.caseId, item, 'reject', reject.reason)
    else await documents.decideItem(ctx.db, config, ctx.staff.reviewer, o.auth.caseId, item, 'approve', undefined)
  }
}

async function signAgreements(ctx: Ctx, o: Owner, when: Date) {
  const deps = { db: ctx.db, config: at(ctx, when), storage: ctx.storage }
  for (const a of ctx.agreementIds) {
    await agreements.sign(deps, o.auth, a.id, { signaturePng: signature(o.index), readToEnd: true, version: a.version })
  }
}

async function slotId(ctx: Ctx, index: number, date: string, start: string): Promise<number> {
  const batch = demoHouses()[index].batch
  const s = await ctx.db
    .selectFrom('slots')
    .select('id')
    .where('community_id', '=', ctx.communityId)
    .where('batch', '=', batch)
    .where('date', '=', date)
    .where('start_time', '=', start)
    .executeTakeFirst()
  if (!s) throw new Error(`demo activity: no slot ${batch} ${date} ${start}`)
  return Number(s.id)
}

async function reserve(ctx: Ctx, o: Owner, when: Date, date: string, start: string) {
  const id = await slotId(ctx, o.index, date, start)
  await reservations.reserve({ db: ctx.db, config: at(ctx, when) }, o.auth, id, `demo-${o.index}`)
}

const METHODS = ['cash', 'card', 'bank_transfer', 'alipay'] as const

async function payAtCounter(ctx: Ctx, o: Owner, when: Date) {
  const config = at(ctx, when)
  const bill = await ensureBill(ctx.db, o.auth.caseId, when)
  const deps: payments.PaymentDeps = {
    db: ctx.db,
    config,
    gateway: () => {
      throw new Error('no online payment in the demo seed')
    },
    log: silentLog
  }
  const method = METHODS[o.index % METHODS.length]
  await payments.recordCounterPayment(deps, ctx.staff.cashier, {
    caseId: o.auth.caseId,
    method,
    amountCents: bill.totalCents,
    // card slips and transfers carry their reference (the counter requires it)
    ...(method === 'bank_transfer' ? { reference: `DEMO${String(o.index).padStart(4, '0')}` } : method === 'card' ? { reference: `POS${String(o.index).padStart(6, '0')}` } : {})
  })
}

async function checkIn(ctx: Ctx, o: Owner, when: Date) {
  await checkin.checkIn(ctx.db, o.auth.caseId, checkin.ownerActor(o.auth), when)
}

/** Round one: every template item, `defects` failed with a photo each, meter readings; completed at `done`. */
async function inspectRoundOne(ctx: Ctx, o: Owner, when: Date, done: Date, defects: Defect[]): Promise<number> {
  const deps = { db: ctx.db, config: at(ctx, when), storage: ctx.storage }
  const inspector = ctx.staff.inspector
  const { inspection } = await inspections.start(deps, inspector, o.auth.caseId)
  const id = inspection.id
  for (const room of inspection.rooms) {
    for (const it of room.items) {
      const fail = defects.some((d) => d.room === room.room && d.item === it.item)
      await inspections.recordItem(deps, inspector, id, { idempotencyKey: ctx.key(), room: room.room, item: it.item, result: fail ? 'fail' : 'pass' })
    }
  }
  for (const d of defects) {
    const photo = await inspections.uploadPhoto(deps, inspector, id, PHOTO_BEFORE)
    await inspections.recordDefect(deps, inspector, id, {
      idempotencyKey: ctx.key(),
      room: d.room,
      location: d.location,
      category: d.category,
      severity: d.severity,
      description: d.description,
      photoUploadIds: [photo.id]
    })
  }
  const meterPhoto = await inspections.uploadPhoto(deps, inspector, id, PHOTO_METER)
  const meters = [
    { kind: 'water' as const, value: 3 + (o.index % 7) * 0.5 },
    { kind: 'electricity' as const, value: 12 + (o.index % 5) * 1.5 },
    { kind: 'gas' as const, value: 0.8 + (o.index % 3) * 0.2 }
  ]
  for (const [i, m] of meters.entries()) {
    await inspections.recordMeter(deps, inspector, id, { idempotencyKey: ctx.key(), kind: m.kind, value: m.value, ...(i === 0 ? { photoUploadId: meterPhoto.id } : {}) })
  }
  await inspections.complete({ ...deps, config: at(ctx, done) }, inspector, id)
  return id
}

/** The open repair orders of a case, marked fixed with an after photo at `when`. */
async function fixRepairs(ctx: Ctx, o: Owner, inspectionId: number, when: Date) {
  const deps = { db: ctx.db, config: at(ctx, when), storage: ctx.storage }
  const open = (await inspections.listRepairs(deps, ctx.staff.inspector, 'open')).items.filter((r) => r.caseId === o.auth.caseId)
  for (const r of open) {
    const photo = await inspections.uploadPhoto(deps, ctx.staff.inspector, inspectionId, PHOTO_AFTER)
    await inspections.markFixed(deps, ctx.staff.inspector, r.id, { afterPhotoUploadId: photo.id, note: '已按要求整改并自检' })
  }
}

async function confirmFixes(ctx: Ctx, o: Owner, when: Date) {
  const deps = { db: ctx.db, config: at(ctx, when), storage: ctx.storage }
  const view = await inspections.ownerView(ctx.db, o.auth)
  for (const round of view.rounds) for (const d of round.defects) if (d.status === 'fixed') await inspections.confirmFix(deps, o.auth, d.id)
}

async function reinspect(ctx: Ctx, o: Owner, when: Date) {
  const deps = { db: ctx.db, config: at(ctx, when), storage: ctx.storage }
  const { inspection } = await inspections.start(deps, ctx.staff.inspector, o.auth.caseId)
  await inspections.complete(deps, ctx.staff.inspector, inspection.id)
}

async function signHandover(ctx: Ctx, o: Owner, when: Date) {
  await inspections.sign({ db: ctx.db, config: at(ctx, when), storage: ctx.storage }, o.auth, signature(o.index + 1))
}

async function callNext(ctx: Ctx, when: Date) {
  return checkin.callNext(ctx.db, ctx.staff.reception, when)
}

async function handKeys(ctx: Ctx, o: Owner, when: Date): Promise<number> {
  const r = await keys.handOver({ db: ctx.db, config: at(ctx, when), storage: ctx.storage }, ctx.staff.reception, o.auth.caseId, {
    keys: [
      { code: 'door_key', count: 3 },
      { code: 'unit_card', count: 2 },
      { code: 'elevator_card', count: 2 },
      { code: 'mailbox_key', count: 2 }
    ],
    ownerSignaturePng: signature(o.index + 2),
    staffSignaturePng: signature(o.index + 3),
    ownerConfirmedHouse: true
  })
  return r.followupTaskId
}

// ---------------------------------------------------------------------------------------

/** Inserts the slot rows (09:00-17:00, capacity 6) of `batch` on `date` if the day has none. */
async function ensureDaySlots(ctx: Ctx, batch: string, date: string) {
  const any = await ctx.db.selectFrom('slots').select('id').where('community_id', '=', ctx.communityId).where('batch', '=', batch).where('date', '=', date).executeTakeFirst()
  if (any) return
  await ctx.db
    .insertInto('slots')
    .values(
      [9, 10, 11, 12, 13, 14, 15, 16].map((h) => ({
        community_id: ctx.communityId,
        batch,
        date,
        start_time: `${String(h).padStart(2, '0')}:00`,
        end_time: `${String(h + 1).padStart(2, '0')}:00`,
        capacity: 6,
        booked: 0
      }))
    )
    .execute()
}

/** Before the day: verified, documents approved, agreements signed, slot reserved (all days before `date`). */
async function readyFor(ctx: Ctx, index: number, date: string, start: string, opts: { sign?: boolean } = {}): Promise<Owner> {
  const day = shanghaiInstant(date, '09:00')!.getTime()
  const o = await verify(ctx, index, new Date(day - 12 * DAY + (index % 5) * HOUR))
  await submitDocuments(ctx, o, new Date(day - 12 * DAY + (index % 5) * HOUR + 20 * MINUTE))
  await review(ctx, o, new Date(day - 11 * DAY + 2 * HOUR))
  if (opts.sign !== false) await signAgreements(ctx, o, new Date(day - 10 * DAY + 3 * HOUR))
  await reserve(ctx, o, new Date(day - 9 * DAY + 4 * HOUR), date, start)
  return o
}

/**
 * Seeds the activity. Call only right after seedDemo on a fresh database (the same gate):
 * it assumes the demo community exists and no house has started.
 */
export async function seedDemoActivity(db: Db, config: AppConfig): Promise<{ houses: number }> {
  const now = config.now()
  const today = shanghaiDate(now)
  const community = await db.selectFrom('communities').select('id').orderBy('id').executeTakeFirstOrThrow()
  const communityId = Number(community.id)
  const staffRows = await db.selectFrom('staff_users').select(['id', 'username', 'display_name', 'role']).where('community_id', '=', communityId).execute()
  const staff = Object.fromEntries(
    staffRows.map((s) => [s.role, { sessionId: 0, userId: Number(s.id), username: s.username, displayName: s.display_name, role: s.role as StaffRole, communityId }])
  ) as Record<StaffRole, StaffAuth>
  const houseRows = await db.selectFrom('houses').select(['id', 'invite_token']).where('community_id', '=', communityId).execute()
  const byToken = new Map(houseRows.map((h) => [h.invite_token, Number(h.id)]))
  const houseIds = demoHouses().map((h) => byToken.get(h.token)!)
  const agreementRows = await db.selectFrom('agreements').select(['id', 'version']).where('community_id', '=', communityId).where('active', '=', 1).orderBy('id').execute()
  const ctx: Ctx = {
    db,
    base: config,
    now,
    today,
    storage: createStorage({ dataDir: config.dataDir, s3: config.s3 }),
    staff,
    communityId,
    houseIds,
    agreementIds: agreementRows.map((a) => ({ id: Number(a.id), version: Number(a.version) })),
    key: keyMaker(),
    clients: 0
  }
  const t = now.getTime()
  const ago = (ms: number) => new Date(t - ms)
  const touched = new Set<number>()
  const use = (i: number) => {
    if (UNTOUCHED_HOUSES.includes(i) || touched.has(i)) throw new Error(`demo activity: house ${i} is reserved or used twice`)
    touched.add(i)
    return i
  }

  // 1. Verified only (next: the documents).
  for (const [i, days] of [[4, 1], [33, 2], [38, 4]] as const) await verify(ctx, use(i), ago(days * DAY + 3 * HOUR))

  // 2. Documents submitted, waiting for review: oldest first; two past the 24-hour target.
  for (const [i, ms] of [[5, 50 * HOUR], [31, 30 * HOUR], [9, 20 * HOUR], [39, 6 * HOUR], [34, 2 * HOUR], [10, 40 * MINUTE]] as const) {
    const o = await verify(ctx, use(i), ago(ms + 15 * MINUTE))
    await submitDocuments(ctx, o, ago(ms))
  }

  // 3. A rejection: the contract photo is blurred, the owner has to upload it again.
  {
    const o = await verify(ctx, use(6), ago(3 * DAY))
    await submitDocuments(ctx, o, ago(3 * DAY - 10 * MINUTE))
    await review(ctx, o, ago(2 * DAY), { item: 'purchase_contract', reason: '照片模糊，请重新拍摄' })
  }

  // 4. Documents approved, no slot yet (one also signed the agreements).
  for (const i of [35, 11]) {
    const o = await verify(ctx, use(i), ago(4 * DAY))
    await submitDocuments(ctx, o, ago(4 * DAY - 20 * MINUTE))
    await review(ctx, o, ago(3 * DAY + 2 * HOUR))
    if (i === 11) await signAgreements(ctx, o, ago(2 * DAY))
  }

  // 5. Reserved ahead (first-batch days from +4 on: the e2e journey books the first days):
  //    12 has not signed yet, 36 has signed but not paid, 40 / 41 / 7 are all set.
  for (const [i, d, start, sign, pay] of [
    [12, 5, '10:00', false, false],
    [36, 6, '14:00', true, false],
    [40, 4, '09:00', true, true],
    [41, 7, '11:00', true, true],
    [7, 9, '15:00', true, true]
  ] as const) {
    const o = await verify(ctx, use(i), ago(6 * DAY + i * MINUTE))
    await submitDocuments(ctx, o, ago(6 * DAY - 30 * MINUTE + i * MINUTE))
    await review(ctx, o, ago(5 * DAY))
    if (sign) await signAgreements(ctx, o, ago(4 * DAY))
    await reserve(ctx, o, ago(3 * DAY), addDays(today, d), start)
    if (pay) await payAtCounter(ctx, o, ago(2 * DAY + 5 * HOUR))
  }

  // 6. Today (second batch): a slot day made for the demo; owners checked in and waiting,
  //    one served (inspected, signed, called for the keys), one still to come.
  await ensureDaySlots(ctx, '第二批', today)
  const dayStart = shanghaiInstant(today, '00:00')!.getTime()
  // minutes before now, kept inside today (Shanghai) and in order when run just after midnight
  const todayAgo = (m: number) => new Date(Math.min(t, Math.max(t - m * MINUTE, dayStart + (120 - m) * 1000)))
  const todays: Record<number, Owner> = {}
  for (const [i, start, pay] of [[18, '09:00', false], [46, '09:00', true], [20, '10:00', false], [50, '10:00', true], [19, '16:00', true]] as const) {
    const o = await readyFor(ctx, use(i), today, start)
    if (pay) await payAtCounter(ctx, o, ago(2 * DAY + i * MINUTE))
    todays[i] = o
  }
  await checkIn(ctx, todays[18], todayAgo(55))
  await checkIn(ctx, todays[46], todayAgo(45))
  await payAtCounter(ctx, todays[18], todayAgo(52))
  await inspectRoundOne(ctx, todays[18], todayAgo(50), todayAgo(28), [])
  await signHandover(ctx, todays[18], todayAgo(25))
  await checkIn(ctx, todays[20], todayAgo(20))
  await callNext(ctx, todayAgo(15)) // number 1 (18): called for the keys
  await checkIn(ctx, todays[50], todayAgo(5))

  // 7. Inspected on an earlier day with defects: repair orders open (one overdue), one fixed
  //    and waiting for the owner's confirmation and the re-inspection.
  for (const [i, d, defects, fixed] of [
    [47, 5, [LEAK, CRACK], false],
    [21, 1, [WINDOW], false],
    [51, 3, [SOCKET], true]
  ] as const) {
    const date = addDays(today, -d)
    await ensureDaySlots(ctx, demoHouses()[i].batch, date)
    const o = await readyFor(ctx, use(i), date, '10:00')
    const arrive = shanghaiInstant(date, '10:05')!.getTime()
    await checkIn(ctx, o, new Date(arrive))
    await payAtCounter(ctx, o, new Date(arrive + 5 * MINUTE))
    const id = await inspectRoundOne(ctx, o, new Date(arrive + 15 * MINUTE), new Date(arrive + 55 * MINUTE), [...defects])
    const called = await callNext(ctx, new Date(arrive + 60 * MINUTE))
    if (called) await checkin.finish(ctx.db, ctx.staff.reception, called.id, new Date(arrive + 70 * MINUTE))
    if (fixed) await fixRepairs(ctx, o, id, ago(20 * HOUR))
  }

  // 8. Done: keys handed over on an earlier day, survey answered a day later (not yet by the two newest), the 7-day
  //    visit made after three days, except the newest houses (still in follow-up) and 23,
  //    whose visit is overdue. 24 and 53 had a defect fixed and re-inspected on the day.
  const done: [number, number, string, Defect | null][] = [
    [22, 16, '09:00', null],
    [8, 15, '10:00', null],
    [52, 13, '11:00', null],
    [37, 12, '09:00', DOOR],
    [13, 10, '13:00', null],
    [23, 9, '10:00', null],
    [53, 8, '09:00', LEAK],
    [49, 6, '11:00', null],
    [24, 5, '10:00', DOOR],
    [54, 4, '14:00', null],
    [25, 3, '09:00', null],
    [48, 2, '10:00', null]
  ]
  let answer = 0
  for (const [i, d, start, defect] of done) {
    const date = addDays(today, -d)
    await ensureDaySlots(ctx, demoHouses()[i].batch, date)
    const o = await readyFor(ctx, use(i), date, start)
    const arrive = shanghaiInstant(date, start)!.getTime() + 5 * MINUTE
    const m = (n: number) => new Date(arrive + n * MINUTE)
    await checkIn(ctx, o, m(0))
    await payAtCounter(ctx, o, m(5))
    const id = await inspectRoundOne(ctx, o, m(15), m(45), defect ? [defect] : [])
    let last = 45
    if (defect) {
      await fixRepairs(ctx, o, id, m(95))
      await confirmFixes(ctx, o, m(100))
      await reinspect(ctx, o, m(110))
      last = 110
    }
    await signHandover(ctx, o, m(last + 5))
    await callNext(ctx, m(last + 8))
    const taskId = await handKeys(ctx, o, m(last + 15))
    if (d >= 4) {
      await survey.submitSurvey(db, o.auth.caseId, DEMO_SURVEY_ANSWERS[answer], shanghaiInstant(addDays(date, 1), '20:30')!)
      answer += 1
    }
    if (d >= 5 && i !== 23) {
      await completion.completeTask(db, staff.reception, taskId, '已电话回访，业主表示入住顺利，暂无其他问题。', shanghaiInstant(addDays(date, 3), '10:30')!)
    }
  }
  if (answer !== DEMO_SURVEY_ANSWERS.length) throw new Error('demo activity: survey answers and done houses disagree')

  await planDemoBatches(db, communityId, now)
  return { houses: touched.size }
}

/**
 * What a manager would have set up before the notices went out: service hours, the place of
 * move-in, and a planned batch row (date window = its slots' first and last day) per batch the
 * houses carry — so the demo's 上线准备 card reads ready and the notices print a real window.
 */
async function planDemoBatches(db: Db, communityId: number, now: Date): Promise<void> {
  await db
    .updateTable('communities')
    .set({ service_hours: '每日 09:00–18:00（节假日照常）', service_place: '安家示范小区 1 栋一层 入伙服务中心' })
    .where('id', '=', communityId)
    .execute()
  const ranges = await db
    .selectFrom('slots')
    .select((eb) => ['batch', eb.fn.min('date').as('first'), eb.fn.max('date').as('last')])
    .where('community_id', '=', communityId)
    .groupBy('batch')
    .orderBy('batch')
    .execute()
  const buildings = await db
    .selectFrom('houses as h')
    .innerJoin('buildings as b', 'b.id', 'h.building_id')
    .select(['h.batch', 'b.name'])
    .distinct()
    .where('h.community_id', '=', communityId)
    .execute()
  const existing = new Set((await db.selectFrom('batches').select('code').where('community_id', '=', communityId).execute()).map((b) => b.code))
  let sort = 0
  for (const r of ranges) {
    sort += 1
    if (existing.has(r.batch)) continue
    await db
      .insertInto('batches')
      .values({
        community_id: communityId,
        code: r.batch,
        title: r.batch,
        buildings: JSON.stringify([...new Set(buildings.filter((b) => b.batch === r.batch).map((b) => b.name))].sort()),
        starts_on: String(r.first),
        ends_on: String(r.last),
        place: '1 栋一层 入伙服务中心',
        sort,
        created_at: now.toISOString()
      })
      .execute()
  }
}

/*
 * The demo community 安家示范小区. Demo data lives ONLY here: nothing in the app knows these
 * names, tokens or accounts. Everything is deterministic (a fixed seed), so tests and the
 * printed entry URLs are stable across installs and dialects.
 */
import crypto from 'node:crypto'
import type { Db } from '../db/database'
import type { AppConfig } from '../config'
import { blindIndex, encrypt, hashPassword, idCheckDigit } from '../lib/crypto'
import { addDays, shanghaiDate } from '../lib/time'
import { STAFF_ROLES, type StaffRole } from '../../../types/staff'
// only called inside demoBanner: the cycle with activity.ts is never used at load time
import { demoActivityLines } from './activity'

const DEMO_SEED = 'anjia-demo-seed-v1'
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

export const DEMO_COMMUNITY = {
  name: '安家示范小区',
  address: '广东省深圳市南山区科苑南路 3388 号',
  servicePhone: '0755-8888 6666',
  company: '安家物业服务有限公司'
}

const BUILDINGS = ['1栋', '2栋']
const UNITS = ['1', '2']
const FLOORS = 15
const ROOMS_PER_FLOOR = 2
const AREAS: Record<string, number> = { '1-1': 89.5, '1-2': 118.0, '2-1': 118.0, '2-2': 143.2 }

export interface DemoHouse {
  index: number
  building: string
  unit: string
  floor: number
  room: string
  area: number
  batch: string
  token: string
  label: string
  owner: { name: string; idNumber: string; phone: string }
}

/** Small deterministic PRNG (mulberry32). */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function base62(buf: Buffer, length: number): string {
  let n = BigInt('0x' + buf.toString('hex'))
  let out = ''
  while (out.length < length) {
    out += BASE62[Number(n % 62n)]
    n /= 62n
  }
  return out
}

/** 10 characters of the wxacode scene alphabet, derived from the house identity. */
export function demoInviteToken(building: string, unit: string, room: string): string {
  return base62(crypto.createHmac('sha256', DEMO_SEED).update(`house:${building}-${unit}-${room}`).digest(), 10)
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '梁', '郑', '谢', '宋', '唐']
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '晓东', '文博', '思远', '雨萱', '子涵', '浩然', '嘉怡', '志强']
const REGIONS = ['440305', '440304', '440303', '440106', '440104', '430104', '360102', '420106', '510107', '350203', '445202', '441302']

function demoOwner(index: number) {
  const rnd = prng(0x5eed + index * 7919)
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)]
  const name = pick(SURNAMES) + pick(GIVEN)
  const year = 1962 + Math.floor(rnd() * 36)
  const month = 1 + Math.floor(rnd() * 12)
  const day = 1 + Math.floor(rnd() * 28)
  const seq = String(Math.floor(rnd() * 1000)).padStart(3, '0')
  const first17 = `${pick(REGIONS)}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${seq}`
  const idNumber = first17 + idCheckDigit(first17)
  const phone = `1${pick(['38', '39', '58', '86', '88', '35', '50', '77'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`
  return { name, idNumber, phone }
}

/** All demo houses in a fixed order (index 0 = 1栋1单元101). */
export function demoHouses(): DemoHouse[] {
  const out: DemoHouse[] = []
  for (const building of BUILDINGS) {
    for (const unit of UNITS) {
      for (let floor = 1; floor <= FLOORS; floor++) {
        for (let r = 1; r <= ROOMS_PER_FLOOR; r++) {
          const room = `${floor}${String(r).padStart(2, '0')}`
          const index = out.length
          out.push({
            index,
            building,
            unit,
            floor,
            room,
            area: AREAS[`${unit}-${r}`],
            batch: floor <= 8 ? '第一批' : '第二批',
            token: demoInviteToken(building, unit, room),
            label: `${building}${unit}单元${room}`,
            owner: demoOwner(index)
          })
        }
      }
    }
  }
  return out
}

/** What a demo owner types on the verify page (tests and the printed hints). Never the full ID. */
export function demoOwnerCredentials(houseIndex: number) {
  const h = demoHouses()[houseIndex]
  if (!h) throw new Error(`no demo house ${houseIndex}`)
  return { token: h.token, label: h.label, ownerName: h.owner.name, idTail: h.owner.idNumber.slice(-6) }
}

/** Test helper: a full ID of a demo owner, to prove it never leaks. Not used by the app. */
export function demoOwnerIdNumber(houseIndex: number): string {
  return demoHouses()[houseIndex].owner.idNumber
}

export const DEMO_STAFF: { role: StaffRole; displayName: string }[] = [
  { role: 'reception', displayName: '前台 林晓' },
  { role: 'reviewer', displayName: '客服 张敏' },
  { role: 'inspector', displayName: '工程 陈刚' },
  { role: 'cashier', displayName: '财务 刘芳' },
  { role: 'manager', displayName: '项目经理 王强' }
]
export const demoStaffPassword = (role: StaffRole) => `anjia-${role}-2026`

const CHECKLIST = [
  { code: 'owner_id_card', title: '业主身份证', description: '正反面照片；现场需出示原件，须在有效期内', requirement: 'required', condition: null },
  { code: 'purchase_contract', title: '购房合同', description: '含房号、面积页和签字页', requirement: 'required', condition: null },
  { code: 'fee_agreement', title: '物业费代收代缴协议', description: '仅通过代收代缴方式预缴物业费时提供', requirement: 'optional', condition: null },
  { code: 'quality_acceptance', title: '房屋质量验收表', description: '如开发商已提供，请一并上传', requirement: 'optional', condition: null },
  { code: 'power_of_attorney', title: '委托书', description: '委托他人办理时，需业主签字的授权委托书', requirement: 'conditional', condition: 'delegate' },
  { code: 'household_register', title: '户口簿', description: '如需办理落户相关手续请上传', requirement: 'optional', condition: null }
]

const FEE_RATES = [
  { kind: 'property', label: '物业费', basis: 'per_m2_month', rate_cents: 380 },
  { kind: 'heating', label: '供暖费', basis: 'per_m2', rate_cents: 2500 },
  { kind: 'utility_activation', label: '水电气开通费', basis: 'flat', rate_cents: 30000 },
  { kind: 'decoration_deposit', label: '装修保证金', basis: 'flat', rate_cents: 300000 }
]

const SLOT_HOURS = [9, 10, 11, 12, 13, 14, 15, 16]

const AGREEMENTS = [
  {
    kind: 'property_service',
    title: '物业服务协议',
    body: [
      '甲方（业主）：见签署信息',
      `乙方（物业服务企业）：${DEMO_COMMUNITY.company}`,
      '',
      '第一条 服务内容。乙方为本物业提供房屋共用部位及共用设施设备的维修养护、公共区域清洁卫生、绿化养护、秩序维护、车辆停放管理及客户服务等前期物业服务。',
      '第二条 服务标准。乙方按照《物业服务标准》提供服务，客服中心每日 8:00-20:00 受理业主咨询与报修，紧急维修 24 小时响应，一般报修 30 分钟内响应。',
      '第三条 物业服务费。物业服务费按房屋建筑面积每月每平方米 3.80 元计收，自房屋交付之日起计算，按年预缴。',
      '第四条 甲方权利义务。甲方享有按约定接受服务的权利，应遵守管理规约，按时交纳物业服务费，装修前向乙方办理装修登记手续。',
      '第五条 乙方权利义务。乙方应依约提供服务，妥善保管业主资料，不得泄露业主个人信息，对违反管理规约的行为予以劝阻并报告有关部门。',
      '第六条 协议期限。本协议自签署之日起生效，至业主大会选聘的物业服务企业与业主委员会签订的物业服务合同生效时终止。',
      '第七条 争议解决。双方发生争议时协商解决，协商不成的，可向物业所在地人民法院提起诉讼。'
    ].join('\n')
  },
  {
    kind: 'fee_collection',
    title: '前期物业费代收代缴协议',
    body: [
      '甲方（业主）：见签署信息',
      `乙方（物业服务企业）：${DEMO_COMMUNITY.company}`,
      '',
      '第一条 代收事项。甲方委托乙方在入伙时代收代缴水电气开通费，并预收首年物业服务费、供暖费及装修保证金。',
      '第二条 收费依据。各项费用按本小区公示的收费标准计算，收费明细在缴费前向甲方列明，甲方确认后支付。',
      '第三条 票据。乙方收款后向甲方出具收据；代缴费用由乙方在收款后 15 个工作日内向相关单位缴纳，并提供缴费凭证。',
      '第四条 装修保证金。装修完工并经验收无违规事项的，乙方在验收合格后 30 日内无息退还装修保证金。',
      '第五条 其他。交钥匙是否以缴清费用为前提，以本小区公示的入伙办理规定为准。本协议未尽事宜，双方协商补充。'
    ].join('\n')
  }
]

const INSPECTION: Record<string, string[]> = {
  客厅: ['墙面平整无裂缝', '地面无空鼓', '门窗开关顺畅', '插座通电', '入户门及门锁'],
  卧室: ['墙面平整无裂缝', '地面无空鼓', '窗户密封', '插座通电'],
  厨房: ['给排水通畅', '燃气接口', '墙地砖无空鼓', '烟道'],
  卫生间: ['防水闭水', '地漏排水', '给排水通畅', '墙地砖无空鼓'],
  阳台: ['栏杆牢固', '地漏排水', '窗户密封']
}

const KEY_TYPES = [
  { code: 'door_key', label: '入户门钥匙', default_count: 3 },
  { code: 'unit_card', label: '单元门禁卡', default_count: 2 },
  { code: 'elevator_card', label: '电梯卡', default_count: 2 },
  { code: 'mailbox_key', label: '信箱钥匙', default_count: 2 }
]

const SURVEY = [
  { code: 'notice', title: '入伙通知的及时性与清晰度', weight: 0.15 },
  { code: 'onsite_efficiency', title: '现场办理效率（含验房便利性）', weight: 0.25 },
  { code: 'staff_attitude', title: '工作人员服务态度与专业性', weight: 0.2 },
  { code: 'facilities', title: '配套设施完善程度（电梯、门禁、绿化）', weight: 0.15 },
  // how problems were handled: "the problems met" cannot be rated on a satisfaction scale
  { code: 'problems', title: '入伙过程中遇到问题时的处理及时性与效果', weight: 0.1 },
  { code: 'overall', title: '总体满意度', weight: 0.15 }
]

const FAQ: { code: string; title: string; items: [string, string][] }[] = [
  {
    code: 'move_in_time',
    title: '入伙时间',
    items: [
      ['什么时候可以办理入伙？', '第一批（1-8层）与第二批（9-15层）分批办理，请在"预约时间"中选择本批次的可预约时段。'],
      ['预约后可以改期吗？', '到场时间前 24 小时可自行改约或取消，之后如需改期请致电物业服务中心。'],
      ['什么样的身份证件有效？', '请上传业主本人居民身份证正反面，证件须在有效期内；临时身份证同样有效。到场办理时请携带原件核对。'],
      ['可以委托他人办理吗？', '可以。受托人核验身份时填写本人姓名和身份证号，并上传业主签字的授权委托书，审核通过后即可办理。']
    ]
  },
  {
    code: 'fees',
    title: '费用与缴费',
    items: [
      ['入伙需要缴纳哪些费用？', '首年物业费（3.80 元/㎡/月 × 12 个月）、供暖费（25 元/㎡）、水电气开通费 300 元、装修保证金 3000 元（验收后退还）。'],
      ['如何缴费？', '在小程序“缴纳费用”中核对账单后点击微信支付，或到场在收银台缴纳；服务器确认到账后生成收据，可在小程序中查看。'],
      ['可以用哪些方式缴费？', '可在小程序内微信支付，也可到场以现金、银行卡、转账或支付宝缴纳，缴费后出具收据。']
    ]
  },
  {
    code: 'decoration',
    title: '装修管理',
    items: [
      ['装修前需要办理什么手续？', '请携带装修方案和施工单位资质到物业服务中心办理装修登记，缴纳装修保证金后领取施工证。'],
      ['装修施工时间有什么规定？', '工作日 8:00-12:00、14:00-18:00 可施工，周末及法定节假日禁止产生噪音的作业。']
    ]
  },
  {
    code: 'repairs',
    title: '报修',
    items: [
      ['验房发现问题怎么办？', '验房人员会记录问题并拍照，生成整改单，整改完成后通知您复验。'],
      ['入住后如何报修？', '可在小程序提交报修或致电物业服务中心，一般报修 30 分钟内响应。']
    ]
  },
  {
    code: 'property_services',
    title: '物业服务',
    items: [
      ['门禁卡丢了怎么办？', '请携带身份证到物业服务中心挂失补办，补办工本费以公示为准。'],
      ['如何办理车位停车？', '入伙后可在物业服务中心办理车辆登记，月租车位按公示价格收费。'],
      ['物业服务中心的工作时间？', `每天 8:00-20:00，服务电话 ${DEMO_COMMUNITY.servicePhone}，夜间紧急情况请拨打值班电话。`]
    ]
  }
]

const HANDBOOK = {
  serviceHours: '每天 8:00-20:00',
  servicePhone: DEMO_COMMUNITY.servicePhone,
  emergencyPhone: '0755-8888 6699（24 小时值班）',
  sections: [
    {
      code: 'emergency',
      title: '紧急情况处理',
      items: [
        '发生漏水、停电、燃气泄漏等紧急情况，请立即拨打 24 小时值班电话。',
        '燃气泄漏：关闭燃气总阀，开窗通风，切勿开关电器或使用明火，撤离后再打电话。',
        '室内漏水：关闭入户水阀，切断相关电源，通知值班人员上门处理。',
        '火灾：拨打 119，沿疏散指示走楼梯撤离，切勿乘坐电梯。',
        '电梯困人：按下轿厢内警铃或拨打电梯内救援电话，保持冷静等待救援。'
      ]
    },
    {
      code: 'decoration',
      title: '装修须知',
      items: [
        '装修前携带装修方案和施工单位资质到物业服务中心办理装修登记，领取施工证。',
        '施工时间：工作日 8:00-12:00、14:00-18:00；周末及法定节假日禁止产生噪音的作业。',
        '不得拆改承重墙、梁柱和外立面，不得改变阳台、厨卫防水层。',
        '装修垃圾请装袋运至指定堆放点，不得投入生活垃圾桶。'
      ]
    },
    {
      code: 'public_area',
      title: '公共区域指南',
      items: [
        '小区实行垃圾分类，请按可回收物、厨余垃圾、有害垃圾、其他垃圾分类投放。',
        '楼道、消防通道内请勿堆放物品，电动车请停放在地面充电棚，禁止入户充电。',
        '快递柜位于各栋一楼大堂，访客请在门岗登记。',
        '地下车库限速 5 km/h，非机动车请走专用坡道。',
        '会所、儿童游乐区开放时间 7:00-21:00，宠物请牵绳并及时清理粪便。'
      ]
    }
  ]
}

async function chunked<T>(rows: T[], size: number, fn: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await fn(rows.slice(i, i + size))
}

export async function isEmpty(db: Db): Promise<boolean> {
  const r = await db.selectFrom('communities').select('id').limit(1).executeTakeFirst()
  return !r
}

/** Inserts the whole demo community in one transaction. */
export async function seedDemo(db: Db, config: AppConfig): Promise<{ communityId: number; houses: number }> {
  const now = config.now()
  const at = now.toISOString()
  const houses = demoHouses()
  const staffHashes = await Promise.all(DEMO_STAFF.map((s) => hashPassword(demoStaffPassword(s.role))))

  return db.transaction().execute(async (tx) => {
    const community = await tx
      .insertInto('communities')
      .values({
        name: DEMO_COMMUNITY.name,
        address: DEMO_COMMUNITY.address,
        service_phone: DEMO_COMMUNITY.servicePhone,
        company: DEMO_COMMUNITY.company,
        policy_fees_required_for_keys: 1,
        policy_agreements_required_for_keys: 1,
        reservation_cutoff_hours: 24,
        prepaid_months: 12,
        upload_retention_days: 180,
        handbook: JSON.stringify(HANDBOOK),
        survey_weights: JSON.stringify(Object.fromEntries(SURVEY.map((s) => [s.code, s.weight]))),
        created_at: at
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const communityId = Number(community.id)

    const buildingIds = new Map<string, number>()
    for (const [i, name] of BUILDINGS.entries()) {
      const b = await tx.insertInto('buildings').values({ community_id: communityId, name, sort: i }).returning('id').executeTakeFirstOrThrow()
      buildingIds.set(name, Number(b.id))
    }

    const houseIds: number[] = []
    await chunked(houses, 60, async (chunk) => {
      const rows = await tx
        .insertInto('houses')
        .values(
          chunk.map((h) => ({
            community_id: communityId,
            building_id: buildingIds.get(h.building)!,
            unit: h.unit,
            floor: h.floor,
            room: h.room,
            area: h.area,
            batch: h.batch,
            invite_token: h.token,
            open_for_move_in: 1,
            created_at: at
          }))
        )
        .returning('id')
        .execute()
      houseIds.push(...rows.map((r) => Number(r.id)))
    })

    await chunked(houses, 60, (chunk) =>
      tx
        .insertInto('registered_owners')
        .values(
          chunk.map((h) => ({
            house_id: houseIds[h.index],
            name: h.owner.name,
            id_cipher: encrypt(config.keys.aes, h.owner.idNumber),
            id_hmac: blindIndex(config.keys.hmac, h.owner.idNumber, 'id'),
            id_tail_hmac: blindIndex(config.keys.hmac, h.owner.idNumber.slice(-6), 'id_tail'),
            phone_cipher: encrypt(config.keys.aes, h.owner.phone),
            created_at: at
          }))
        )
        .execute()
    )

    await tx
      .insertInto('checklist_items')
      .values(CHECKLIST.map((c, i) => ({ community_id: communityId, ...c, sort: i })))
      .execute()
    await tx
      .insertInto('fee_rates')
      .values(FEE_RATES.map((f, i) => ({ community_id: communityId, ...f, sort: i })))
      .execute()

    const tomorrow = addDays(shanghaiDate(now), 1)
    const slots = []
    for (const batch of ['第一批', '第二批']) {
      for (let d = 0; d < 14; d++) {
        for (const h of SLOT_HOURS) {
          slots.push({
            community_id: communityId,
            batch,
            date: addDays(tomorrow, d),
            start_time: `${String(h).padStart(2, '0')}:00`,
            end_time: `${String(h + 1).padStart(2, '0')}:00`,
            capacity: 6,
            booked: 0
          })
        }
      }
    }
    await chunked(slots, 100, (chunk) => tx.insertInto('slots').values(chunk).execute())

    await tx
      .insertInto('agreements')
      .values(AGREEMENTS.map((a) => ({ community_id: communityId, ...a, version: 1, active: 1, created_at: at })))
      .execute()

    let sort = 0
    await tx
      .insertInto('inspection_templates')
      .values(Object.entries(INSPECTION).flatMap(([room, items]) => items.map((item) => ({ community_id: communityId, room, item, sort: sort++ }))))
      .execute()
    await tx
      .insertInto('key_types')
      .values(KEY_TYPES.map((k, i) => ({ community_id: communityId, ...k, sort: i })))
      .execute()
    await tx
      .insertInto('survey_items')
      .values(SURVEY.map((s, i) => ({ community_id: communityId, ...s, sort: i })))
      .execute()

    for (const [i, cat] of FAQ.entries()) {
      const c = await tx
        .insertInto('faq_categories')
        .values({ community_id: communityId, code: cat.code, title: cat.title, sort: i })
        .returning('id')
        .executeTakeFirstOrThrow()
      await tx
        .insertInto('faqs')
        .values(cat.items.map(([question, answer], j) => ({ community_id: communityId, category_id: Number(c.id), question, answer, sort: j })))
        .execute()
    }

    await tx
      .insertInto('staff_users')
      .values(
        DEMO_STAFF.map((s, i) => ({
          community_id: communityId,
          username: s.role,
          password_hash: staffHashes[i],
          display_name: s.displayName,
          role: s.role,
          active: 1,
          created_at: at
        }))
      )
      .execute()

    return { communityId, houses: houses.length }
  })
}

/** The start-up banner: entry URLs with what to type, staff accounts, and a QR code. Never a full ID. */
export function demoBanner(publicUrl: string): { lines: string[]; qrUrl: string } {
  const picks = [0, 1, 17, 30, 75]
  const lines = ['', '安家示范小区 — 演示入口，从头体验业主办理（业主姓名 + 身份证号后6位）：']
  for (const i of picks) {
    const c = demoOwnerCredentials(i)
    lines.push(`  ${c.label.padEnd(12)} ${c.ownerName}  尾号 ${c.idTail}  ${publicUrl}/#/pages/entry/index?scene=${c.token}`)
  }
  lines.push('', ...demoActivityLines(publicUrl))
  lines.push('', '工作人员账号（用户名 / 密码）：')
  for (const s of DEMO_STAFF) lines.push(`  ${s.displayName.padEnd(10)} ${s.role} / ${demoStaffPassword(s.role)}`)
  lines.push('', `扫码进入 ${demoOwnerCredentials(0).label}：`)
  return { lines, qrUrl: `${publicUrl}/#/pages/entry/index?scene=${demoOwnerCredentials(0).token}` }
}

export { STAFF_ROLES }

/** The demo survey items with their CSI weights (the e2e journey recomputes the CSI from them). */
export const DEMO_SURVEY_ITEMS: readonly { code: string; title: string; weight: number }[] = SURVEY

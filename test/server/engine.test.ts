import {
  ALLOWED_TRANSITIONS,
  EngineError,
  assertCanEnter,
  assertTransition,
  canChangeReservation,
  canEnter,
  deriveProgress,
  progressChanges,
  type CaseFacts,
  type Policy,
  type Stage,
  type StageStatus
} from '../../server/src/modules/cases/engine'
import { STAGE_TITLES } from '../../types/stages'
import { shanghaiDate } from '../../server/src/lib/time'

// Frozen clock: 2024-11-28 10:00 in Shanghai. The reservation day is 2024-11-30.
const NOW = new Date('2024-11-28T02:00:00Z')
const RES_DAY = '2024-11-30'

const POLICY: Policy = { feesRequiredForKeys: true, agreementsRequiredForKeys: false, reservationCutoffHours: 24 }

function fresh(): CaseFacts {
  return {
    verifiedAt: null,
    role: null,
    delegateStatus: null,
    documents: [
      { code: 'id_card', title: '业主身份证', required: true, status: 'missing' },
      { code: 'contract', title: '购房合同', required: true, status: 'missing' },
      { code: 'quality_form', title: '房屋质量验收表', required: false, status: 'missing' }
    ],
    reservation: null,
    agreements: [
      { kind: 'service', title: '物业服务协议', signedAt: null },
      { kind: 'fee_collection', title: '前期物业费代收代缴协议', signedAt: null }
    ],
    fees: null,
    checkin: null,
    inspection: { status: 'none', openDefects: 0, ownerSignedAt: null },
    keys: { handedAt: null },
    done: { at: null },
    followup: { dueAt: null, doneAt: null }
  }
}

function verified(): CaseFacts {
  return { ...fresh(), verifiedAt: '2024-11-20T01:00:00Z', role: 'owner' }
}

function docsApproved(): CaseFacts {
  const f = verified()
  f.documents = f.documents.map((d) => (d.required ? { ...d, status: 'approved' } : d))
  return f
}

function reserved(date = RES_DAY): CaseFacts {
  return { ...docsApproved(), reservation: { date, start: '09:00', end: '10:00' } }
}

/** On site, inspection passed and signed; fees and agreements untouched. */
function inspected(): CaseFacts {
  return {
    ...reserved(),
    fees: { totalCents: 1_234_550, paidCents: 0, settledAt: null },
    checkin: { date: RES_DAY, queueNo: 12, at: '2024-11-30T01:05:00Z' },
    inspection: { status: 'passed', openDefects: 0, ownerSignedAt: '2024-11-30T02:00:00Z' }
  }
}

function complete(): CaseFacts {
  const f = inspected()
  return {
    ...f,
    agreements: f.agreements.map((a) => ({ ...a, signedAt: '2024-11-21T03:00:00Z' })),
    fees: { totalCents: 1_234_550, paidCents: 1_234_550, settledAt: '2024-11-22T03:00:00Z' },
    keys: { handedAt: '2024-11-30T03:00:00Z' },
    done: { at: '2024-11-30T03:05:00Z' },
    followup: { dueAt: '2024-12-07T03:05:00Z', doneAt: '2024-12-03T06:00:00Z' }
  }
}

const ON_THE_DAY = new Date('2024-11-30T02:30:00Z')

function statusOf(facts: CaseFacts, stage: Stage, now = NOW, policy = POLICY) {
  return deriveProgress(facts, policy, now).stages.find((s) => s.stage === stage)!
}

function reasons(stage: Stage, facts: CaseFacts, now = NOW, policy = POLICY): string[] {
  const r = canEnter(stage, facts, policy, now)
  return r.ok ? [] : r.reasons
}

describe('fresh and complete cases', () => {
  test('a fresh case can only verify, and says so', () => {
    const p = deriveProgress(fresh(), POLICY, NOW)
    expect(p.stages.map((s) => [s.stage, s.status])).toEqual([
      ['verify', 'available'],
      ['documents', 'locked'],
      ['reserve', 'locked'],
      ['agreements', 'locked'],
      ['fees', 'locked'],
      ['checkin', 'locked'],
      ['inspection', 'locked'],
      ['keys', 'locked'],
      ['done', 'locked'],
      ['followup', 'locked']
    ])
    expect(p.currentStage).toBe('verify')
    expect(p.nextStep).toBe('请先核验业主身份，开始办理入伙')
    expect(p.stages[1].blockers).toEqual(['尚未核验业主身份'])
    expect(p.stages[0].blockers).toEqual([])
    expect(p.stages.map((s) => s.title)).toEqual([
      '核验身份', '提交资料', '预约时间', '签署协议', '缴纳费用', '现场签到', '验房', '交钥匙', '完成入伙', '回访'
    ])
  })

  test('a complete case is done everywhere with completion times', () => {
    const p = deriveProgress(complete(), POLICY, new Date('2024-12-05T00:00:00Z'))
    expect(p.stages.every((s) => s.status === 'done')).toBe(true)
    expect(p.stages.every((s) => s.blockers.length === 0)).toBe(true)
    expect(p.currentStage).toBe('followup')
    expect(p.nextStep).toBe('入伙已完成，欢迎回家！如需报修或咨询，请联系物业服务中心')
    const doneAt = Object.fromEntries(p.stages.map((s) => [s.stage, s.doneAt]))
    expect(doneAt).toMatchObject({
      verify: '2024-11-20T01:00:00Z',
      fees: '2024-11-22T03:00:00Z',
      checkin: '2024-11-30T01:05:00Z',
      keys: '2024-11-30T03:00:00Z',
      followup: '2024-12-03T06:00:00Z'
    })
  })

  test('after move-in the follow-up visit is announced with its Shanghai date', () => {
    const f = complete()
    f.followup = { dueAt: '2024-12-07T17:00:00Z', doneAt: null } // 12-08 01:00 in Shanghai
    const p = deriveProgress(f, POLICY, new Date('2024-12-01T00:00:00Z'))
    expect(p.currentStage).toBe('followup')
    expect(p.nextStep).toBe('入伙已完成，欢迎回家！物业将于 12月8日 前回访')
  })
})

describe('verify and delegates', () => {
  test('a delegate whose power of attorney is pending is not verified yet', () => {
    const f: CaseFacts = { ...fresh(), verifiedAt: '2024-11-20T01:00:00Z', role: 'delegate', delegateStatus: 'pending_review' }
    const p = deriveProgress(f, POLICY, NOW)
    expect(statusOf(f, 'verify').status).toBe('in_progress')
    expect(p.currentStage).toBe('verify')
    expect(p.nextStep).toBe('授权委托书审核中，审核通过后即可继续办理')
    expect(reasons('documents', f)).toEqual(['授权委托书审核中'])
    expect(reasons('agreements', f)).toEqual(['授权委托书审核中'])
  })

  test('a rejected power of attorney needs the owner: attention', () => {
    const f: CaseFacts = { ...fresh(), verifiedAt: '2024-11-20T01:00:00Z', role: 'delegate', delegateStatus: 'rejected' }
    expect(statusOf(f, 'verify').status).toBe('attention')
    expect(deriveProgress(f, POLICY, NOW).currentStage).toBe('verify')
    expect(reasons('fees', f)).toEqual(['授权委托书未通过审核，请重新上传'])
  })

  test('an approved delegate opens documents, agreements and fees', () => {
    const f: CaseFacts = { ...fresh(), verifiedAt: '2024-11-20T01:00:00Z', role: 'delegate', delegateStatus: 'approved' }
    expect(statusOf(f, 'verify').status).toBe('done')
    for (const s of ['documents', 'agreements', 'fees'] as Stage[]) {
      expect(canEnter(s, f, POLICY, NOW)).toEqual({ ok: true })
      expect(statusOf(f, s).status).toBe('available')
    }
  })
})

describe('documents and the reserve guard', () => {
  test('verified owner is asked for the documents by name', () => {
    const p = deriveProgress(verified(), POLICY, NOW)
    expect(p.currentStage).toBe('documents')
    expect(p.nextStep).toBe('请上传业主身份证、购房合同等入伙资料')
  })

  test('reserve lists what is missing, rejected and waiting', () => {
    const f = verified()
    f.documents = [
      { code: 'id_card', title: '业主身份证', required: true, status: 'submitted' },
      { code: 'contract', title: '购房合同', required: true, status: 'rejected', reason: '照片模糊' },
      { code: 'hukou', title: '户口簿', required: true, status: 'missing' },
      { code: 'quality_form', title: '房屋质量验收表', required: false, status: 'missing' }
    ]
    expect(reasons('reserve', f)).toEqual([
      '待上传：户口簿',
      '「购房合同」未通过审核：照片模糊，请重新上传',
      '审核中：业主身份证'
    ])
  })

  test('reserve opens when every required document is approved, optional ones aside', () => {
    expect(canEnter('reserve', docsApproved(), POLICY, NOW)).toEqual({ ok: true })
    expect(statusOf(docsApproved(), 'documents').status).toBe('done')
    expect(statusOf(docsApproved(), 'reserve').status).toBe('available')
    expect(deriveProgress(docsApproved(), POLICY, NOW).nextStep).toBe('请预约到场办理时间')
  })

  test('reserve also needs verification, not only documents', () => {
    const f = docsApproved()
    f.verifiedAt = null
    expect(reasons('reserve', f)).toEqual(['尚未核验业主身份'])
  })

  test('a rejected document puts documents in attention with its reason', () => {
    const f = verified()
    f.documents[0] = { ...f.documents[0], status: 'approved' }
    f.documents[1] = { ...f.documents[1], status: 'rejected', reason: '缺少盖章页' }
    const p = deriveProgress(f, POLICY, NOW)
    const docs = p.stages.find((s) => s.stage === 'documents')!
    expect(docs.status).toBe('attention')
    expect(docs.summary).toBe('「购房合同」未通过审核：缺少盖章页，请重新上传')
    expect(p.currentStage).toBe('documents')
    expect(p.nextStep).toBe('「购房合同」未通过审核：缺少盖章页，请重新上传')
  })

  test('all submitted: review takes up to 24 hours and the owner may sign meanwhile', () => {
    const f = verified()
    f.documents = f.documents.map((d) => (d.required ? { ...d, status: 'submitted' } : d))
    const p = deriveProgress(f, POLICY, NOW)
    expect(statusOf(f, 'documents').status).toBe('in_progress')
    expect(p.nextStep).toBe('资料审核中，预计24小时内完成，期间可先签署协议')
  })

  test('a community with no required document needs nothing once verified', () => {
    const f = verified()
    f.documents = []
    expect(statusOf(f, 'documents').status).toBe('done')
    expect(canEnter('reserve', f, POLICY, NOW)).toEqual({ ok: true })
    expect(statusOf({ ...f, verifiedAt: null }, 'documents').status).toBe('locked')
  })
})

describe('check-in is allowed only on the reserved day in Shanghai', () => {
  // 2024-11-30 in Shanghai runs from 2024-11-29T16:00Z to 2024-11-30T15:59:59.999Z.
  test.each([
    ['the evening before, 23:59:59 Shanghai', '2024-11-29T15:59:59Z', ['预约日期为 11月30日，当天到场后方可签到']],
    ['midnight Shanghai', '2024-11-29T16:00:00Z', []],
    ['the last second of the day', '2024-11-30T15:59:59Z', []],
    ['the next midnight', '2024-11-30T16:00:00Z', ['预约日期 11月30日 已过，请重新预约']]
  ])('%s', (_label, iso, expected) => {
    expect(reasons('checkin', reserved(), new Date(iso))).toEqual(expected)
  })

  test('shanghaiDate flips at 16:00Z', () => {
    expect(shanghaiDate(new Date('2024-11-29T15:59:59.999Z'))).toBe('2024-11-29')
    expect(shanghaiDate(new Date('2024-11-29T16:00:00Z'))).toBe('2024-11-30')
    expect(shanghaiDate(new Date('2024-12-31T16:00:00Z'))).toBe('2025-01-01')
  })

  test('no reservation, no check-in', () => {
    expect(reasons('checkin', docsApproved())).toEqual(['尚未预约到场时间'])
  })

  test('before the day the owner is told when to come and what to bring', () => {
    const f = reserved()
    f.agreements = f.agreements.map((a) => ({ ...a, signedAt: '2024-11-21T00:00:00Z' }))
    f.fees = { totalCents: 100_00, paidCents: 100_00, settledAt: '2024-11-22T00:00:00Z' }
    const p = deriveProgress(f, POLICY, NOW)
    expect(p.currentStage).toBe('checkin')
    expect(p.nextStep).toBe('请于 11月30日 09:00-10:00 到物业服务中心办理，携带身份证、购房合同原件')
  })

  test('on the day check-in leads even with optional steps left', () => {
    const p = deriveProgress(reserved(), { ...POLICY, feesRequiredForKeys: false }, ON_THE_DAY)
    expect(p.stages.find((s) => s.stage === 'checkin')!.status).toBe('available')
    expect(p.currentStage).toBe('checkin')
    expect(p.nextStep).toBe('今天 09:00-10:00 请到物业服务中心签到取号，携带身份证、购房合同原件')
  })

  test('a missed reservation day asks the owner to book again', () => {
    const p = deriveProgress(reserved(), POLICY, new Date('2024-11-30T16:00:00Z'))
    const reserve = p.stages.find((s) => s.stage === 'reserve')!
    expect(reserve.status).toBe('attention')
    expect(p.currentStage).toBe('reserve')
    expect(p.nextStep).toBe('预约的 11月30日 09:00-10:00 已过，请重新预约到场办理时间')
  })
})

describe('reservation changes and the cut-off', () => {
  // 09:00 Shanghai on 11-30 is 01:00Z; a 24 h cut-off ends changes at 11-29T01:00Z.
  test('allowed until the cut-off, refused from it', () => {
    const before = canChangeReservation(reserved(), POLICY, new Date('2024-11-29T00:59:59Z'))
    expect(before).toEqual({ ok: true, deadline: new Date('2024-11-29T01:00:00Z') })
    const at = canChangeReservation(reserved(), POLICY, new Date('2024-11-29T01:00:00Z'))
    expect(at.ok).toBe(false)
  })

  test('the reserve summary shows the cut-off', () => {
    expect(statusOf(reserved(), 'reserve').summary).toBe('已预约 11月30日 09:00-10:00，11月29日 09:00 前可改约或取消')
    expect(statusOf(reserved(), 'reserve', new Date('2024-11-29T02:00:00Z')).summary).toBe(
      '已预约 11月30日 09:00-10:00，已过改约截止时间'
    )
  })
})

describe('inspection', () => {
  test('needs check-in', () => {
    expect(reasons('inspection', reserved(), ON_THE_DAY)).toEqual(['尚未现场签到'])
    const f = { ...reserved(), checkin: { date: RES_DAY, queueNo: 3, at: '2024-11-30T01:00:00Z' } }
    expect(canEnter('inspection', f, POLICY, ON_THE_DAY)).toEqual({ ok: true })
    expect(deriveProgress(f, POLICY, ON_THE_DAY).nextStep).toBe('已签到（排队号 3），请等待工作人员陪同验房')
  })

  test('defects waiting for the owner put inspection in attention', () => {
    const f = inspected()
    f.inspection = { status: 'defects_open', openDefects: 2, ownerSignedAt: null }
    const p = deriveProgress(f, POLICY, ON_THE_DAY)
    expect(p.stages.find((s) => s.stage === 'inspection')!.status).toBe('attention')
    expect(p.currentStage).toBe('inspection')
    expect(p.nextStep).toBe('验房发现 2 处问题，请确认问题清单，整改后安排复验')
  })

  test('the next step follows the fixes: to confirm before / after the re-inspection, or some still being fixed', () => {
    const f = inspected()
    f.inspection = { status: 'passed', openDefects: 1, awaitingOwner: 1, ownerSignedAt: null }
    expect(deriveProgress(f, POLICY, ON_THE_DAY).nextStep).toBe('复验已通过，请确认 1 项整改，然后签署房屋交接单')
    f.inspection = { status: 'defects_open', openDefects: 2, awaitingOwner: 2, ownerSignedAt: null }
    expect(deriveProgress(f, POLICY, ON_THE_DAY).nextStep).toBe('请确认 2 项整改，复验通过后签署房屋交接单')
    f.inspection = { status: 'defects_open', openDefects: 3, awaitingOwner: 1, ownerSignedAt: null }
    expect(deriveProgress(f, POLICY, ON_THE_DAY).nextStep).toBe('请确认 1 项已完成的整改；另有 2 处问题整改中')
    expect(JSON.stringify(deriveProgress({ ...f, inspection: { status: 'passed', openDefects: 1, awaitingOwner: 1, ownerSignedAt: null } }, POLICY, ON_THE_DAY))).not.toContain('整改后安排复验')
  })

  test('passed but not signed: the owner must sign the handover form', () => {
    const f = inspected()
    f.inspection = { status: 'passed', openDefects: 0, ownerSignedAt: null }
    expect(statusOf(f, 'inspection', ON_THE_DAY)).toMatchObject({ status: 'attention', summary: '验房通过，请签署房屋交接单' })
  })
})

describe('keys and the community policy', () => {
  const noFees: Policy = { ...POLICY, feesRequiredForKeys: false }
  const withAgreements: Policy = { ...POLICY, agreementsRequiredForKeys: true }

  test('fees required: unpaid fees block keys, settled fees open them', () => {
    expect(reasons('keys', inspected(), ON_THE_DAY)).toEqual(['入伙费用尚未缴清（还需 ¥12,345.50）'])
    const paid = { ...inspected(), fees: { totalCents: 1_234_550, paidCents: 1_234_550, settledAt: '2024-11-30T02:10:00Z' } }
    expect(canEnter('keys', paid, POLICY, ON_THE_DAY)).toEqual({ ok: true })
  })

  test('fees required: the owner is sent to pay on the day', () => {
    const p = deriveProgress(inspected(), POLICY, ON_THE_DAY)
    expect(p.currentStage).toBe('fees')
    expect(p.nextStep).toBe('交钥匙前请缴清入伙费用 ¥12,345.50，可在线支付或到场缴纳')
  })

  test('fees not required: unpaid fees do not block keys', () => {
    expect(canEnter('keys', inspected(), noFees, ON_THE_DAY)).toEqual({ ok: true })
    const p = deriveProgress(inspected(), noFees, ON_THE_DAY)
    expect(p.currentStage).toBe('keys')
    expect(p.nextStep).toBe('请到钥匙交接处领取钥匙，核对房号与钥匙数量')
  })

  test('no bill yet blocks keys only when fees are required', () => {
    const f = { ...inspected(), fees: null }
    expect(reasons('keys', f, ON_THE_DAY)).toEqual(['入伙费用账单尚未生成'])
    expect(reasons('keys', f, ON_THE_DAY, noFees)).toEqual([])
  })

  test('agreements required: unsigned agreements block keys by title', () => {
    const f = { ...inspected(), fees: { totalCents: 100, paidCents: 100, settledAt: '2024-11-30T02:10:00Z' } }
    f.agreements = [f.agreements[0], { ...f.agreements[1], signedAt: '2024-11-30T02:00:00Z' }]
    expect(reasons('keys', f, ON_THE_DAY, withAgreements)).toEqual(['尚未签署：《物业服务协议》'])
    expect(reasons('keys', f, ON_THE_DAY, POLICY)).toEqual([])
  })

  test('the inspection must be passed, signed and free of open defects', () => {
    const base = { ...inspected(), fees: { totalCents: 100, paidCents: 100, settledAt: '2024-11-30T02:10:00Z' } }
    expect(reasons('keys', { ...base, inspection: { status: 'defects_open', openDefects: 1, ownerSignedAt: '2024-11-30T02:00:00Z' } }, ON_THE_DAY)).toEqual(['验房尚有 1 处问题未整改'])
    expect(reasons('keys', { ...base, inspection: { status: 'passed', openDefects: 0, ownerSignedAt: null } }, ON_THE_DAY)).toEqual(['业主尚未签署房屋交接单'])
    expect(reasons('keys', { ...base, inspection: { status: 'in_progress', openDefects: 0, ownerSignedAt: null } }, ON_THE_DAY)).toEqual(['验房尚未通过', '业主尚未签署房屋交接单'])
  })

  test('the keys summary shows the policy either way', () => {
    expect(statusOf(fresh(), 'keys').summary).toBe('交钥匙条件：验房合格并签署交接单、缴清入伙费用；签署协议不影响交钥匙')
    expect(statusOf(fresh(), 'keys', NOW, { ...noFees, agreementsRequiredForKeys: false }).summary).toBe(
      '交钥匙条件：验房合格并签署交接单；缴费、签署协议不影响交钥匙'
    )
    expect(statusOf(fresh(), 'keys', NOW, withAgreements).summary).toBe(
      '交钥匙条件：验房合格并签署交接单、缴清入伙费用、签署入伙协议'
    )
  })
})

describe('done and follow-up', () => {
  test('done needs keys, follow-up needs done', () => {
    const f = inspected()
    expect(reasons('done', f, ON_THE_DAY)).toEqual(['尚未交接钥匙'])
    expect(reasons('followup', f, ON_THE_DAY)).toEqual(['尚未完成入伙'])
    const handed = { ...f, keys: { handedAt: '2024-11-30T03:00:00Z' } }
    expect(canEnter('done', handed, POLICY, ON_THE_DAY)).toEqual({ ok: true })
    expect(canEnter('followup', { ...handed, done: { at: '2024-11-30T03:05:00Z' } }, POLICY, ON_THE_DAY)).toEqual({ ok: true })
  })
})

describe('fees', () => {
  test('partly paid is in progress with what is left', () => {
    const f = { ...verified(), fees: { totalCents: 50_000, paidCents: 20_000, settledAt: null } }
    expect(statusOf(f, 'fees')).toMatchObject({ status: 'in_progress', summary: '已缴 ¥200.00，还需 ¥300.00' })
  })

  test('paid in full is not settled until the server records it', () => {
    const f = { ...verified(), fees: { totalCents: 50_000, paidCents: 50_000, settledAt: null } }
    expect(statusOf(f, 'fees').status).toBe('in_progress')
    expect(reasons('keys', { ...inspected(), fees: f.fees }, ON_THE_DAY)).toEqual(['入伙费用尚未缴清（还需 ¥0.00）'])
  })
})

describe('guards as errors', () => {
  test('assertCanEnter throws STAGE_LOCKED with the reasons', () => {
    expect.assertions(3)
    try {
      assertCanEnter('reserve', verified(), POLICY, NOW)
    } catch (err) {
      expect(err).toBeInstanceOf(EngineError)
      expect((err as EngineError).code).toBe('STAGE_LOCKED')
      expect((err as EngineError).reasons).toEqual(['待上传：业主身份证、购房合同'])
    }
  })
})

describe('transitions', () => {
  const illegal: [Stage, StageStatus, StageStatus][] = [
    ['documents', 'locked', 'done'],
    ['documents', 'locked', 'in_progress'],
    ['reserve', 'locked', 'attention'],
    ['fees', 'available', 'available'],
    ['keys', 'done', 'available'],
    ['keys', 'done', 'attention'],
    ['fees', 'done', 'attention'],
    ['agreements', 'done', 'available'],
    ['checkin', 'done', 'locked'],
    ['verify', 'done', 'locked']
  ]
  test.each(illegal)('%s: %s → %s throws ILLEGAL_TRANSITION', (stage, from, to) => {
    expect(() => assertTransition(stage, from, to)).toThrow(EngineError)
    try {
      assertTransition(stage, from, to)
    } catch (err) {
      expect((err as EngineError).code).toBe('ILLEGAL_TRANSITION')
      expect((err as EngineError).reasons[0]).toContain(STAGE_TITLES[stage])
    }
  })

  const legal: [Stage, StageStatus, StageStatus][] = [
    ['documents', 'locked', 'available'],
    ['documents', 'attention', 'in_progress'],
    ['documents', 'done', 'attention'],
    ['reserve', 'done', 'available'],
    ['reserve', 'done', 'attention'],
    ['keys', 'available', 'done']
  ]
  test.each(legal)('%s: %s → %s is allowed', (stage, from, to) => {
    expect(() => assertTransition(stage, from, to)).not.toThrow()
  })

  test('every status has somewhere legal to go', () => {
    for (const [from, tos] of Object.entries(ALLOWED_TRANSITIONS)) {
      expect(tos.length).toBeGreaterThan(0)
      expect(tos).not.toContain(from)
    }
  })

  test('progressChanges reports a two-status jump as legal steps', () => {
    const f = inspected()
    f.fees = { totalCents: 100, paidCents: 100, settledAt: '2024-11-30T02:10:00Z' }
    const before = deriveProgress(f, POLICY, ON_THE_DAY).stages
    const after = deriveProgress(
      { ...f, keys: { handedAt: '2024-11-30T03:00:00Z' }, done: { at: '2024-11-30T03:00:00Z' } },
      POLICY,
      ON_THE_DAY
    ).stages
    expect(progressChanges(before, after)).toEqual([
      { stage: 'keys', from: 'available', to: 'done' },
      { stage: 'done', from: 'locked', to: 'available' },
      { stage: 'done', from: 'available', to: 'done' },
      { stage: 'followup', from: 'locked', to: 'available' }
    ])
  })

  test('progressChanges refuses an impossible change', () => {
    const before = deriveProgress(complete(), POLICY, ON_THE_DAY).stages
    const after = deriveProgress(fresh(), POLICY, ON_THE_DAY).stages
    expect(() => progressChanges(before, after)).toThrow(EngineError)
  })
})

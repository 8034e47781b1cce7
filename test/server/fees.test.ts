import { allocate, computeLines, totalOf, type FeeRate } from '../../server/src/modules/fees/calc'
import { demoHouses } from '../../server/src/seed/demo'
import { bearer, createTestApp, dialects, staffLogin, type TestApp } from './harness'
import { ownerOf } from './payments.helpers'

const RATES: FeeRate[] = [
  { kind: 'property', label: '物业费', basis: 'per_m2_month', rateCents: 380 },
  { kind: 'heating', label: '供暖费', basis: 'per_m2', rateCents: 2500 },
  { kind: 'utility_activation', label: '水电气开通费', basis: 'flat', rateCents: 30000 },
  { kind: 'decoration_deposit', label: '装修保证金', basis: 'flat', rateCents: 300000 }
]

describe('bill arithmetic', () => {
  test('89.5 m² for 12 months: 4,081.20 + 2,237.50 + 300 + 3,000', () => {
    const lines = computeLines(RATES, 89.5, 12)
    expect(lines.map((l) => l.amountCents)).toEqual([408120, 223750, 30000, 300000])
    expect(totalOf(lines)).toBe(961870)
    expect(lines[0]).toMatchObject({ quantity: 89.5, unit: 'm²·12个月', unitCents: 380 })
  })

  test('143.2 m² (a float that is not exact in binary) for 6 months rounds per line exactly', () => {
    const lines = computeLines(RATES, 143.2, 6)
    // 143.2 × 380 × 6 = 326,496 fen; 143.2 × 2500 = 358,000 fen
    expect(lines.map((l) => l.amountCents)).toEqual([326496, 358000, 30000, 300000])
  })

  test('half a fen rounds up', () => {
    expect(computeLines([{ kind: 'x', label: 'x', basis: 'per_m2', rateCents: 1 }], 0.5, 1)[0].amountCents).toBe(1)
    expect(computeLines([{ kind: 'x', label: 'x', basis: 'per_m2', rateCents: 1 }], 0.49, 1)[0].amountCents).toBe(0)
  })

  test('an unknown basis is an error, not a zero line', () => {
    expect(() => computeLines([{ kind: 'x', label: 'x', basis: 'per_year', rateCents: 1 }], 10, 1)).toThrow('unknown fee basis')
  })

  test('partial payments settle the lines in order and never certify the same fen twice', () => {
    const lines = computeLines(RATES, 89.5, 12)
    const first = allocate(lines, 0, 500000)
    expect(first).toEqual([
      { label: '物业费', amountCents: 408120 },
      { label: '供暖费（部分）', amountCents: 91880 }
    ])
    const second = allocate(lines, 500000, 461870)
    expect(second.reduce((s, l) => s + l.amountCents, 0)).toBe(461870)
    expect(second[0]).toEqual({ label: '供暖费（部分）', amountCents: 131870 })
    expect(allocate(lines, 961870, 100)).toEqual([{ label: '超额缴纳（待退还）', amountCents: 100 }])
  })
})

describe.each(dialects())('bill (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect)
  })
  afterAll(async () => t.close())

  const houseWithArea = (area: number) => demoHouses().findIndex((h) => h.area === area)

  test('the bill of a 89.5 m² and of a 118 m² house, stored once', async () => {
    const small = await ownerOf(t, houseWithArea(89.5))
    const res = await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: small.headers })
    expect(res.statusCode).toBe(200)
    const bill = res.json()
    expect(bill.lines.map((l: { label: string; amountCents: number }) => [l.label, l.amountCents])).toEqual([
      ['物业费', 408120],
      ['供暖费', 223750],
      ['水电气开通费', 30000],
      ['装修保证金', 300000]
    ])
    expect(bill).toMatchObject({ totalCents: 961870, paidCents: 0, balanceCents: 961870, status: 'unpaid', prepaidMonths: 12, area: 89.5 })

    const again = (await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: small.headers })).json()
    expect(again.id).toBe(bill.id)
    expect(again.lines).toHaveLength(4)

    const big = await ownerOf(t, houseWithArea(118))
    const b2 = (await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: big.headers })).json()
    expect(b2.lines.map((l: { amountCents: number }) => l.amountCents)).toEqual([538080, 295000, 30000, 300000])
    expect(b2.totalCents).toBe(1163080)
    expect(b2.id).not.toBe(bill.id)
  })

  test('concurrent first reads create one bill with one set of lines', async () => {
    const o = await ownerOf(t, 20)
    const results = await Promise.all(Array.from({ length: 6 }, () => t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: o.headers })))
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200])
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1)
    const lines = await t.app.db.selectFrom('fee_lines').select('id').where('bill_id', '=', results[0].json().id).execute()
    expect(lines).toHaveLength(4)
  })

  test('without an owner session the bill is refused', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/owner/bill' })
    expect(res.statusCode).toBe(401)
  })

  test('reading the bill makes the fee stage show the amount due', async () => {
    const o = await ownerOf(t, 21)
    await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: o.headers })
    const p = (await t.app.inject({ method: 'GET', url: '/api/owner/progress', headers: o.headers })).json()
    const fees = p.stages.find((s: { stage: string }) => s.stage === 'fees')
    expect(fees.summary).toContain('应缴')
  })

  test('the home names the amount due before the fees page was ever opened (no "账单生成中")', async () => {
    const o = await ownerOf(t, 23)
    const p = (await t.app.inject({ method: 'GET', url: '/api/owner/progress', headers: o.headers })).json()
    const fees = p.stages.find((s: { stage: string }) => s.stage === 'fees')
    const bill = (await t.app.inject({ method: 'GET', url: '/api/owner/bill', headers: o.headers })).json()
    expect(fees.summary).toBe(`应缴 ¥${(bill.totalCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}，可在线支付或到场缴纳`)
    expect(JSON.stringify(p)).not.toContain('生成中')
  })

  test('cashier lookup shows masked owner names and the bill; reception may not use it', async () => {
    await ownerOf(t, 22)
    const label = demoHouses()[22].label
    const cashier = await staffLogin(t, 'cashier')
    const res = await t.app.inject({ method: 'GET', url: `/api/staff/bills?q=${encodeURIComponent(label)}`, headers: bearer(cashier) })
    expect(res.statusCode).toBe(200)
    const item = res.json().items.find((i: { houseLabel: string }) => i.houseLabel === label)
    expect(item.verified).toBe(true)
    expect(item.bill.balanceCents).toBeGreaterThan(0)
    expect(item.ownerName).toContain('*')
    expect(item.ownerName).not.toBe(demoHouses()[22].owner.name)
    const reception = await staffLogin(t, 'reception')
    expect((await t.app.inject({ method: 'GET', url: `/api/staff/bills?q=1`, headers: bearer(reception) })).statusCode).toBe(403)
  })
})

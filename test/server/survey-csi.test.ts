import { computeCsi, meanSd } from '../../server/src/modules/survey/csi'

// The demo community's weights (server/src/seed/demo.ts), summing to 1.0
const DEMO = { notice: 0.15, onsite_efficiency: 0.25, staff_attitude: 0.2, facilities: 0.15, problems: 0.1, overall: 0.15 }
const all = (s: number) => Object.fromEntries(Object.keys(DEMO).map((k) => [k, s]))

describe('computeCsi', () => {
  test('all items scored 5 give 100', () => {
    expect(computeCsi(DEMO, all(5))).toBe(100)
  })

  test('all items scored 1 give 0', () => {
    expect(computeCsi(DEMO, all(1))).toBe(0)
  })

  test('all items scored 3 give 50 (the scale is linear from 1 to 5)', () => {
    expect(computeCsi(DEMO, all(3))).toBe(50)
  })

  test('a mixed answer with the demo weights', () => {
    // Σ wᵢSᵢ = 0.15·4 + 0.25·3 + 0.2·5 + 0.15·4 + 0.1·2 + 0.15·4
    //        = 0.60 + 0.75 + 1.00 + 0.60 + 0.20 + 0.60 = 3.75;  Σ wᵢ = 1.00
    // CSI₅ = 3.75;  CSI₁₀₀ = (3.75 − 1) / 4 × 100 = 68.75
    const scores = { notice: 4, onsite_efficiency: 3, staff_attitude: 5, facilities: 4, problems: 2, overall: 4 }
    expect(computeCsi(DEMO, scores)).toBe(68.75)
  })

  test('weights need not sum to 1: they are normalised by their sum', () => {
    // (1·5 + 3·1) / 4 = 2 on the 1-5 scale → (2 − 1) / 4 × 100 = 25
    expect(computeCsi({ a: 1, b: 3 }, { a: 5, b: 1 })).toBe(25)
  })

  test('edge case 1: unscored and zero-weight items are left out', () => {
    expect(computeCsi({ a: 1, b: 0, c: 2 }, { a: 5, b: 1 })).toBe(100)
  })

  test('edge case 2: nothing scored is an error, not 0', () => {
    expect(() => computeCsi(DEMO, {})).toThrow(RangeError)
  })

  test('edge case 3: a score outside 1..5 is an error', () => {
    expect(() => computeCsi({ a: 1 }, { a: 6 })).toThrow(RangeError)
    expect(() => computeCsi({ a: 1 }, { a: 2.5 })).toThrow(RangeError)
  })

  test('edge case 4: rounded to two decimals', () => {
    // (4 + 5 + 5) / 3 = 4.6667 → (4.6667 − 1) / 4 × 100 = 91.6667 → 91.67
    expect(computeCsi({ a: 1, b: 1, c: 1 }, { a: 4, b: 5, c: 5 })).toBe(91.67)
  })
})

describe('meanSd', () => {
  test('sample standard deviation (n − 1)', () => {
    // mean 3; squared deviations 4 + 0 + 4 = 8; 8 / 2 = 4; sd 2
    expect(meanSd([1, 3, 5])).toEqual({ mean: 3, sd: 2 })
  })
  test('one value has no standard deviation; none has no mean', () => {
    expect(meanSd([4])).toEqual({ mean: 4, sd: null })
    expect(meanSd([])).toEqual({ mean: null, sd: null })
  })
})

import { decodeScene } from '../../src/utils/scene'

describe('decodeScene', () => {
  it('accepts a raw token', () => {
    expect(decodeScene('aB3xK9')).toBe('aB3xK9')
  })

  it('decodes an encoded t=<token> once and returns the token', () => {
    expect(decodeScene('t%3DaB3xK9')).toBe('aB3xK9')
  })

  it('finds t among other pairs', () => {
    expect(decodeScene('from%3Dqr%26t%3Dabc123')).toBe('abc123')
  })

  it('does not decode a double-encoded scene twice', () => {
    // t=abc encoded twice: one pass leaves "t%3Dabc", which is not a token
    expect(decodeScene('t%253Dabc')).toBeNull()
    expect(decodeScene(encodeURIComponent(encodeURIComponent('abc')))).toBe('abc')
    expect(decodeScene('abc%2525')).toBeNull()
  })

  it('gives null for malformed % sequences', () => {
    expect(decodeScene('%E0%A4%A')).toBeNull()
    expect(decodeScene('abc%')).toBeNull()
  })

  it('gives null for empty or missing input', () => {
    expect(decodeScene(undefined)).toBeNull()
    expect(decodeScene(null)).toBeNull()
    expect(decodeScene('')).toBeNull()
    expect(decodeScene('%20')).toBeNull()
  })

  it('gives null for pairs without t and for values too long or outside the alphabet', () => {
    expect(decodeScene('id%3D7%26from%3Dqr')).toBeNull()
    expect(decodeScene('a'.repeat(33))).toBeNull()
    expect(decodeScene('abc%20def')).toBeNull()
    expect(decodeScene('t%3D')).toBeNull()
  })
})

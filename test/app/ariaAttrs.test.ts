import { ARIA_ATTRS, ARIA_COMPONENTS } from '../../src/utils/ariaAttrs.weapp'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const plugin = require('../../config/plugins/weapp-aria.js') as { ARIA: string[]; COMPONENTS: string[] }

describe('weapp aria attributes', () => {
  it('registers the same attributes at build time and at runtime (aliases must line up)', () => {
    expect([...ARIA_ATTRS].sort()).toEqual([...plugin.ARIA].sort())
    expect([...ARIA_COMPONENTS].sort()).toEqual([...plugin.COMPONENTS].sort())
  })
})

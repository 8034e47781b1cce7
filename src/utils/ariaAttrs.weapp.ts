import { mergeInternalComponents } from '@tarojs/shared'

/**
 * Runtime half of config/plugins/weapp-aria.js: without these entries Taro's runtime would
 * send `ariaLabel` under its own name while the template reads the short alias, and
 * WeChat's screen reader would get nothing. Must run before the first render (app.tsx).
 */
export const ARIA_ATTRS = ['aria-label', 'aria-role', 'aria-hidden', 'aria-disabled', 'aria-checked', 'aria-expanded', 'aria-live']
export const ARIA_COMPONENTS = ['View', 'Text', 'Button', 'Input', 'Textarea', 'Image', 'Switch', 'Label', 'Navigator']

export function registerAriaAttributes(): void {
  const patch: Record<string, Record<string, string>> = {}
  for (const name of ARIA_COMPONENTS) {
    patch[name] = {}
    for (const attr of ARIA_ATTRS) patch[name][attr] = ''
  }
  mergeInternalComponents(patch)
}

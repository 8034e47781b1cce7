/**
 * Taro plugin: let `aria-*` attributes reach the mini-program templates.
 *
 * Taro's weapp templates only print the attributes listed in @tarojs/shared's component
 * table, and `aria-label` / `aria-role` / `aria-hidden` are not in it, so screen readers in
 * WeChat (which supports them on its base components) got nothing. The weapp platform
 * plugin builds its templates from the table exported by '@tarojs/shared/dist/template';
 * extending that table before the build adds the attributes to base.wxml. The runtime keeps its own copy of the table: src/utils/ariaAttrs.weapp.ts adds
 * the same attributes there (attribute aliases are assigned in sorted order, so the two
 * stay aligned; test/app/ariaAttrs.test.ts checks the lists match). No effect on H5, where
 * they are plain DOM attributes.
 */
const ARIA = ['aria-label', 'aria-role', 'aria-hidden', 'aria-disabled', 'aria-checked', 'aria-expanded', 'aria-live']
const COMPONENTS = ['View', 'Text', 'Button', 'Input', 'Textarea', 'Image', 'Switch', 'Label', 'Navigator']

module.exports = (_ctx) => {
  if (process.env.TARO_ENV !== 'weapp') return
  const { internalComponents } = require('@tarojs/shared/dist/template')
  for (const name of COMPONENTS) {
    const comp = internalComponents[name]
    if (!comp) continue
    for (const attr of ARIA) if (!(attr in comp)) comp[attr] = ''
  }
}

module.exports.ARIA = ARIA
module.exports.COMPONENTS = COMPONENTS

// On H5 aria-* are ordinary DOM attributes, but two things need mending once for the whole app:
// - NutUI writes the weapp spelling `aria-role` (and `tab-index`), which browsers ignore and
//   axe reports as invalid ARIA: turn them into `role` / drop the duplicate;
// - Taro pages are scrolling containers that keyboard users must be able to focus;
// - Taro renders <Button> as a <taro-button-core> custom element that screen readers do not
//   know as a button: give it role=button, focusability and Enter/Space activation.
export const ARIA_ATTRS: string[] = []
export const ARIA_COMPONENTS: string[] = []

function mend(el: Element): void {
  const role = el.getAttribute('aria-role')
  if (role !== null) {
    if (!el.hasAttribute('role')) el.setAttribute('role', role)
    el.removeAttribute('aria-role')
  }
  if (el.hasAttribute('tab-index')) {
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', el.getAttribute('tab-index') || '0')
    el.removeAttribute('tab-index')
  }
  // each Taro page is a scrolling container: keyboard users must be able to focus it to scroll
  if (el.classList.contains('taro_page') && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '0')
  // so is every <ScrollView> (the agreement text, the day strip of the slot picker)
  if (el.tagName === 'TARO-SCROLL-VIEW-CORE' && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '0')
  if (el.tagName === 'TARO-BUTTON-CORE') {
    if (!el.hasAttribute('role')) el.setAttribute('role', 'button')
    const disabled = el.hasAttribute('disabled') || el.classList.contains('nut-button-disabled')
    el.setAttribute('aria-disabled', disabled ? 'true' : 'false')
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', disabled ? '-1' : '0')
  }
}

function mendTree(root: Element): void {
  mend(root)
  root.querySelectorAll('[aria-role],[tab-index],taro-button-core,taro-scroll-view-core,.taro_page').forEach(mend)
}

export function registerAriaAttributes(): void {
  if (typeof document === 'undefined' || typeof MutationObserver === 'undefined') return
  const start = () => {
    mendTree(document.body)
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes') mend(r.target as Element)
        r.addedNodes.forEach((n) => {
          if (n.nodeType === 1) mendTree(n as Element)
        })
      }
    }).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-role', 'tab-index', 'disabled', 'class']
    })
    // keyboard activation for elements that only became buttons through `role`
    document.addEventListener('keydown', (e) => {
      const t = e.target as HTMLElement | null
      if (!t || t.tagName === 'BUTTON' || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA') return
      if (!['button', 'switch', 'link', 'radio'].includes(t.getAttribute('role') ?? '')) return
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault()
        t.click()
      }
    })
  }
  if (document.body) start()
  else document.addEventListener('DOMContentLoaded', start, { once: true })
}

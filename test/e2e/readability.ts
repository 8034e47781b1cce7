/**
 * Readability measures shared by the readability walks (owner and staff pages): computed styles
 * of the visible Taro page — share of text at a minimum size, tap target heights, line height,
 * horizontally cut text — and the bars of issue 10 (normal: 90 % of text >= 15 px, targets
 * >= 44 px; 长辈模式: 95 % >= 18 px, targets >= 48 px, line height >= 1.3, nothing cut).
 */
import type { Page } from 'playwright-core'
import { settle } from './harness'

export interface Measure {
  texts: number
  textsAtLeast: number
  share: number
  small: { text: string; px: number }[]
  targets: number
  measuredTargets: { label: string; height: number }[]
  inlineTargets: number
  minLineHeight: number
  cut: string[]
  rootFontPx: number
}

/** Computed styles of the visible Taro page (and anything fixed over it, e.g. a dialog). */
export async function measure(page: Page, minText: number): Promise<Measure> {
  return page.evaluate((minPx) => {
    const pages = Array.from(document.querySelectorAll('.taro_page')) as HTMLElement[]
    const visiblePages = pages.filter((p) => p.checkVisibility() && p.getBoundingClientRect().width > 0)
    const root = visiblePages[visiblePages.length - 1] ?? document.body
    const vw = window.innerWidth
    const seen = (el: Element): boolean => {
      if (!(el as HTMLElement).checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true })) return false
      const r = el.getBoundingClientRect()
      return r.width > 0 && r.height > 0 && r.right > 0 && r.left < vw
    }
    const label = (el: Element): string =>
      (el.getAttribute('aria-label') || (el as HTMLElement).innerText || el.tagName).trim().replace(/\s+/g, ' ').slice(0, 40)

    // text nodes
    let texts = 0
    let ok = 0
    let minLineHeight = Infinity
    const small: { text: string; px: number }[] = []
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim()
      const el = n.parentElement
      if (!text || !el || !seen(el)) continue
      if (el.closest('[aria-hidden="true"]') && el.closest('svg')) continue
      const cs = getComputedStyle(el)
      const px = parseFloat(cs.fontSize)
      texts++
      if (px >= minPx - 0.01) ok++
      else small.push({ text: text.slice(0, 30), px: Math.round(px * 10) / 10 })
      const lh = cs.lineHeight === 'normal' ? 1.2 * px : parseFloat(cs.lineHeight)
      // single-line controls (a button centred by its line-height) are not running text
      if (!el.closest('button, [role="button"], .nut-button, input, [role="switch"]')) minLineHeight = Math.min(minLineHeight, lh / px)
    }

    // tap targets: what a finger can activate (the native input for inputs: the focusable box)
    const selector = [
      'button',
      'a[href]',
      'input:not([type="hidden"]):not([type="file"])',
      'textarea',
      'select',
      '[role="button"]',
      '[role="link"]',
      '[role="switch"]',
      '[role="checkbox"]',
      '[role="radio"]',
      '[role="tab"]',
      '.nut-button'
    ].join(',')
    const targets = Array.from(root.querySelectorAll(selector)).filter(seen)
    const measuredTargets: { label: string; height: number }[] = []
    let inlineTargets = 0
    for (const t of targets) {
      // a link inside a sentence is sized by the sentence (WCAG 2.5.8 inline exception)
      if (getComputedStyle(t).display === 'inline') {
        inlineTargets++
        continue
      }
      // a target inside a larger target counts as that one
      if (t.parentElement?.closest(selector) && t.parentElement.closest(selector) !== t) {
        const outer = t.parentElement.closest(selector)!
        if (outer.getBoundingClientRect().height >= t.getBoundingClientRect().height) continue
      }
      const h = t.getBoundingClientRect().height
      measuredTargets.push({ label: label(t), height: Math.round(h * 10) / 10 })
    }

    // cut text: an element clipping its own text horizontally
    const cut: string[] = []
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (!seen(el)) continue
      const cs = getComputedStyle(el)
      if (cs.overflowX === 'visible' || el.children.length > 0) continue
      if ((el as HTMLElement).scrollWidth > (el as HTMLElement).clientWidth + 1 && (el as HTMLElement).innerText?.trim()) {
        cut.push(label(el))
      }
    }
    return {
      texts,
      textsAtLeast: ok,
      share: texts ? ok / texts : 1,
      small,
      targets: targets.length,
      measuredTargets,
      inlineTargets,
      minLineHeight: minLineHeight === Infinity ? 0 : Math.round(minLineHeight * 100) / 100,
      cut,
      rootFontPx: parseFloat(getComputedStyle(document.documentElement).fontSize)
    }
  }, minText)
}

export interface Failure {
  page: string
  mode: string
  share?: string
  small?: { text: string; px: number }[]
  short?: { label: string; height: number }[]
  minLineHeight?: number
  cut?: string[]
}

/** The bar for one page: what misses it (nothing when the page passes). */
export function failuresOf(mode: 'normal' | 'care', name: string, m: Measure): Failure[] {
  const bar = mode === 'care' ? { text: 0.95, target: 48 } : { text: 0.9, target: 44 }
  const out: Failure[] = []
  if (m.texts === 0) out.push({ page: name, mode, share: 'no visible text' })
  if (m.share < bar.text) out.push({ page: name, mode, share: `${(m.share * 100).toFixed(1)} %`, small: m.small })
  const short = m.measuredTargets.filter((t) => t.height < bar.target)
  if (short.length) out.push({ page: name, mode, short })
  if (mode === 'care') {
    if (m.minLineHeight !== 0 && m.minLineHeight < 1.3) out.push({ page: name, mode, minLineHeight: m.minLineHeight })
    if (m.cut.length) out.push({ page: name, mode, cut: m.cut })
  }
  return out
}

export async function waitLoaded(page: Page): Promise<void> {
  await settle(page)
  await page
    .waitForFunction(() => {
      const pages = Array.from(document.querySelectorAll('.taro_page')) as HTMLElement[]
      const p = pages.filter((x) => x.checkVisibility()).pop()
      return !!p && !p.querySelector('[aria-busy="true"]') && (p.innerText ?? '').trim().length > 0
    }, undefined, { timeout: 8000 })
    .catch(() => undefined)
  await page.waitForTimeout(300)
}


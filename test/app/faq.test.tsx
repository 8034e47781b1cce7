import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { navigateTo, request, resetTaroDouble, setRouterParams } from './taro-double'
import FaqPage from '../../src/owner/faq/index'
import { FaqLink, faqUrl } from '../../src/components/FaqLink'
import { apiError, serveApi } from './helpers'

const CATS = [
  { code: 'move_in_time', title: '入伙时间', count: 1 },
  { code: 'fees', title: '费用与缴费', count: 2 }
]
const PAY = { id: 3, categoryCode: 'fees', categoryTitle: '费用与缴费', question: '如何缴费？', answer: '在小程序中微信支付。' }
const TIME = { id: 1, categoryCode: 'move_in_time', categoryTitle: '入伙时间', question: '什么时候可以办理入伙？', answer: '分批办理。' }

function faqApi() {
  serveApi((url) => {
    const u = new URL(url, 'http://x')
    if (u.pathname !== '/api/faq') return undefined
    const category = u.searchParams.get('category')
    const q = u.searchParams.get('q') ?? ''
    if (category && !['fees', '费用与缴费', 'move_in_time'].includes(category)) return apiError(404, 'NOT_FOUND', '没有这个问题分类')
    const code = category === '费用与缴费' ? 'fees' : category
    const items = [TIME, PAY].filter((i) => (!code || i.categoryCode === code) && (!q || (i.question + i.answer).includes(q)))
    return { status: 200, body: { categories: CATS, category: code, q, items } }
  })
}
// jsdom + NutUI re-renders are slow on a shared 2-core machine
jest.setTimeout(30000)

const urls = () => request.mock.calls.map(([o]) => decodeURIComponent(o.url))

beforeEach(() => {
  resetTaroDouble()
  setRouterParams({})
})

describe('FAQ page', () => {
  it('opens on the deep-linked category and search', async () => {
    faqApi()
    setRouterParams({ category: encodeURIComponent('费用与缴费'), q: encodeURIComponent('缴费') })
    render(<FaqPage />)
    expect(await screen.findByText('如何缴费？')).toBeTruthy()
    expect(urls()[0]).toContain('category=费用与缴费')
    expect(urls()[0]).toContain('q=缴费')
    expect(screen.queryByText('什么时候可以办理入伙？')).toBeNull()
    // a search result shows its answer at once
    expect(screen.getByText('在小程序中微信支付。')).toBeTruthy()
    const tab = screen.getByRole('tab', { name: '费用与缴费' })
    expect(tab.getAttribute('aria-selected')).toBe('true')
  })

  it('switches category with the tabs', async () => {
    faqApi()
    render(<FaqPage />)
    expect(await screen.findByText('什么时候可以办理入伙？')).toBeTruthy()
    fireEvent.click(screen.getByRole('tab', { name: '入伙时间' }))
    await waitFor(() => expect(urls()).toHaveLength(2), { timeout: 5000 })
    await waitFor(() => expect(screen.queryByText('如何缴费？')).toBeNull(), { timeout: 5000 })
    expect(urls()[urls().length - 1]).toContain('category=move_in_time')
  })

  it('a stale category in a link falls back to every category', async () => {
    faqApi()
    setRouterParams({ category: encodeURIComponent('旧分类') })
    render(<FaqPage />)
    expect(await screen.findByText('什么时候可以办理入伙？')).toBeTruthy()
    expect(screen.getByText('如何缴费？')).toBeTruthy()
  })

  it('says so when nothing matches', async () => {
    faqApi()
    setRouterParams({ q: encodeURIComponent('榴莲') })
    render(<FaqPage />)
    expect(await screen.findByTestId('faq-empty')).toBeTruthy()
  })
})

describe('FaqLink', () => {
  it('builds the deep link with encoded parameters', () => {
    expect(faqUrl({ category: '费用与缴费', q: '如何缴费' })).toBe(
      `/owner/faq/index?category=${encodeURIComponent('费用与缴费')}&q=${encodeURIComponent('如何缴费')}`
    )
    expect(faqUrl({})).toBe('/owner/faq/index')
  })

  it('navigates to the FAQ when tapped', () => {
    render(<FaqLink category='费用与缴费' q='如何缴费' />)
    fireEvent.click(screen.getByRole('link', { name: '常见问题：如何缴费？' }))
    expect(navigateTo).toHaveBeenCalledWith({ url: faqUrl({ category: '费用与缴费', q: '如何缴费' }) })
  })
})

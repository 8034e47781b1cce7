import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { reLaunch, request, resetTaroDouble, setRouterParams } from './taro-double'
import SurveyPage from '../../src/owner/survey/index'
import { setOwnerSession } from '../../src/stores/session'
import { apiError, serveApi } from './helpers'

const HOUSE = { id: 1, communityName: '锦绣花园', building: '1', unit: '2', room: '1201', label: '1栋2单元1201', area: 98.5, batch: '第一批' }
const ITEMS = [
  { code: 'notice', title: '入伙通知的及时性与清晰度', weight: 0.15 },
  { code: 'onsite_efficiency', title: '现场办理效率（含验房便利性）', weight: 0.25 },
  { code: 'staff_attitude', title: '工作人员服务态度与专业性', weight: 0.2 },
  { code: 'facilities', title: '配套设施完善程度（电梯、门禁、绿化）', weight: 0.15 },
  { code: 'problems', title: '入伙过程中遇到问题时的处理及时性与效果', weight: 0.1 },
  { code: 'overall', title: '总体满意度', weight: 0.15 }
]
const OPEN = { items: ITEMS, open: true, blockers: [], submitted: false, response: null }
const SCORES = { notice: 4, onsite_efficiency: 3, staff_attitude: 5, facilities: 4, problems: 2, overall: 4 }
const DONE = { ...OPEN, submitted: true, response: { scores: SCORES, comments: { overall: '整体不错' }, csi: 66.25, submittedAt: '2026-03-02T02:00:00.000Z' } }

beforeEach(() => {
  resetTaroDouble()
  setRouterParams({})
  setOwnerSession({ sessionToken: 'tok', expiresAt: new Date(Date.now() + 3600_000).toISOString(), role: 'owner', house: HOUSE })
})

/** Click star `n` of the item titled `title`. */
function rate(container: HTMLElement, title: string, n: number) {
  const group = container.querySelector(`[role="radiogroup"][aria-label^="${title}，"]`)
  if (!group) throw new Error(`no rating for ${title}`)
  fireEvent.click(group.querySelectorAll('.nut-rate-item')[n - 1])
}

describe('owner survey page', () => {
  it('shows the six items, each rating labelled with its title', async () => {
    serveApi((url) => (url === '/api/owner/survey' ? { status: 200, body: OPEN } : undefined))
    const { container } = render(<SurveyPage />)
    expect(await screen.findByText('入伙满意度调查')).toBeTruthy()
    const groups = container.querySelectorAll('[role="radiogroup"]')
    expect(groups).toHaveLength(6)
    ITEMS.forEach((item, i) => expect(groups[i].getAttribute('aria-label')).toBe(`${item.title}，未评分，满分5星`))
  })

  it('a score of 2 or less invites a comment under the item; it does not block submitting', async () => {
    let posted: unknown = null
    serveApi((url, { method, data }) => {
      if (url !== '/api/owner/survey') return undefined
      if (method === 'POST') {
        posted = data
        return { status: 200, body: DONE }
      }
      return { status: 200, body: OPEN }
    })
    const { container } = render(<SurveyPage />)
    await screen.findByText('入伙满意度调查')
    const problems = '入伙过程中遇到问题时的处理及时性与效果'
    expect(screen.getByText(`5. ${problems}`)).toBeTruthy()
    rate(container, problems, 3)
    expect(screen.queryByTestId('survey-low-invite')).toBeNull()
    rate(container, problems, 2)
    const invite = screen.getByTestId('survey-low-invite')
    expect(invite.textContent).toContain('选填')
    // the invitation sits in the item's own block, with its comment box open
    const block = invite.closest('[data-testid="survey-item"]')!
    expect(block.textContent).toContain(problems)
    await waitFor(() => expect(block.querySelector(`[aria-label="${problems} 的意见"]`)).not.toBeNull())
    rate(container, problems, 1)
    expect(screen.getAllByTestId('survey-low-invite')).toHaveLength(1)
    for (const item of ITEMS) if (item.code !== 'problems') rate(container, item.title, 4)
    fireEvent.click(screen.getByText('提交评价'))
    expect(await screen.findByText('感谢您的评价！')).toBeTruthy()
    expect(posted).toEqual({ scores: { notice: 4, onsite_efficiency: 4, staff_attitude: 4, facilities: 4, problems: 1, overall: 4 } })
  })

  it('refuses to submit until every item is scored, and names what is missing', async () => {
    serveApi((url) => (url === '/api/owner/survey' ? { status: 200, body: OPEN } : undefined))
    const { container } = render(<SurveyPage />)
    await screen.findByText('入伙满意度调查')
    rate(container, '总体满意度', 5)
    fireEvent.click(screen.getByText('提交评价'))
    const missing = await screen.findByTestId('survey-missing')
    expect(missing.textContent).toContain('还有 5 项未评分')
    expect(missing.textContent).not.toContain('总体满意度')
    expect(request.mock.calls.filter(([o]) => o.method === 'POST')).toHaveLength(0)
  })

  it('submits the scores and comments, then thanks the owner and shows the answers read-only', async () => {
    let posted: unknown = null
    serveApi((url, { method, data }) => {
      if (url !== '/api/owner/survey') return undefined
      if (method === 'POST') {
        posted = data
        return { status: 200, body: DONE }
      }
      return { status: 200, body: OPEN }
    })
    const { container } = render(<SurveyPage />)
    await screen.findByText('入伙满意度调查')
    for (const item of ITEMS) rate(container, item.title, SCORES[item.code as keyof typeof SCORES])
    expect(container.querySelector('[aria-label="总体满意度，4星，满意，满分5星"]')).not.toBeNull()
    // Taro's <textarea> appears once its web component has rendered
    const overall = await waitFor(() => {
      const t = container.querySelector('textarea[aria-label="其他意见和建议"]')
      if (!t) throw new Error('no textarea 其他意见和建议')
      return t
    })
    fireEvent.input(overall, { target: { value: '  整体不错 ' } })
    fireEvent.click(screen.getByText('提交评价'))
    expect(await screen.findByText('感谢您的评价！')).toBeTruthy()
    expect(posted).toEqual({ scores: SCORES, comments: { overall: '整体不错' } })
    expect(screen.getAllByTestId('survey-answer')).toHaveLength(6)
    expect(screen.queryByText('提交评价')).toBeNull()
  })

  it('on revisit shows the submitted answers without a form', async () => {
    serveApi((url) => (url === '/api/owner/survey' ? { status: 200, body: DONE } : undefined))
    render(<SurveyPage />)
    expect(await screen.findByText('您已完成满意度调查')).toBeTruthy()
    expect(screen.getByText('整体不错')).toBeTruthy()
    expect(screen.getByText('2星 · 不满意')).toBeTruthy()
    expect(screen.queryByText('提交评价')).toBeNull()
  })

  it('states the China date of submission, which turns at Shanghai midnight (15:59:59Z vs 16:00Z)', async () => {
    const at = (submittedAt: string) => ({ ...DONE, response: { ...DONE.response, submittedAt } })
    serveApi((url) => (url === '/api/owner/survey' ? { status: 200, body: at('2026-03-01T16:00:00.000Z') } : undefined))
    const late = render(<SurveyPage />)
    expect(await screen.findByText(/提交时间：2026年3月2日。/)).toBeTruthy()
    late.unmount()
    serveApi((url) => (url === '/api/owner/survey' ? { status: 200, body: at('2026-03-01T15:59:59.000Z') } : undefined))
    render(<SurveyPage />)
    expect(await screen.findByText(/提交时间：2026年3月1日。/)).toBeTruthy()
  })

  it('a 409 from a second device shows the message and the stored answers', async () => {
    let gets = 0
    serveApi((url, { method }) => {
      if (url !== '/api/owner/survey') return undefined
      if (method === 'POST') return apiError(409, 'SURVEY_ALREADY_SUBMITTED', '您的满意度评价已收到，每户只需提交一次，感谢参与')
      gets += 1
      return { status: 200, body: gets === 1 ? OPEN : DONE }
    })
    const { container } = render(<SurveyPage />)
    await screen.findByText('入伙满意度调查')
    for (const item of ITEMS) rate(container, item.title, 5)
    fireEvent.click(screen.getByText('提交评价'))
    expect(await screen.findByText('您已完成满意度调查')).toBeTruthy()
  })

  it('before the move-in is complete it explains why', async () => {
    serveApi((url) => (url === '/api/owner/survey' ? { status: 200, body: { ...OPEN, open: false, blockers: ['完成入伙（领取钥匙）后即可参与满意度调查'] } } : undefined))
    render(<SurveyPage />)
    expect(await screen.findByText('完成入伙（领取钥匙）后即可参与满意度调查')).toBeTruthy()
    expect(screen.queryByText('提交评价')).toBeNull()
  })

  it('without a session (QR scanned on another phone) it goes to verification', async () => {
    resetTaroDouble()
    serveApi(() => undefined)
    render(<SurveyPage />)
    await waitFor(() => expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/entry/index' }))
  })
})

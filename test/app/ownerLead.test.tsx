import { act, configure, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { navigateTo, pageScrollTo, request, resetTaroDouble, setRouterParams, showModal } from './taro-double'
import OwnerInspectionPage from '../../src/owner/inspection/index'
import HomePage from '../../src/pages/home/index'
import { setOwnerSession } from '../../src/stores/session'
import { serveApi } from './helpers'
import { PROGRESS_FIXTURE, STAGES_FIXTURE } from './fixtures'
import type { Defect, OwnerInspection, Progress } from '../../types'

configure({ asyncUtilTimeout: 5000 })
jest.setTimeout(30000)

const HOUSE = { id: 1, communityName: '锦绣花园', building: '1', unit: '1', room: '0301', label: '1栋1单元0301', area: 90, batch: '第一批' }
const ME = { role: 'owner', ownerName: '张*明', ownerIdMasked: '4401********1234', house: HOUSE, servicePhone: '020-12345678' }
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).buffer

const defect = (id: number, status: Defect['status']): Defect => ({
  id,
  inspectionId: 7,
  round: 1,
  room: '卫生间',
  location: `墙角${id}`,
  category: '渗漏',
  severity: '严重',
  description: '顶板有水渍',
  status,
  dueDate: '2026-12-04',
  fixedAt: status === 'open' ? null : '2026-12-02T02:00:00.000Z',
  fixNote: null,
  confirmedAt: status === 'confirmed' ? '2026-12-02T03:00:00.000Z' : null,
  createdAt: '2026-12-01T02:00:00.000Z',
  beforePhotos: [],
  afterPhotos: []
} as Defect)

const view = (defects: Defect[], canSign: boolean): OwnerInspection =>
  ({
    houseLabel: '1栋1单元0301',
    rounds: [
      { id: 7, round: 1, status: 'completed', result: 'defects', startedAt: '2026-12-01T02:00:00.000Z', completedAt: '2026-12-01T03:00:00.000Z', rooms: [], defects },
      { id: 8, round: 2, status: 'completed', result: 'passed', startedAt: '2026-12-02T02:00:00.000Z', completedAt: '2026-12-02T03:00:00.000Z', rooms: [], defects: [] }
    ],
    meters: [],
    canSign,
    signBlockers: canSign ? [] : ['1 处整改待您确认'],
    signedAt: null
  }) as unknown as OwnerInspection

beforeEach(() => {
  resetTaroDouble()
  setRouterParams({})
  setOwnerSession({ sessionToken: 'tok', expiresAt: new Date(Date.now() + 3600_000).toISOString(), role: 'owner', house: HOUSE } as never)
})

describe('owner inspection leads to the 房屋交接单', () => {
  it('a banner at the top says how many fixes to confirm; after the last one it scrolls to the 房屋交接单', async () => {
    let current = view([defect(5, 'fixed'), defect(6, 'fixed')], false)
    request.mockImplementation(async (o: { url: string }) => {
      if (/\/api\/owner\/files\/\d+$/.test(o.url)) return { statusCode: 200, data: PNG, header: { 'content-type': 'image/png' } }
      if (o.url.endsWith('/api/owner/inspection')) return { statusCode: 200, data: current, header: {} }
      const m = /defects\/(\d+)\/confirm$/.exec(o.url)
      if (m) {
        const id = Number(m[1])
        const ds = current.rounds[0].defects.map((d) => (d.id === id ? { ...d, status: 'confirmed' as const } : d))
        current = view(ds, ds.every((d) => d.status === 'confirmed'))
        return { statusCode: 200, data: { id, status: 'confirmed', confirmedAt: '2026-12-02T03:00:00.000Z' }, header: {} }
      }
      return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未找到' } }, header: {} }
    })
    showModal.mockImplementation(() => Promise.resolve({ confirm: true, cancel: false }) as never)
    render(<OwnerInspectionPage />)
    const lead = await screen.findByTestId('inspection-lead')
    expect(lead.textContent).toContain('请确认 2 项整改，然后签署房屋交接单')
    fireEvent.click(screen.getByText('去确认整改').closest('.nut-button') as HTMLElement)
    expect(pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '[data-defect-id="5"]' }))

    const confirmFirst = (await screen.findAllByText('确认已整改'))[0].closest('.nut-button') as HTMLElement
    await act(async () => {
      fireEvent.click(confirmFirst)
    })
    await waitFor(() => expect(screen.getByTestId('inspection-lead').textContent).toContain('请确认 1 项整改'))
    // on to the next fix
    await waitFor(() => expect(pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '[data-defect-id="6"]' })))

    const confirmLast = (await screen.findAllByText('确认已整改'))[0].closest('.nut-button') as HTMLElement
    await act(async () => {
      fireEvent.click(confirmLast)
    })
    await screen.findByTestId('handover-card')
    expect(screen.getByTestId('inspection-lead').textContent).toContain('请签署房屋交接单')
    await waitFor(() => expect(pageScrollTo).toHaveBeenLastCalledWith(expect.objectContaining({ selector: '[data-testid="handover-card"]' })))
  })
})

describe('home next step follows the real state', () => {
  const serveHome = (p: Progress) =>
    serveApi((url) => {
      if (url === '/api/owner/me') return { status: 200, body: ME }
      if (url === '/api/owner/progress') return { status: 200, body: p }
      return undefined
    })

  it('入伙已完成: the button says it opens the 回访问卷', async () => {
    const stages = STAGES_FIXTURE.map((s) => (s.stage === 'followup' ? { ...s, status: 'available' as const } : { ...s, status: 'done' as const }))
    serveHome({ ...PROGRESS_FIXTURE, currentStage: 'followup', nextStep: '入伙已完成，欢迎回家！物业将于 12月9日 前回访', stages })
    render(<HomePage />)
    const card = await screen.findByTestId('next-step')
    expect(card.textContent).toContain('入伙已完成')
    expect(card.textContent).toContain('填写回访问卷')
    expect(card.textContent).not.toContain('去办理')
    fireEvent.click(screen.getByText('填写回访问卷').closest('.nut-button') as HTMLElement)
    expect(navigateTo).toHaveBeenCalledWith({ url: '/owner/survey/index' })
  })

  it('the survey done: no button that opens nothing new', async () => {
    const stages = STAGES_FIXTURE.map((s) => ({ ...s, status: 'done' as const }))
    serveHome({ ...PROGRESS_FIXTURE, currentStage: 'followup', nextStep: '入伙已完成，欢迎回家！如需报修或咨询，请联系物业服务中心', stages })
    render(<HomePage />)
    const card = await screen.findByTestId('next-step')
    expect(card.querySelector('.nut-button')).toBeNull()
  })

  it('fees: the next step names the amount, 去办理 opens the fees page', async () => {
    serveHome({ ...PROGRESS_FIXTURE, currentStage: 'fees', nextStep: '请缴纳入伙费用 ¥9,618.70，可在线支付或到场缴纳' })
    render(<HomePage />)
    const card = await screen.findByTestId('next-step')
    expect(card.textContent).toContain('¥9,618.70')
    expect(card.textContent).toContain('去办理')
  })
})

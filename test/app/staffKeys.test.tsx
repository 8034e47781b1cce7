import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { request, resetTaroDouble, setRouterParams, showModal, showToast } from './taro-double'
import StaffKeysPage from '../../src/staff/keys/index'
import { MIN_INK_LENGTH } from '../../src/components/SignaturePad/strokes'
import { apiError, button, posts, serveApi, signInStaff } from './helpers'
import type { StaffKeysView } from '../../types'

jest.setTimeout(30000)

const PNG_URL = 'data:image/png;base64,iVBORw0KGgo='

function view(over: Partial<StaffKeysView> = {}): StaffKeysView {
  return {
    caseId: 42,
    houseLabel: '1栋2单元1201',
    ownerName: '张*',
    ownerIdMasked: '4401**********1234',
    actingRole: 'owner',
    delegateName: null,
    delegateIdMasked: null,
    keyTypes: [
      { code: 'door', label: '入户门钥匙', defaultCount: 3 },
      { code: 'mailbox', label: '信报箱钥匙', defaultCount: 2 }
    ],
    meters: [{ kind: 'water', label: '水表', value: 12.5, recordedAt: '2026-03-10T02:00:00.000Z' }],
    guard: {
      ok: true,
      reasons: [],
      policy: { feesRequiredForKeys: false, agreementsRequiredForKeys: false },
      policyText: '本小区交钥匙不以缴纳物业费为前提',
      requirements: []
    },
    handover: null,
    ...over
  }
}

function fakeContext() {
  return { beginPath: jest.fn(), moveTo: jest.fn(), lineTo: jest.fn(), stroke: jest.fn(), fillRect: jest.fn(), scale: jest.fn(), setTransform: jest.fn() }
}


function sign(label: string) {
  const pad = screen.getByLabelText(label)
  fireEvent.touchStart(pad, { touches: [{ clientX: 10, clientY: 10 }] })
  fireEvent.touchMove(pad, { touches: [{ clientX: 10 + MIN_INK_LENGTH, clientY: 10 }] })
  fireEvent.touchMove(pad, { touches: [{ clientX: 10 + MIN_INK_LENGTH, clientY: 40 }] })
  fireEvent.touchEnd(pad, { touches: [] })
}

async function submit() {
  await act(async () => {
    fireEvent.click(button('确认交接并完成入伙'))
  })
}

let posted: unknown = null
function keysApi(first: StaffKeysView = view()) {
  let current = first
  serveApi((url, { method, data }) => {
    if (url !== '/api/staff/keys/42') return undefined
    if (method === 'POST') {
      posted = data
      current = view({ handover: { id: 1, handedAt: '2026-03-10T03:04:00.000Z', keys: [{ code: 'door', label: '入户门钥匙', count: 3 }], meters: [], staffName: '前台 林晓' } })
      return { status: 200, body: { handover: current.handover, caseDone: true, followupTaskId: 9 } }
    }
    return { status: 200, body: current }
  })
}

/** Reception opens the handover form of case 42 (the default view) and waits until it is drawn. */
async function openForm() {
  signInStaff('reception')
  keysApi()
  render(<StaffKeysPage />)
  await screen.findByText('钥匙清点')
}

beforeEach(() => {
  resetTaroDouble()
  posted = null
  setRouterParams({ caseId: '42' })
  jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => fakeContext() as never)
  jest.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockImplementation(() => PNG_URL)
})
afterEach(() => jest.restoreAllMocks())

describe('staff key handover form', () => {
  it('shows the masked ID to compare and starts the counts at the community defaults', async () => {
    await openForm()
    // only the masked ID reaches the page, to compare with the card the owner shows
    expect(document.body.textContent).toContain('业主：张*　证件：4401**********1234')
    expect(screen.getByRole('group', { name: '入户门钥匙数量' })).toBeTruthy()
    expect(screen.getByTestId('count-入户门钥匙').textContent).toBe('3')
    expect(screen.getByTestId('count-信报箱钥匙').textContent).toBe('2')
  })

  it('refuses to hand over zero keys', async () => {
    await openForm()
    for (const label of ['入户门钥匙', '信报箱钥匙']) {
      const less = screen.getByLabelText(`减少${label}`)
      for (let i = 0; i < 4; i++) fireEvent.click(less)
    }
    expect(screen.getByTestId('count-入户门钥匙').textContent).toBe('0')
    fireEvent.click(screen.getByText('业主确认房号 1栋2单元1201 无误'))
    await submit()
    expect((await screen.findByTestId('keys-error')).textContent).toBe('请填写交接的钥匙数量')
    expect(posts()).toHaveLength(0)
  })

  it('refuses to submit before the owner confirms the house number', async () => {
    await openForm()
    await submit()
    expect((await screen.findByTestId('keys-error')).textContent).toBe('请业主确认房号无误')
    expect(posts()).toHaveLength(0)
  })

  it('refuses to submit until both have signed', async () => {
    await openForm()
    fireEvent.click(screen.getByText('业主确认房号 1栋2单元1201 无误'))
    sign('业主签名区域')
    await submit()
    // the message names the one that is missing
    expect((await screen.findByTestId('keys-error')).textContent).toBe('请工作人员在「工作人员签名」框内签名')
    expect(posts()).toHaveLength(0)
  })

  it('drawing is signing: no confirm button per pad, each pad says it is signed', async () => {
    await openForm()
    expect(screen.queryByText('确认签名')).toBeNull()
    sign('业主签名区域')
    expect(screen.getByText('业主已签名 ✓')).toBeTruthy()
    expect(screen.getAllByText('已签名 ✓（如需重签请点「清除」）')).toHaveLength(1)
    expect(screen.getByText('工作人员签名')).toBeTruthy()
  })

  it('清除 withdraws a signature, and the error then names it', async () => {
    await openForm()
    fireEvent.click(screen.getByText('业主确认房号 1栋2单元1201 无误'))
    sign('业主签名区域')
    sign('工作人员签名区域')
    const clears = screen.getAllByText('清除').map((t) => (t.closest('.nut-button') ?? t) as HTMLElement)
    fireEvent.click(clears[0])
    expect(screen.getByText('业主签名')).toBeTruthy()
    await submit()
    expect((await screen.findByTestId('keys-error')).textContent).toBe('请业主在「业主签名」框内签名')
    expect(posts()).toHaveLength(0)
  })

  it('nobody signed: the error asks both', async () => {
    await openForm()
    fireEvent.click(screen.getByText('业主确认房号 1栋2单元1201 无误'))
    await submit()
    expect((await screen.findByTestId('keys-error')).textContent).toBe('请业主和工作人员分别在签名框内签名')
  })

  it('sends the counts, both signatures and the confirmation, then shows the record', async () => {
    await openForm()
    fireEvent.click(screen.getByLabelText('增加入户门钥匙'))
    fireEvent.click(screen.getByText('业主确认房号 1栋2单元1201 无误'))
    sign('业主签名区域')
    sign('工作人员签名区域')
    showModal.mockResolvedValueOnce({ confirm: true, cancel: false } as never)
    await submit()
    await waitFor(() => expect(screen.getByTestId('handover-done')).toBeTruthy())
    // asked first, with what is handed over
    expect(showModal).toHaveBeenCalledTimes(1)
    expect((showModal.mock.calls[0] as unknown as [{ title: string; content: string }])[0]).toEqual(
      expect.objectContaining({ title: '确认交接并完成入伙？', content: expect.stringContaining('1栋2单元1201：入户门钥匙 4 把/张、信报箱钥匙 2 把/张') })
    )
    expect(posted).toEqual({
      keys: [
        { code: 'door', count: 4 },
        { code: 'mailbox', count: 2 }
      ],
      ownerSignaturePng: PNG_URL,
      staffSignaturePng: PNG_URL,
      ownerConfirmedHouse: true
    })
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '交接完成' }))
  })

  it('shows the server refusal next to the button', async () => {
    signInStaff('reception')
    serveApi((url, { method }) => {
      if (url !== '/api/staff/keys/42') return undefined
      if (method === 'POST') return apiError(409, 'KEYS_ALREADY_HANDED_OVER', '该房屋的钥匙已交接，不能重复交接')
      return { status: 200, body: view() }
    })
    render(<StaffKeysPage />)
    await screen.findByText('钥匙清点')
    fireEvent.click(screen.getByText('业主确认房号 1栋2单元1201 无误'))
    sign('业主签名区域')
    sign('工作人员签名区域')
    showModal.mockResolvedValueOnce({ confirm: true, cancel: false } as never)
    await submit()
    expect((await screen.findByTestId('keys-error')).textContent).toBe('该房屋的钥匙已交接，不能重复交接')
  })

  it('asks before the handover: 再核对 sends nothing', async () => {
    await openForm()
    fireEvent.click(screen.getByText('业主确认房号 1栋2单元1201 无误'))
    sign('业主签名区域')
    sign('工作人员签名区域')
    await submit()
    expect(showModal).toHaveBeenCalledTimes(1)
    expect(posts()).toHaveLength(0)
    expect(screen.queryByTestId('handover-done')).toBeNull()
  })

  it('lists the reasons and offers no form while the guard is not met', async () => {
    signInStaff('reception')
    keysApi(view({ guard: { ...view().guard, ok: false, reasons: ['业主尚未签署房屋交接单'] } }))
    render(<StaffKeysPage />)
    expect(await screen.findByText('业主尚未签署房屋交接单')).toBeTruthy()
    expect(screen.queryByText('确认交接并完成入伙')).toBeNull()
  })

  it('without a case, points to the board and asks the server nothing', async () => {
    signInStaff('reception')
    keysApi()
    setRouterParams({})
    render(<StaffKeysPage />)
    expect(await screen.findByText('请从今日看板选择业主')).toBeTruthy()
    expect(request).not.toHaveBeenCalled()
  })

  it('is read-only for roles other than reception', async () => {
    signInStaff('manager')
    keysApi()
    render(<StaffKeysPage />)
    expect(await screen.findByText('钥匙交接须由前台接待人员办理，当前账号仅可查看。')).toBeTruthy()
    expect(screen.queryByText('确认交接并完成入伙')).toBeNull()
  })
})

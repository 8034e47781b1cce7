import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { request, resetTaroDouble, showModal } from './taro-double'
import { DefectCard } from '../../src/components/Inspection/DefectCard'
import OwnerInspectionPage from '../../src/owner/inspection/index'
import { setOwnerSession } from '../../src/stores/session'
import type { Defect, OwnerInspection } from '../../types'

jest.setTimeout(30000)

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).buffer

function defect(over: Partial<Defect> = {}): Defect {
  return {
    id: 5,
    inspectionId: 7,
    round: 1,
    room: '卫生间',
    location: '淋浴区墙角',
    category: '渗漏',
    severity: '严重',
    description: '闭水试验后楼下顶板有水渍',
    status: 'fixed',
    dueDate: '2026-12-04',
    fixedAt: '2026-12-02T02:00:00.000Z',
    fixNote: '重做防水层',
    confirmedAt: null,
    createdAt: '2026-12-01T02:00:00.000Z',
    beforePhotos: [{ id: 11, url: '/api/owner/files/11' }],
    afterPhotos: [{ id: 12, url: '/api/owner/files/12' }],
    ...over
  }
}

/** Photos answer as bytes; the owner's inspection view; confirm answers the confirmed defect. */
function serve(view?: OwnerInspection) {
  request.mockImplementation(async (o: { url: string; method?: string }) => {
    if (/\/api\/owner\/files\/\d+$/.test(o.url)) return { statusCode: 200, data: PNG, header: { 'content-type': 'image/png' } }
    if (o.url.endsWith('/api/owner/inspection') && view) return { statusCode: 200, data: view, header: {} }
    if (o.url.endsWith('/confirm')) return { statusCode: 200, data: { id: 5, status: 'confirmed', confirmedAt: '2026-12-02T03:00:00.000Z' }, header: {} }
    return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未找到' } }, header: {} }
  })
}

beforeEach(() => resetTaroDouble())

describe('photos you can judge', () => {
  it('before and after side by side, uncropped; a tap opens the full-screen viewer with zoom', async () => {
    serve()
    render(<DefectCard defect={defect()} auth='owner' />)
    const before = await screen.findByRole('button', { name: '放大查看整改前照片 1' })
    const after = await screen.findByRole('button', { name: '放大查看整改后照片 1' })
    // two columns of one row, captions above
    const cols = document.querySelectorAll('.insp-compare--both .insp-compare__col')
    expect(cols).toHaveLength(2)
    expect(cols[0].contains(before)).toBe(true)
    expect(cols[1].contains(after)).toBe(true)
    // whole photo, never a crop
    await waitFor(() => expect(before.querySelector('[mode]')).not.toBeNull())
    expect(before.querySelector('[mode]')!.getAttribute('mode')).toBe('aspectFit')
    expect(after.querySelector('[mode]')!.getAttribute('mode')).toBe('aspectFit')

    fireEvent.click(before)
    const viewer = screen.getByTestId('photo-viewer')
    expect(viewer.getAttribute('aria-label')).toBe('整改前照片 1（1/2）')
    expect(within(viewer).getByText('100%')).toBeTruthy()
    fireEvent.click(within(viewer).getByRole('button', { name: '放大' }))
    expect(within(viewer).getByText('150%')).toBeTruthy()
    fireEvent.click(within(viewer).getByRole('button', { name: '下一张' }))
    expect(viewer.getAttribute('aria-label')).toBe('整改后照片 1（2/2）')
    // a new photo starts whole again
    expect(within(viewer).getByText('100%')).toBeTruthy()
    fireEvent.click(within(viewer).getByRole('button', { name: '关闭' }))
    expect(screen.queryByTestId('photo-viewer')).toBeNull()
  })
})

describe('确认已整改 asks first', () => {
  const view: OwnerInspection = {
    houseLabel: '1栋1单元0301',
    rounds: [
      {
        id: 7,
        round: 1,
        status: 'completed',
        result: 'defects',
        startedAt: '2026-12-01T02:00:00.000Z',
        completedAt: '2026-12-01T03:00:00.000Z',
        rooms: [],
        defects: [defect()]
      } as unknown as OwnerInspection['rounds'][number]
    ],
    meters: [],
    canSign: false,
    signBlockers: ['还有 1 处整改待您确认'],
    signedAt: null
  }

  beforeEach(() => {
    setOwnerSession({
      sessionToken: 'tok',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      role: 'owner',
      house: { id: 1, communityName: '锦绣花园', building: '1', unit: '1', room: '0301', label: '1栋1单元0301', area: 90, batch: '第一批' }
    } as never)
  })

  const confirms = () => request.mock.calls.filter(([o]) => String(o.url).endsWith('/confirm'))

  it('再看看 sends nothing; 确认已整改 in the dialog confirms', async () => {
    serve(view)
    render(<OwnerInspectionPage />)
    const btn = (await screen.findByText('确认已整改')).closest('.nut-button') as HTMLElement
    await act(async () => {
      fireEvent.click(btn)
    })
    expect(showModal).toHaveBeenCalledTimes(1)
    const opts = (showModal.mock.calls[0] as unknown as [{ title: string; content: string }])[0]
    expect(opts.title).toBe('确认已整改？')
    expect(opts.content).toContain('卫生间·淋浴区墙角：闭水试验后楼下顶板有水渍')
    expect(opts.content).toContain('确认后不能撤回')
    // the platform refuses a button text over 4 characters
    expect(((opts as unknown as { confirmText: string }).confirmText ?? '').length).toBeLessThanOrEqual(4)
    expect(confirms()).toHaveLength(0)

    showModal.mockResolvedValueOnce({ confirm: true, cancel: false } as never)
    await act(async () => {
      fireEvent.click(btn)
    })
    await waitFor(() => expect(confirms()).toHaveLength(1))
  })
})

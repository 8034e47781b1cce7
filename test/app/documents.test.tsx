import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { navigateBack, navigateTo, pageScrollTo, request, reLaunch, resetTaroDouble, setRouterParams, showModal } from './taro-double'
import DocumentsPage from '../../src/owner/documents/index'
import ConsentPage from '../../src/owner/consent/index'
import { setPendingPick, takePendingPick } from '../../src/owner/documents/pendingPick'
import { setOwnerSession } from '../../src/stores/session'
import { apiError, serveApi } from './helpers'
import type { ChecklistEntry, ChecklistResponse } from '../../types'

const HOUSE = { id: 1, communityName: '锦绣花园', building: '1', unit: '2', room: '1201', label: '1栋2单元1201', area: 98.5, batch: '第一批' }

const entry = (e: Partial<ChecklistEntry> & Pick<ChecklistEntry, 'code' | 'title'>): ChecklistEntry => ({
  description: '',
  requirement: 'required',
  required: true,
  status: 'missing',
  reason: null,
  submittedAt: null,
  reviewedAt: null,
  pages: [],
  needsIdConsent: false,
  editable: true,
  canSubmit: false,
  ...e
})

const pdfPage = (id: number, page: number, replacement = false) => ({
  id,
  mime: 'application/pdf',
  size: 2048,
  page,
  createdAt: '2026-03-02T02:00:00.000Z',
  url: `/api/owner/files/${id}`,
  replacement
})

function checklist(over: Partial<ChecklistResponse> = {}): ChecklistResponse {
  return {
    items: [
      entry({ code: 'owner_id_card', title: '业主身份证', needsIdConsent: true, status: 'rejected', reason: '照片模糊，请重新拍摄', reviewedAt: '2026-03-02T03:00:00.000Z', pages: [pdfPage(11, 1)] }),
      entry({ code: 'purchase_contract', title: '购房合同', pages: [pdfPage(21, 1), pdfPage(22, 2)], canSubmit: true }),
      entry({ code: 'fee_agreement', title: '物业费代收代缴协议', requirement: 'optional', required: false })
    ],
    idPhotoConsent: false,
    open: true,
    blockers: [],
    reservationOpen: false,
    maxPagesPerItem: 10,
    maxBytes: 10 * 1024 * 1024,
    ...over
  }
}

beforeEach(() => {
  resetTaroDouble()
  setRouterParams({})
  setOwnerSession({ sessionToken: 'tok', expiresAt: new Date(Date.now() + 3600_000).toISOString(), role: 'owner', house: HOUSE })
})

describe('owner documents page', () => {
  it('shows each item with its status, pages and the rejection reason with a replace action', async () => {
    serveApi((url) => (url === '/api/owner/documents' ? { status: 200, body: checklist() } : undefined))
    render(<DocumentsPage />)
    expect(await screen.findByText('业主身份证')).toBeTruthy()
    const id = screen.getByTestId('doc-item-owner_id_card')
    expect(id.textContent).toContain('未通过')
    expect(id.textContent).toContain('未通过原因：照片模糊，请重新拍摄')
    expect(id.textContent).toContain('第 1 页（将被替换）')
    expect(screen.getByLabelText('业主身份证：重新添加照片或 PDF').textContent).toContain('重新添加照片或 PDF')
    const contract = screen.getByTestId('doc-item-purchase_contract')
    // pages added but not handed in: 未提交, with the reminder and a full-width 提交审核
    expect(contract.textContent).toContain('未提交')
    expect(contract.textContent).not.toContain('待上传')
    expect(contract.textContent).toContain('已添加 2 页，还未提交')
    expect(screen.getByTestId('documents-unsubmitted').textContent).toContain('1 项资料已添加、未提交：购房合同')
    expect(screen.getByTestId('doc-item-fee_agreement').textContent).toContain('待上传')
    expect(contract.textContent).toContain('第 2 页')
    expect(screen.getByLabelText('提交购房合同审核')).toBeTruthy()
    // an optional item with nothing to submit has no submit button
    expect(screen.queryByLabelText('提交物业费代收代缴协议审核')).toBeNull()
    expect(screen.getByTestId('documents-summary').textContent).toContain('必交资料已通过 0/2 项')
    expect(screen.getByText('常见问题：什么样的身份证件有效？')).toBeTruthy()
  })

  it('adding an ID photo without consent opens the consent page first', async () => {
    serveApi((url) => (url === '/api/owner/documents' ? { status: 200, body: checklist() } : undefined))
    render(<DocumentsPage />)
    fireEvent.click(await screen.findByLabelText('业主身份证：重新添加照片或 PDF'))
    await waitFor(() => expect(navigateTo).toHaveBeenCalledWith({ url: '/owner/consent/index?item=owner_id_card&source=album' }))
  })

  it('submits an item and re-reads the checklist; a refusal is shown on the item', async () => {
    let submitted = false
    serveApi((url, { method }) => {
      if (url === '/api/owner/documents') {
        const c = checklist()
        if (submitted) c.items[1] = { ...c.items[1], status: 'submitted', canSubmit: false }
        return { status: 200, body: c }
      }
      if (url === '/api/owner/documents/purchase_contract/submit' && method === 'POST') {
        submitted = true
        return { status: 200, body: { itemCode: 'purchase_contract', status: 'submitted' } }
      }
      if (url === '/api/owner/documents/fee_agreement/submit') return apiError(409, 'CONFLICT', '请先上传照片或文件，再提交审核')
      return undefined
    })
    render(<DocumentsPage />)
    fireEvent.click(await screen.findByLabelText('提交购房合同审核'))
    await waitFor(() => expect(screen.getByTestId('doc-item-purchase_contract').textContent).toContain('审核中'))
    expect(screen.getByTestId('doc-item-purchase_contract').textContent).toContain('24 小时内审核')
    expect(request.mock.calls.some(([o]) => o.url === '/api/owner/documents/purchase_contract/submit' && o.method === 'POST')).toBe(true)
  })

  it('deleting a page calls the API with the page id', async () => {
    serveApi((url, { method }) => {
      if (url === '/api/owner/documents') return { status: 200, body: checklist() }
      if (url === '/api/owner/documents/purchase_contract/files/22' && method === 'DELETE') return { status: 204 }
      return undefined
    })
    render(<DocumentsPage />)
    fireEvent.click(await screen.findByLabelText('删除第 2 页'))
    await waitFor(() => expect(request.mock.calls.some(([o]) => o.url === '/api/owner/documents/purchase_contract/files/22' && o.method === 'DELETE')).toBe(true))
  })

  it('when all required items are approved it offers the reservation', async () => {
    const c = checklist({ reservationOpen: true })
    c.items = c.items.map((i) => ({ ...i, status: i.required ? 'approved' : i.status, editable: !i.required, canSubmit: false, reason: null }))
    serveApi((url) => (url === '/api/owner/documents' ? { status: 200, body: c } : undefined))
    render(<DocumentsPage />)
    fireEvent.click(await screen.findByText('去预约入伙时间'))
    await waitFor(() => expect(navigateTo).toHaveBeenCalledWith({ url: '/owner/reserve/index' }))
    expect(screen.queryByLabelText(/业主身份证：(重新)?添加照片或 PDF/)).toBeNull()
    expect(reLaunch).not.toHaveBeenCalled()
  })

  it('leaving with pages added but not submitted asks first; 去提交 stays and scrolls to the item', async () => {
    serveApi((url) => (url === '/api/owner/documents' ? { status: 200, body: checklist() } : undefined))
    showModal.mockImplementationOnce(() => Promise.resolve({ confirm: true, cancel: false }))
    render(<DocumentsPage />)
    fireEvent.click((await screen.findByText('返回首页')).closest('.nut-button') as HTMLElement)
    await waitFor(() => expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '资料还未提交', confirmText: '去提交' })))
    await waitFor(() => expect(pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '[data-testid="doc-item-purchase_contract"]' })))
    expect(reLaunch).not.toHaveBeenCalled()
    // 稍后再说: leaves
    fireEvent.click(screen.getByText('返回首页').closest('.nut-button') as HTMLElement)
    await waitFor(() => expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' }))
  })

  it('the H5 back arrow and closing the tab ask too while pages are unsubmitted; the question goes with the page', async () => {
    serveApi((url) => (url === '/api/owner/documents' ? { status: 200, body: checklist() } : undefined))
    showModal.mockImplementationOnce(() => Promise.resolve({ confirm: true, cancel: false }))
    const page = render(<DocumentsPage />)
    await screen.findByText('返回首页')
    const closeTab = () => {
      const e = new Event('beforeunload', { cancelable: true })
      window.dispatchEvent(e)
      return e.defaultPrevented
    }
    expect(closeTab()).toBe(true)
    fireEvent.click(screen.getByLabelText('返回'))
    await waitFor(() => expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '资料还未提交', confirmText: '去提交', cancelText: '仍要离开' })))
    // 去提交: stays, at the item
    await waitFor(() => expect(pageScrollTo).toHaveBeenCalledWith(expect.objectContaining({ selector: '[data-testid="doc-item-purchase_contract"]' })))
    expect(reLaunch).not.toHaveBeenCalled()
    expect(navigateBack).not.toHaveBeenCalled()
    // 仍要离开: goes (home, as the page was opened directly)
    fireEvent.click(screen.getByLabelText('返回'))
    await waitFor(() => expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' }))
    page.unmount()
    showModal.mockClear()
    expect(closeTab()).toBe(false)
  })

  it('nothing unsubmitted: 返回首页 leaves at once', async () => {
    const c = checklist()
    c.items[1] = { ...c.items[1], status: 'submitted', canSubmit: false }
    serveApi((url) => (url === '/api/owner/documents' ? { status: 200, body: c } : undefined))
    render(<DocumentsPage />)
    fireEvent.click((await screen.findByText('返回首页')).closest('.nut-button') as HTMLElement)
    await waitFor(() => expect(reLaunch).toHaveBeenCalledWith({ url: '/pages/home/index' }))
    expect(showModal).not.toHaveBeenCalled()
    expect(screen.queryByTestId('documents-unsubmitted')).toBeNull()
  })

  it('after the PIPL consent the file picker opens straight away for the item tapped', async () => {
    setRouterParams({ item: 'owner_id_card', source: 'album' })
    serveApi((url, { method }) => (url === '/api/owner/consents' && method === 'POST' ? { status: 200, body: { kind: 'id_photo', at: '2026-03-02T02:00:00.000Z' } } : undefined))
    const consent = render(<ConsentPage />)
    fireEvent.click(screen.getByText('同意，继续上传').closest('.nut-button') as HTMLElement)
    await waitFor(() => expect(navigateBack).toHaveBeenCalled())
    consent.unmount()
    const pick = takePendingPick()
    expect(pick).toEqual({ item: 'owner_id_card', source: 'album' })
    setPendingPick(pick)
    setRouterParams({})
    serveApi((url) => (url === '/api/owner/documents' ? { status: 200, body: checklist({ idPhotoConsent: true }) } : undefined))
    const click = jest.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (this: HTMLInputElement) {})
    render(<DocumentsPage />)
    await waitFor(() => expect(click).toHaveBeenCalled())
    expect((click.mock.instances[0] as unknown as HTMLInputElement).type).toBe('file')
    expect(takePendingPick()).toBeNull() // once
    click.mockRestore()
  })

  it('a failed load shows the message and a retry', async () => {
    serveApi(() => apiError(500, 'INTERNAL', '服务暂时不可用，请稍后重试'))
    render(<DocumentsPage />)
    expect(await screen.findByText('服务暂时不可用，请稍后重试')).toBeTruthy()
    expect(screen.getByText('重新加载')).toBeTruthy()
  })
})

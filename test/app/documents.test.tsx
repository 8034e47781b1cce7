import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { navigateTo, request, reLaunch, resetTaroDouble, setRouterParams } from './taro-double'
import DocumentsPage from '../../src/owner/documents/index'
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
    expect(contract.textContent).toContain('待上传')
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

  it('a failed load shows the message and a retry', async () => {
    serveApi(() => apiError(500, 'INTERNAL', '服务暂时不可用，请稍后重试'))
    render(<DocumentsPage />)
    expect(await screen.findByText('服务暂时不可用，请稍后重试')).toBeTruthy()
    expect(screen.getByText('重新加载')).toBeTruthy()
  })
})

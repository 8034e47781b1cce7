/**
 * Issue 10 item 3 on the compiled mini-program: with pages added but not submitted, leaving the
 * documents page by WeChat's own back asks first (wx.enableAlertBeforeUnload, naming the item);
 * once everything added is submitted it no longer asks (wx.disableAlertBeforeUnload).
 */
const { buttonWithText, fire, loadPage, waitUntil } = require('./harness')

const SESSION = { sessionToken: 'x'.repeat(43), expiresAt: '2099-01-01T00:00:00.000Z', role: 'owner', house: { id: 1, label: '1栋1单元101' } }
const NOT_FOUND = { status: 404, body: { error: { code: 'NOT_FOUND', message: '请求的内容不存在' } } }

const page = (id, n) => ({ id, page: n, mime: 'application/pdf', size: 2048, createdAt: '2026-03-02T02:00:00.000Z', url: `/api/owner/documents/purchase_contract/files/${id}`, replacement: false })
const entry = (e) => ({
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
const checklist = (contract) => ({
  items: [entry({ code: 'owner_id_card', title: '业主身份证', needsIdConsent: true }), contract],
  idPhotoConsent: false,
  open: true,
  blockers: [],
  reservationOpen: false,
  maxPagesPerItem: 10,
  maxBytes: 10 * 1024 * 1024
})
const ADDED = entry({ code: 'purchase_contract', title: '购房合同', pages: [page(21, 1), page(22, 2)], canSubmit: true })
const SUBMITTED = { ...ADDED, status: 'submitted', canSubmit: false, editable: false, submittedAt: '2026-03-02T03:00:00.000Z' }

function leaveApi() {
  const calls = { enable: [], disable: 0 }
  const wx = {
    enableAlertBeforeUnload: (o) => {
      calls.enable.push(o.message)
      o.success && o.success({ errMsg: 'enableAlertBeforeUnload:ok' })
    },
    disableAlertBeforeUnload: (o = {}) => {
      calls.disable++
      o.success && o.success({ errMsg: 'disableAlertBeforeUnload:ok' })
    }
  }
  return { wx, calls }
}

describe('compiled weapp documents page: leaving with unsubmitted pages', () => {
  it("asks on WeChat's back while 购房合同 has pages not submitted, and stops asking once it is submitted", async () => {
    let contract = ADDED
    const routes = (url, method) => {
      if (url.endsWith('/api/owner/documents') && method === 'GET') return { status: 200, body: checklist(contract) }
      if (url.endsWith('/api/owner/documents/purchase_contract/submit') && method === 'POST') {
        contract = SUBMITTED
        return { status: 200, body: checklist(contract) }
      }
      return NOT_FOUND
    }
    const leave = leaveApi()
    const { comp } = loadPage('owner/documents/index', {}, routes, { storage: { 'anjia.session.owner': SESSION }, wx: leave.wx })
    const dom = comp.dom
    await waitUntil(() => dom.textContent.includes('购房合同'), 'the checklist')
    await waitUntil(() => leave.calls.enable.length > 0, 'the leave question to be armed')
    expect(leave.calls.enable).toHaveLength(1)
    expect(leave.calls.enable[0]).toContain('资料还未提交')
    expect(leave.calls.enable[0]).toContain('购房合同已添加但还未提交审核')

    fire(comp, buttonWithText(dom, '提交审核'), 'tap')
    await waitUntil(() => leave.calls.disable > 0, 'the leave question to be withdrawn')
    expect(leave.calls.enable).toHaveLength(1)
  })

  it('nothing added and unsubmitted: leaving is never asked', async () => {
    const routes = (url, method) => (url.endsWith('/api/owner/documents') && method === 'GET' ? { status: 200, body: checklist(SUBMITTED) } : NOT_FOUND)
    const leave = leaveApi()
    const { comp } = loadPage('owner/documents/index', {}, routes, { storage: { 'anjia.session.owner': SESSION }, wx: leave.wx })
    await waitUntil(() => comp.dom.textContent.includes('购房合同'), 'the checklist')
    await new Promise((r) => setTimeout(r, 50))
    expect(leave.calls.enable).toEqual([])
  })
})

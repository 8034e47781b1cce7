// The COMPILED survey page and home page (dist/weapp) in miniprogram-simulate.
const { loadPage, waitUntil } = require('./harness')

const HOUSE = { id: 1, communityName: '锦绣花园', building: '1', unit: '2', room: '1201', label: '1栋2单元1201', area: 98.5, batch: '第一批' }
const SESSION = { 'anjia.session.owner': { sessionToken: 'tok', expiresAt: '2099-01-01T00:00:00.000Z', role: 'owner', house: HOUSE } }
const ITEMS = [
  { code: 'notice', title: '入伙通知的及时性与清晰度', weight: 0.15 },
  { code: 'onsite_efficiency', title: '现场办理效率（含验房便利性）', weight: 0.25 },
  { code: 'staff_attitude', title: '工作人员服务态度与专业性', weight: 0.2 },
  { code: 'facilities', title: '配套设施完善程度（电梯、门禁、绿化）', weight: 0.15 },
  { code: 'problems', title: '入伙过程中遇到问题时的处理及时性与效果', weight: 0.1 },
  { code: 'overall', title: '总体满意度', weight: 0.15 }
]
const notFound = { status: 404, body: { error: { code: 'NOT_FOUND', message: '请求的内容不存在' } } }

describe('compiled weapp survey page', () => {
  it('renders the six items with their star ratings', async () => {
    const { comp, calls } = loadPage(
      'owner/survey/index',
      { from: 'qr' },
      (url) => (url.endsWith('/api/owner/survey') ? { status: 200, body: { items: ITEMS, open: true, blockers: [], submitted: false, response: null } } : notFound),
      { storage: SESSION }
    )
    const dom = comp.dom
    await waitUntil(() => dom.textContent.includes('总体满意度'), 'the survey items')
    for (const item of ITEMS) expect(dom.textContent).toContain(item.title)
    // the simulator prefixes class names with the component scope: match on the word
    const withClass = (c) => Array.from(dom.querySelectorAll('[class]')).filter((el) => el.getAttribute('class').split(/\s+/).some((k) => k === c || k.endsWith(`--${c}`)))
    expect(withClass('nut-rate')).toHaveLength(6)
    expect(withClass('nut-rate-item')).toHaveLength(30)
    expect(dom.textContent).toContain('提交评价')
    // the owner's bearer token went along, and nobody was sent back to the entry page
    expect(calls.request[0].header.Authorization).toBe('Bearer tok')
    expect(calls.reLaunch).toEqual([])
  })
})

describe('compiled weapp home page', () => {
  it('renders the progress timeline from the progress response', async () => {
    const stages = [
      ['verify', '核验身份', 'done', '已核验业主身份'],
      ['documents', '提交资料', 'attention', '「购房合同」未通过审核，请重新上传'],
      ['reserve', '预约时间', 'locked', '资料审核通过后可预约'],
      ['agreements', '签署协议', 'available', '请阅读并签署协议'],
      ['fees', '缴纳费用', 'available', '待缴 ¥1,234.00'],
      ['checkin', '现场签到', 'locked', '预约当天到场签到'],
      ['inspection', '验房', 'locked', '签到后验房'],
      ['keys', '交钥匙', 'locked', '验房合格后交钥匙'],
      ['done', '完成入伙', 'locked', '交钥匙后完成入伙'],
      ['followup', '回访', 'locked', '入伙后7天内回访']
    ].map(([stage, title, status, summary]) => ({ stage, title, status, summary, blockers: [] }))
    const progress = {
      currentStage: 'documents',
      nextStep: '重新上传购房合同',
      stages,
      policy: { feesRequiredForKeys: true, agreementsRequiredForKeys: false },
      events: [],
      unreadNotifications: 0
    }
    const me = { role: 'owner', ownerName: '张*明', ownerIdMasked: '4401********1234', house: HOUSE, servicePhone: '020-12345678' }
    const { comp } = loadPage(
      'pages/home/index',
      {},
      (url) => (url.endsWith('/api/owner/progress') ? { status: 200, body: progress } : url.endsWith('/api/owner/me') ? { status: 200, body: me } : notFound),
      { storage: SESSION }
    )
    const dom = comp.dom
    await waitUntil(() => dom.textContent.includes('重新上传购房合同'), 'the timeline')
    for (const s of stages) expect(dom.textContent).toContain(s.title)
    expect(dom.textContent).toContain('「购房合同」未通过审核，请重新上传')
    expect(dom.textContent).toContain('重新上传购房合同')
    expect(dom.textContent).toContain('1栋2单元1201')
  })
})

/**
 * Issue 10 item 8 on the compiled mini-program: WeChat's privacy authorisation answered by
 * our own dialog. chooseMedia below plays WeChat: without consent it raises the
 * onNeedPrivacyAuthorization listener and waits for the resolve; agreeing lets the picker go
 * on, refusing fails it with WeChat's privacy errMsg.
 */
const fs = require('node:fs')
const path = require('node:path')
const { DIST, buttonWithText, classes, fire, loadPage, waitUntil } = require('./harness')

const SESSION = { sessionToken: 'x'.repeat(43), expiresAt: '2099-01-01T00:00:00.000Z', role: 'delegate', house: { id: 1, label: '1栋1单元101' } }
const ME = {
  role: 'delegate',
  ownerName: '张*明',
  ownerIdMasked: '4401********1234',
  delegateName: '李*',
  house: { id: 1, communityName: '安家示范小区', building: '1', unit: '1', room: '101', label: '1栋1单元101', area: 98.5, batch: '第一批' },
  servicePhone: '0755-8888 6666'
}

function routes(url, method) {
  if (url.endsWith('/api/owner/me') && method === 'GET') return { status: 200, body: ME }
  return { status: 404, body: { error: { code: 'NOT_FOUND', message: '请求的内容不存在' } } }
}

/** A stand-in for WeChat's privacy machinery around chooseMedia. */
function fakeWechat() {
  const state = { listener: null, registrations: 0, agreed: false, resolves: [], uploads: [] }
  const wx = {
    onNeedPrivacyAuthorization(listener) {
      state.registrations++
      state.listener = listener
    },
    openPrivacyContract() {},
    chooseMedia(options) {
      // Taro passes chooseMedia straight through; without callbacks WeChat answers with a promise
      if (!options.success && !options.fail) {
        return new Promise((resolve, reject) => wx.chooseMedia({ ...options, success: resolve, fail: reject }))
      }
      const opts = options
      const ok = () => {
        const res = { tempFiles: [{ tempFilePath: 'wxfile://tmp/poa.jpg', size: 2048, fileType: 'image' }], errMsg: 'chooseMedia:ok' }
        opts.success && opts.success(res)
        opts.complete && opts.complete(res)
      }
      if (state.agreed) return setTimeout(ok, 0)
      if (!state.listener) {
        const err = { errMsg: 'chooseMedia:fail privacy permission is not authorized', errno: 104 }
        opts.fail && opts.fail(err)
        return opts.complete && opts.complete(err)
      }
      state.listener(
        (answer) => {
          state.resolves.push(answer)
          if (answer.event === 'agree') {
            state.agreed = true
            ok()
          } else {
            const err = { errMsg: 'chooseMedia:fail privacy permission is not authorized', errno: 104 }
            opts.fail && opts.fail(err)
            opts.complete && opts.complete(err)
          }
        },
        { referrer: 'chooseMedia' }
      )
    },
    uploadFile(opts) {
      state.uploads.push(opts.filePath)
      const res = { statusCode: 201, data: JSON.stringify({ itemCode: 'power_of_attorney', status: 'pending_review' }), errMsg: 'uploadFile:ok' }
      setTimeout(() => {
        opts.success && opts.success(res)
        opts.complete && opts.complete(res)
      }, 0)
      return { abort() {}, onProgressUpdate() {} }
    }
  }
  return { wx, state }
}

/** Every node of Taro's data tree (what the compiled templates print). */
function nodes(tree, out = []) {
  if (tree && typeof tree === 'object') {
    if (tree.sid) out.push(tree)
    for (const child of tree.cn || []) nodes(child, out)
  }
  return out
}

async function openDelegate() {
  const fake = fakeWechat()
  const { comp, calls } = loadPage('owner/delegate/index', {}, routes, { storage: { 'anjia.session.owner': SESSION }, wx: fake.wx })
  await waitUntil(() => comp.dom.textContent.includes('上传委托书'), 'the delegate upload card')
  return { comp, calls, fake, dom: comp.dom }
}

describe('compiled weapp: privacy authorisation with our dialog', () => {
  it('registers onNeedPrivacyAuthorization once, and the page has no dialog until a picker asks', async () => {
    const { fake, dom } = await openDelegate()
    expect(fake.state.registrations).toBe(1)
    expect(dom.querySelector('[data-testid="privacy-dialog"]')).toBeNull()
    expect(dom.textContent).not.toContain('隐私保护提示')
    // the page's page-meta (WeChat's font setting / 长辈模式 zoom through page-style)
    expect(dom.querySelector('wx-page-meta')).not.toBeNull()
    expect(fs.readFileSync(path.join(DIST, 'owner/delegate/index.wxml'), 'utf8')).toMatch(/<page-meta [^>]*page-style=/)
  })

  it('a tap on 拍照 shows the dialog before the camera; agreeing (open-type button) lets the photo through', async () => {
    const { comp, fake, dom } = await openDelegate()
    const camera = buttonWithText(dom, '拍照')
    expect(camera).toBeDefined()
    fire(comp, camera, 'tap')
    await waitUntil(() => dom.textContent.includes('隐私保护提示'), 'the privacy dialog')
    expect(fake.state.uploads).toEqual([])
    expect(dom.textContent).toContain('《隐私保护指引》')

    const agree = buttonWithText(dom, '同意并继续')
    // WeChat only counts consent given through its open-type button: the node carries it
    // under the key the compiled <button> template prints as open-type
    const agreeNode = nodes(comp.data.root).find((n) => Object.values(n).includes('agreePrivacyAuthorization'))
    expect(agreeNode).toBeDefined()
    const key = Object.keys(agreeNode).find((k) => agreeNode[k] === 'agreePrivacyAuthorization')
    const buttonTag = fs.readFileSync(path.join(DIST, 'base.wxml'), 'utf8').match(/<button [^>]*>/)[0]
    expect(buttonTag).toContain(`open-type="{{i.${key}}}"`)
    expect(buttonTag).toContain('bindagreeprivacyauthorization="eh"')
    fire(comp, agree, 'agreeprivacyauthorization')
    await waitUntil(() => fake.state.uploads.length === 1, 'the upload after consent')
    expect(fake.state.resolves).toEqual([{ event: 'agree', buttonId: 'anjia-privacy-agree' }])
    expect(fake.state.uploads).toEqual(['wxfile://tmp/poa.jpg'])
    await waitUntil(() => !dom.textContent.includes('隐私保护提示'), 'the dialog closing')
    // consent given: the next photo goes straight to the camera
    await waitUntil(() => dom.textContent.includes('已提交：poa.jpg') && buttonWithText(dom, '拍照'), 'the upload finished')
    fire(comp, buttonWithText(dom, '拍照'), 'tap')
    await waitUntil(() => fake.state.uploads.length === 2, 'the second upload')
    expect(dom.textContent).not.toContain('隐私保护提示')
  })

  it('refusing closes the dialog, uploads nothing and says why in Chinese', async () => {
    const { comp, fake, dom } = await openDelegate()
    fire(comp, buttonWithText(dom, '拍照'), 'tap')
    await waitUntil(() => dom.textContent.includes('隐私保护提示'), 'the privacy dialog')
    fire(comp, buttonWithText(dom, '不同意'), 'tap')
    await waitUntil(() => fake.state.resolves.length === 1, 'the refusal reaching WeChat')
    await waitUntil(() => dom.textContent.includes('您未同意《隐私保护指引》'), `the refusal message in: ${dom.textContent.slice(0, 300)}`)
    expect(fake.state.resolves).toEqual([{ event: 'disagree' }])
    expect(fake.state.uploads).toEqual([])
    expect(dom.textContent).not.toContain('隐私保护提示')
    const errorBox = Array.from(dom.querySelectorAll('wx-view')).find((el) => el.textContent.includes('您未同意') && classes(el).some((c) => c.includes('error')))
    expect(errorBox).toBeDefined()
  })
})

describe('compiled weapp: page zoom for 长辈模式 and WeChat\'s font setting', () => {
  /** The data key the compiled page-meta reads as page-style. */
  function pageStyleOf(comp) {
    const wxml = fs.readFileSync(path.join(DIST, 'owner/delegate/index.wxml'), 'utf8')
    const key = /page-style="\{\{pageMeta\.(\w+)/.exec(wxml)[1]
    return (comp.data.pageMeta || {})[key] || ''
  }

  async function open(storage, wxExtra = {}) {
    const fake = fakeWechat()
    const { comp } = loadPage('owner/delegate/index', {}, routes, { storage: { 'anjia.session.owner': SESSION, ...storage }, wx: { ...fake.wx, ...wxExtra } })
    await waitUntil(() => comp.dom.textContent.includes('上传委托书'), 'the delegate page')
    return comp
  }

  it('normal size: no zoom', async () => {
    expect(pageStyleOf(await open({}))).toBe('')
  })

  it('长辈模式 on (stored on the phone): the page is zoomed 1.2', async () => {
    expect(pageStyleOf(await open({ 'anjia.careMode': true }))).toBe('zoom:1.2;')
  })

  it('a larger WeChat font setting zooms the page by its factor, capped so layouts still fit', async () => {
    expect(pageStyleOf(await open({}, { getAppBaseInfo: () => ({ fontSizeScaleFactor: 1.4 }) }))).toBe('zoom:1.4;')
    expect(pageStyleOf(await open({ 'anjia.careMode': true }, { getAppBaseInfo: () => ({ fontSizeScaleFactor: 2.5 }) }))).toBe('zoom:1.6;')
  })
})

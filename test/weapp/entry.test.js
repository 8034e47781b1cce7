const fs = require('node:fs')
const path = require('node:path')
const { DIST, loadPage, waitUntil } = require('./harness')

const ENTRY = { communityName: '锦绣花园', houseLabel: '1栋2单元1201', openForMoveIn: true, servicePhone: '020-12345678' }

function routes(url, method, data) {
  if (url.endsWith('/api/owner/wx-login')) return { status: 200, body: { linked: false } }
  // the token travels in the body, never in the URL
  if (url.endsWith('/api/entry') && method === 'POST' && data && data.token === 'aB3xK9') return { status: 200, body: ENTRY }
  return { status: 404, body: { error: { code: 'NOT_FOUND', message: '请求的内容不存在' } } }
}

/** Every node of Taro's setData tree (root.cn[...]) */
function nodes(tree, out = []) {
  if (tree && typeof tree === 'object') {
    if (tree.sid) out.push(tree)
    for (const child of tree.cn || []) nodes(child, out)
  }
  return out
}

describe('compiled weapp entry page', () => {
  it('renders the verification form for a scanned scene', async () => {
    const { comp, calls } = loadPage('pages/entry/index', { scene: 't%3DaB3xK9' }, routes)
    const dom = comp.dom
    await waitUntil(() => dom.textContent.includes('1栋2单元1201'), 'the house label')

    // the scene was decoded once and the default weapp API base was used
    expect(calls.request.map((r) => r.url)).toContain('http://127.0.0.1:3000/api/entry')
    expect(calls.request.every((r) => !r.url.includes('aB3xK9'))).toBe(true)
    expect(dom.textContent).toContain('锦绣花园')
    expect(dom.textContent).toContain('业主姓名')
    expect(dom.textContent).toContain('身份证号后6位')

    // two inputs (owner name, ID tail) while the delegate switch is off
    expect(dom.querySelectorAll('wx-input')).toHaveLength(2)
    const submit = Array.from(dom.querySelectorAll('wx-button')).find((b) => b.textContent.includes('核验并进入'))
    expect(submit).toBeDefined()
    expect(dom.textContent).toContain('我是受托人（代办）')
  })

  it('sends each input its aria-label under the alias base.wxml reads', async () => {
    const { comp } = loadPage('pages/entry/index', { scene: 'aB3xK9' }, routes)
    await waitUntil(() => comp.dom.textContent.includes('1栋2单元1201'), 'the house label')
    const all = nodes(comp.data.root)
    const labelled = (label) => all.find((n) => n.uid && Object.entries(n).some(([k, v]) => v === label && k !== 'v'))
    const ownerName = labelled('业主姓名')
    const idTail = labelled('身份证号后6位')
    expect(ownerName).toBeDefined()
    expect(idTail).toBeDefined()

    // the key the runtime used must be the one the compiled template prints as aria-label
    const aliasKey = Object.keys(ownerName).find((k) => ownerName[k] === '业主姓名')
    const wxml = fs.readFileSync(path.join(DIST, 'base.wxml'), 'utf8')
    const inputTag = wxml.match(/<input [^>]*>/)[0]
    expect(inputTag).toContain(`aria-label="{{i.${aliasKey}}}"`)
  })
})

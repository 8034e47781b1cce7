import { demoOwnerCredentials } from '../../server/src/seed/demo'
import { likePattern } from '../../server/src/modules/faq/repository'
import { searchTerms } from '../../server/src/modules/faq/service'
import { createTestApp, dialects, staffLogin, verifyAs, bearer, type TestApp } from './harness'

describe('faq search helpers', () => {
  test('LIKE wildcards typed by the owner are escaped', () => {
    expect(likePattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%')
  })
})

describe.each(dialects())('FAQ (%s)', (dialect) => {
  let t: TestApp
  let communityId: number
  beforeAll(async () => {
    t = await createTestApp(dialect)
    communityId = Number((await t.db.handle.db.selectFrom('communities').select('id').executeTakeFirstOrThrow()).id)
  })
  afterAll(async () => t.close())

  const get = (query: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: `/api/faq?${query}`, headers })

  test('the five categories, every question, by community id (landing page)', async () => {
    const res = await get(`communityId=${communityId}`)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.categories.map((c: { title: string }) => c.title)).toEqual(['入伙时间', '费用与缴费', '装修管理', '报修', '物业服务'])
    const total = body.categories.reduce((a: number, c: { count: number }) => a + c.count, 0)
    expect(body.items).toHaveLength(total)
    expect(body.category).toBeNull()
  })

  test('by the invitation token of the landing page, and by an owner session', async () => {
    const byToken = await get('', { 'x-anjia-invite': demoOwnerCredentials(3).token })
    expect(byToken.statusCode).toBe(200)
    const owner = await verifyAs(t, 3)
    const bySession = await get('', bearer(owner.sessionToken))
    expect(bySession.statusCode).toBe(200)
    expect(bySession.json().items).toEqual(byToken.json().items)
    const staff = await staffLogin(t, 'reception')
    expect((await get('', bearer(staff))).statusCode).toBe(200)
  })

  test('category filter by title or code', async () => {
    const byTitle = (await get(`communityId=${communityId}&category=${encodeURIComponent('费用与缴费')}`)).json()
    expect(byTitle.category).toBe('fees')
    expect(byTitle.items.length).toBeGreaterThan(0)
    expect(byTitle.items.every((i: { categoryTitle: string }) => i.categoryTitle === '费用与缴费')).toBe(true)
    const byCode = (await get(`communityId=${communityId}&category=fees`)).json()
    expect(byCode.items).toEqual(byTitle.items)
  })

  test('search over question and answer', async () => {
    const q = (await get(`communityId=${communityId}&q=${encodeURIComponent('如何缴费')}`)).json()
    expect(q.items.map((i: { question: string }) => i.question)).toEqual(['如何缴费？'])
    // "微信支付" appears only in answers
    const inAnswer = (await get(`communityId=${communityId}&q=${encodeURIComponent('微信支付')}`)).json()
    expect(inAnswer.items.length).toBeGreaterThan(0)
    expect(inAnswer.items.every((i: { question: string; answer: string }) => !i.question.includes('微信支付') && i.answer.includes('微信支付'))).toBe(true)
    // every term must match
    const both = (await get(`communityId=${communityId}&q=${encodeURIComponent('门禁卡 补办')}`)).json()
    expect(both.items.map((i: { question: string }) => i.question)).toEqual(['门禁卡丢了怎么办？'])
    expect((await get(`communityId=${communityId}&q=${encodeURIComponent('门禁卡 榴莲')}`)).json().items).toEqual([])
  })

  test('search is case-insensitive on Latin letters and treats % and _ literally', async () => {
    await t.db.handle.db
      .insertInto('faqs')
      .values({
        community_id: communityId,
        category_id: Number((await t.db.handle.db.selectFrom('faq_categories').select('id').where('code', '=', 'property_services').executeTakeFirstOrThrow()).id),
        question: '小区有 WiFi 吗？',
        answer: '公共区域提供免费 WiFi，覆盖率 90%。',
        sort: 99
      })
      .execute()
    for (const term of ['wifi', 'WIFI', 'WiFi']) {
      const r = (await get(`communityId=${communityId}&q=${term}`)).json()
      expect(r.items.map((i: { question: string }) => i.question)).toEqual(['小区有 WiFi 吗？'])
    }
    expect((await get(`communityId=${communityId}&q=${encodeURIComponent('90%')}`)).json().items).toHaveLength(1)
    expect((await get(`communityId=${communityId}&q=${encodeURIComponent('%')}`)).json().items).toHaveLength(1)
    expect((await get(`communityId=${communityId}&q=_`)).json().items).toHaveLength(0)
  })

  test('search and category together', async () => {
    const r = (await get(`communityId=${communityId}&category=move_in_time&q=${encodeURIComponent('缴费')}`)).json()
    expect(r.items).toEqual([])
    const r2 = (await get(`communityId=${communityId}&category=fees&q=${encodeURIComponent('缴费')}`)).json()
    expect(r2.items.length).toBeGreaterThan(0)
  })

  test('bad or missing community and unknown category are 4xx with a Chinese message', async () => {
    const none = await get('')
    expect(none.statusCode).toBe(400)
    expect(none.json().error.message).toMatch(/[\u4e00-\u9fa5]/)
    expect((await get('communityId=99999')).statusCode).toBe(404)
    expect((await get('communityId=abc')).statusCode).toBe(400)
    expect((await get('', { 'x-anjia-invite': 'nope-nope' })).json().error.code).toBe('INVITE_NOT_FOUND')
    // the token never travels in the query string any more: a stale link is refused
    expect((await get(`token=${demoOwnerCredentials(3).token}`)).statusCode).toBe(400)
    expect((await get(`communityId=${communityId}&category=${encodeURIComponent('不存在')}`)).statusCode).toBe(404)
    expect((await get(`communityId=${communityId}&q=${'长'.repeat(51)}`)).statusCode).toBe(400)
    expect((await get(`communityId=${communityId}&extra=1`)).statusCode).toBe(400)
    // a dead bearer falls back to the query
    expect((await get(`communityId=${communityId}`, bearer('x'.repeat(40)))).statusCode).toBe(200)
  })
})

describe('faq search terms', () => {
  test('split on whitespace, at most five', () => {
    expect(searchTerms('  门禁卡 　补办 ')).toEqual(['门禁卡', '补办'])
    expect(searchTerms('a b c d e f g')).toHaveLength(5)
    expect(searchTerms(undefined)).toEqual([])
  })
})

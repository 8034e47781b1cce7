/**
 * The entry scenario in real WeChat DevTools: open the QR landing with a scene, fill the
 * verification form, tap submit, land on the owner home.
 *
 * Needs: WeChat DevTools with 设置 → 安全 → 服务端口 enabled, `npm run build:weapp`, and
 * either the API running (set ANJIA_SCENE / ANJIA_OWNER_NAME / ANJIA_ID_TAIL to a seeded
 * house) or nothing: without those variables wx.request is mocked inside the simulator.
 * DEVTOOLS_CLI points at the CLI when it is not in the default place.
 */
import path from 'node:path'
import automator from 'miniprogram-automator'

type MiniProgram = Awaited<ReturnType<typeof automator.launch>>

const projectPath = path.resolve(__dirname, '../..')
const live = Boolean(process.env.ANJIA_SCENE)
const scene = process.env.ANJIA_SCENE ?? 'aB3xK9'
const ownerName = process.env.ANJIA_OWNER_NAME ?? '张三'
const idTail = process.env.ANJIA_ID_TAIL ?? '123456'

let miniProgram: MiniProgram

beforeAll(async () => {
  miniProgram = await automator.launch({ projectPath, cliPath: process.env.DEVTOOLS_CLI })
  if (!live) {
    // runs inside the mini-program: canned answers for the endpoints this scenario calls
    await miniProgram.mockWxMethod(
      'request',
      function (options: { url: string }, house: string) {
        const future = new Date(Date.now() + 3600000).toISOString()
        const h = { id: 1, communityName: '锦绣花园', building: '1', unit: '2', room: '1201', label: house, area: 98.5, batch: '第一批' }
        if (/\/api\/owner\/wx-login$/.test(options.url)) return { statusCode: 200, data: { linked: false } }
        if (/\/api\/entry\//.test(options.url))
          return { statusCode: 200, data: { communityName: '锦绣花园', houseLabel: house, openForMoveIn: true, servicePhone: '020-12345678' } }
        if (/\/api\/owner\/verify$/.test(options.url))
          return { statusCode: 200, data: { sessionToken: 'devtools', expiresAt: future, role: 'owner', house: h } }
        if (/\/api\/owner\/me$/.test(options.url))
          return { statusCode: 200, data: { role: 'owner', ownerName: '张*', ownerIdMasked: '4401********1234', house: h, servicePhone: '020-12345678' } }
        if (/\/api\/owner\/progress$/.test(options.url))
          return {
            statusCode: 200,
            data: {
              currentStage: 'documents',
              nextStep: '上传入伙资料',
              stages: [{ stage: 'verify', title: '核验身份', status: 'done', summary: '已核验', blockers: [] }],
              policy: { feesRequiredForKeys: false, agreementsRequiredForKeys: false },
              events: [],
              unreadNotifications: 0
            }
          }
        return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '请求的内容不存在' } } }
      },
      '1栋2单元1201'
    )
  }
})

afterAll(async () => {
  if (miniProgram) await miniProgram.close()
})

it('verifies an owner from the QR landing and opens the home page', async () => {
  const page = await miniProgram.reLaunch(`/pages/entry/index?scene=${encodeURIComponent(`t=${scene}`)}`)
  if (!page) throw new Error('entry page did not open')
  await page.waitFor(async () => (await page.$$('input')).length >= 2)

  const inputs = await page.$$('input')
  await inputs[0].input(ownerName)
  await inputs[1].input(idTail)

  const buttons = await page.$$('button')
  let submit = null
  for (const b of buttons) if ((await b.text()).includes('核验并进入')) submit = b
  if (!submit) throw new Error('submit button not found')
  await submit.tap()

  await page.waitFor(2000)
  const current = await miniProgram.currentPage()
  expect(current?.path).toBe('pages/home/index')
})

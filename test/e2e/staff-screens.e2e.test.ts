/**
 * Staff screens at 375x812 (issue 10 item 7), living demo over the compiled server + H5 build:
 * login placeholders, the reviewer's home with counts, the review with the registered name and
 * the in-app viewer, the cashier's confirmation, the day board. Screenshots: races-*.png.
 */
import type { Browser, Page } from 'playwright-core'
import { demoOwnerCredentials } from '../../server/src/seed/demo'
import { launchBrowser, phoneContext, type RunningServer, settle, shot, SHOTS, signInStaff, startServer } from './harness'

const HOUSE = 2
let server: RunningServer
let browser: Browser

const cur = (page: Page) => page.locator('.taro_page:visible').last()

async function staffPage(role: 'reviewer' | 'cashier' | 'reception'): Promise<Page> {
  const page = await (await phoneContext(browser)).newPage()
  await signInStaff(page, server, role)
  return page
}

/** An owner submits a photo of the ID card through the API (the owner's screens are not under test here). */
async function ownerSubmitsIdCard(photo: Buffer): Promise<void> {
  const c = demoOwnerCredentials(HOUSE)
  const v = await fetch(`${server.url}/api/owner/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-anjia-client': 'e2e-races' },
    body: JSON.stringify({ token: c.token, ownerName: c.ownerName, ownerIdTail: c.idTail })
  })
  expect(v.status).toBe(200)
  const auth = { authorization: `Bearer ${(await v.json()).sessionToken}` }
  expect((await fetch(`${server.url}/api/owner/consents`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'id_photo' }) })).status).toBe(200)
  const form = new FormData()
  form.append('file', new Blob([photo], { type: 'image/png' }), 'id.png')
  const up = await fetch(`${server.url}/api/owner/documents/owner_id_card/files`, { method: 'POST', headers: auth, body: form })
  expect(`${up.status} ${up.status === 200 ? '' : await up.text()}`).toBe('200 ')
  expect((await fetch(`${server.url}/api/owner/documents/owner_id_card/submit`, { method: 'POST', headers: auth })).status).toBe(200)
}

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

test('login shows what to type', async () => {
  const page = await (await phoneContext(browser)).newPage()
  await page.goto(`${server.url}/#/staff/login/index`)
  await page.locator('input[aria-label="用户名"]').waitFor()
  expect(await page.locator('input[aria-label="用户名"]').getAttribute('placeholder')).toBe('请输入工号/手机号')
  expect(await page.locator('input[aria-label="密码"]').getAttribute('placeholder')).toBe('请输入密码')
  await shot(page, 'races-login')
})

test('reviewer: home counts, the registered name beside the ID photo, the in-app viewer', async () => {
  // a real PNG of a mock ID card, drawn by the browser
  const draw = await (await phoneContext(browser)).newPage()
  await draw.setContent('<div style="width:320px;height:200px;background:#dfe9f3;font:24px sans-serif;padding:20px">居民身份证（样张）<br>姓名 ＊＊＊<br>公民身份号码 ＊＊＊＊</div>')
  const photo = await draw.locator('div').screenshot({ type: 'png' })
  await ownerSubmitsIdCard(photo)

  const page = await staffPage('reviewer')
  await cur(page).locator('[data-testid="staff-tile"]', { hasText: '户待审' }).waitFor()
  await shot(page, 'races-home-reviewer')

  await cur(page).locator('[data-testid="staff-tile"]', { hasText: '资料审核' }).click()
  await page.waitForURL(/staff\/review\/index/)
  await settle(page)
  await cur(page).locator('[data-testid="review-queue-item"]').first().waitFor()
  const label = demoOwnerCredentials(HOUSE).label
  await cur(page).locator('[data-testid="review-queue-item"]', { hasText: label }).first().click()
  const identity = cur(page).locator('[data-testid="review-identity"]')
  await identity.waitFor()
  expect(await identity.textContent()).toContain(`备案业主：${demoOwnerCredentials(HOUSE).ownerName}`)
  await cur(page).locator('.insp-photo__img').first().waitFor()
  await shot(page, 'races-review')

  await cur(page).locator('[role="button"][aria-label^="放大查看"]').first().click()
  await page.locator('[data-testid="document-viewer"]').waitFor()
  await page.locator('.nut-button', { hasText: '旋转' }).click()
  await page.locator('.nut-button', { hasText: '放大' }).click()
  await page.waitForTimeout(300)
  await page.screenshot({ path: `${SHOTS}/races-review-viewer.png` })
})

test('cashier: the confirmation shows amount and method, the card slip is required', async () => {
  const page = await staffPage('cashier')
  await settle(page)
  expect(await cur(page).locator('[data-testid="house-search"]').count()).toBe(0)
  await shot(page, 'races-home-cashier')
  await cur(page).locator('[data-testid="staff-tile"]', { hasText: '柜台收款' }).click()
  await page.waitForURL(/staff\/cashier\/index/)
  await settle(page)
  const label = demoOwnerCredentials(HOUSE).label
  await cur(page).locator('input[aria-label="房号或业主姓名"]').fill(label)
  await cur(page).locator('.nut-button', { hasText: '查询账单' }).click()
  await cur(page).locator('.cashier__result').first().click()
  await cur(page).locator('.nut-button', { hasText: '确认收款并开具收据' }).waitFor()
  await cur(page).locator('.nut-button', { hasText: '银行卡' }).click()
  await cur(page).locator('.nut-button', { hasText: '确认收款并开具收据' }).click()
  await cur(page).getByText('请填写 POS 签购单上的凭证号').waitFor()
  await cur(page).locator('input[aria-label="POS 签购单凭证号（必填）"]').fill('POS 00123456')
  await cur(page).locator('.nut-button', { hasText: '确认收款并开具收据' }).click()
  await page.locator('[data-testid="cashier-confirm"]').waitFor()
  expect(await page.locator('[data-testid="cashier-confirm"]').textContent()).toContain('收款方式：银行卡')
  await page.waitForTimeout(300)
  await page.screenshot({ path: `${SHOTS}/races-cashier-confirm.png` })
})

test('reception: the board', async () => {
  const page = await staffPage('reception')
  await cur(page).locator('[data-testid="staff-tile"]').first().waitFor()
  await shot(page, 'races-home-reception')
  await cur(page).locator('[data-testid="staff-tile"]', { hasText: '今日看板' }).click()
  await page.waitForURL(/staff\/board\/index/)
  const next = cur(page).locator('.nut-button', { hasText: '叫下一位' })
  await next.waitFor()
  await shot(page, 'races-board')
  // call everyone waiting: then the button is disabled and says why
  for (let i = 0; i < 10 && (await cur(page).getByTestId('next-disabled-reason').count()) === 0; i++) {
    await next.click()
    await page.waitForTimeout(800)
  }
  await cur(page).getByTestId('next-disabled-reason').waitFor()
  expect(await next.isDisabled()).toBe(true)
  await page.evaluate(() => window.scrollTo(0, 0))
  await shot(page, 'races-board-empty')
})

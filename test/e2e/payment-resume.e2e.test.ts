/**
 * Issue 10 item 2 in Chromium at 375x812 over the H5 build and the real server (sandbox pay):
 * an owner leaves the cashier without paying, comes back to 继续支付 and pays the same order;
 * another owner leaves, taps 取消本次支付 and starts a new order. Screenshots: owner-pay-*.png.
 */
import type { Browser, Locator, Page } from 'playwright-core'
import { demoOwnerCredentials } from '../../server/src/seed/demo'
import { axeSerious, launchBrowser, phoneContext, settle, shot, startServer, type RunningServer } from './harness'

let server: RunningServer
let browser: Browser

const cur = (page: Page): Locator => page.locator('.taro_page:visible').last()
const button = (scope: Locator, text: string | RegExp): Locator => scope.locator('[role="button"]', { hasText: text }).first()

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function ownerOnFees(house: number): Promise<Page> {
  const owner = demoOwnerCredentials(house)
  const page = await (await phoneContext(browser)).newPage()
  await page.goto(`${server.url}/#/pages/entry/index?scene=${encodeURIComponent(owner.token)}`)
  await page.locator('[data-testid="verify-form"]').waitFor()
  await page.locator('input[aria-label="业主姓名"]').fill(owner.ownerName)
  await page.locator('input[aria-label="身份证号后6位"]').fill(owner.idTail)
  await page.locator('[role="button"]', { hasText: '核验并进入' }).click()
  await page.waitForURL(/pages\/home\/index/)
  await cur(page).locator('[data-testid="next-step"]').waitFor({ timeout: 60000 })
  await page.goto(`${server.url}/#/owner/fees/index`)
  // a fresh start on the page, as reopening the link would (the router may keep the home on top)
  await page.reload()
  await button(cur(page), '微信支付').waitFor({ timeout: 60000 }).catch(async (err) => {
    await shot(page, `owner-pay-xx-fees-${house}`)
    throw err
  })
  await settle(page)
  return page
}

/** 微信支付 → the sandbox cashier → back without paying; returns the order id of the cashier. */
async function leaveCashierUnpaid(page: Page): Promise<number> {
  await settle(page)
  await button(cur(page), '微信支付').click().catch(async (err) => {
    await shot(page, 'owner-pay-xx-no-pay-button')
    throw err
  })
  await page.waitForURL(/owner\/cashier/)
  await button(cur(page), '确认支付（沙箱）').waitFor()
  const id = Number(new URL(page.url().replace('#', '')).searchParams.get('id'))
  await page.goBack()
  await page.waitForURL(/owner\/fees/)
  await button(cur(page), '继续支付').waitFor()
  await settle(page)
  return id
}

test('a pending payment is resumed and paid once', async () => {
  const page = await ownerOnFees(99)
  const id = await leaveCashierUnpaid(page)
  expect(await cur(page).innerText()).not.toContain('请勿重复支付')
  await expect(button(cur(page), '取消本次支付').isVisible()).resolves.toBe(true)
  expect(await cur(page).locator('[aria-label^="微信支付"]').count()).toBe(0)
  await shot(page, 'owner-pay-10-pending')
  expect(await axeSerious(page)).toEqual([])

  await button(cur(page), '继续支付').click()
  await page.waitForURL(/owner\/cashier/)
  expect(Number(new URL(page.url().replace('#', '')).searchParams.get('id'))).toBe(id) // the same order
  await button(cur(page), '确认支付（沙箱）').click()
  await cur(page).locator('.fees__state', { hasText: '已支付' }).waitFor({ timeout: 20000 })
  await shot(page, 'owner-pay-11-resumed-paid')
  // the receipt: the owner's own name, the payee, 线上支付, and the PDF to keep
  await button(cur(page), '查看收据').click()
  await page.waitForURL(/owner\/receipt/)
  await cur(page).locator('[data-testid="receipt"]').waitFor()
  expect(await cur(page).locator('[data-testid="receipt"]').innerText()).toContain('线上支付')
  await button(cur(page), '保存收据（PDF）').waitFor()
  await shot(page, 'owner-pay-13-receipt')
  // home and messages after paying
  await page.goto(`${server.url}/#/pages/home/index`)
  await cur(page).locator('[data-testid="next-step"]').waitFor()
  await shot(page, 'owner-pay-14-home-after-paying')
  await page.goto(`${server.url}/#/owner/messages/index`)
  await cur(page).getByText('缴费成功').first().waitFor()
  await shot(page, 'owner-pay-15-messages')

  await page.goto(`${server.url}/#/owner/fees/index`)
  await page.reload()
  await cur(page).locator('.fees__state', { hasText: '已缴清' }).first().waitFor()
  expect(await cur(page).locator('[aria-label^="微信支付"]').count()).toBe(0)
  expect(await button(cur(page), '继续支付').count()).toBe(0)
  await page.context().close()
})

test('another pending payment is cancelled, and the owner starts again with a new order', async () => {
  const page = await ownerOnFees(98)
  const first = await leaveCashierUnpaid(page)
  await button(cur(page), '取消本次支付').click()
  await cur(page).getByText('已取消本次支付，未产生扣款，可重新支付。').waitFor({ timeout: 15000 })
  await button(cur(page), '微信支付').waitFor()
  await settle(page)
  await shot(page, 'owner-pay-12-cancelled')
  expect(await axeSerious(page)).toEqual([])

  await button(cur(page), '微信支付').click()
  await page.waitForURL(/owner\/cashier/)
  const second = Number(new URL(page.url().replace('#', '')).searchParams.get('id'))
  expect(second).not.toBe(first)
  await button(cur(page), '确认支付（沙箱）').click()
  await cur(page).locator('.fees__state', { hasText: '已支付' }).waitFor({ timeout: 20000 })
  await page.context().close()
})

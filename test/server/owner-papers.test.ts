/*
 * The papers an owner keeps (issue 10 item 6): the receipt with the owner's own full name, the
 * real payee and the method (经办: the cashier, or 线上支付), and PDFs of the receipt, each signed
 * agreement, the signed 房屋交接单 and the key record, served to that owner only. Text is read
 * back out of the PDF with poppler's pdftotext.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEMO_COMMUNITY, demoHouses } from '../../server/src/seed/demo'
import { bearer, createTestApp, dialects, staffLogin, type TestApp } from './harness'
import { inspectionSigned, ownerWithReservation, setPolicy, signaturePng } from './checkin-fixtures'
import { dataUrl, signedPng } from './agreements-png'
import { createOrder, idemKey, ownerOf, paidTx, postNotify, signedNotification } from './payments.helpers'

function pdfText(buf: Buffer): string {
  const file = path.join(os.tmpdir(), `anjia-paper-${process.pid}-${Math.random().toString(36).slice(2)}.pdf`)
  fs.writeFileSync(file, buf)
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
  } finally {
    fs.rmSync(file, { force: true })
  }
}

describe.each(dialects())('papers the owner keeps (%s)', (dialect) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(dialect, { config: { publicUrl: 'http://127.0.0.1:9' } })
    t.clock.set('2026-03-03T02:00:00.000Z')
  })
  afterAll(async () => t.close())

  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers })

  test('a counter receipt: the owner sees their own full name, the payee and 经办 the cashier; the PDF says the same', async () => {
    const o = await ownerOf(t, 30)
    const name = demoHouses()[30].owner.name
    const cashier = await staffLogin(t, 'cashier')
    const paid = await t.app.inject({
      method: 'POST',
      url: '/api/staff/payments',
      headers: bearer(cashier),
      payload: { houseId: o.house.id, method: 'cash', amountCents: 50000, idempotencyKey: idemKey() }
    })
    expect(paid.statusCode).toBe(200)
    const id = paid.json().receipt.id
    // staff still see the name masked
    expect(paid.json().receipt.payerName).not.toBe(name)
    const r = (await get(`/api/owner/receipts/${id}`, o.headers)).json()
    expect(r).toMatchObject({ payerName: name, company: DEMO_COMMUNITY.company, methodText: '现金', handledBy: '财务 刘芳' })

    const pdf = await get(`/api/owner/receipts/${id}/pdf`, o.headers)
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(String(pdf.headers['content-disposition'])).toContain(encodeURIComponent(`收据-${r.number}.pdf`))
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const text = pdfText(pdf.rawPayload)
    for (const s of [r.number, name, DEMO_COMMUNITY.company, '现金', '财务 刘芳', '500.00']) expect(text).toContain(s)
  })

  test('an online receipt reads 微信支付, 经办 线上支付', async () => {
    const o = await ownerOf(t, 31)
    const { order } = await createOrder(t, o.headers)
    expect((await postNotify(t, await signedNotification(t, paidTx(order)))).statusCode).toBe(204)
    const status = (await get(`/api/owner/payments/${order.id}`, o.headers)).json()
    const r = (await get(`/api/owner/receipts/${status.receiptId}`, o.headers)).json()
    expect(r).toMatchObject({ methodText: '微信支付', handledBy: '线上支付', payerName: demoHouses()[31].owner.name })
    expect(pdfText((await get(`/api/owner/receipts/${r.id}/pdf`, o.headers)).rawPayload)).toContain('线上支付')
  })

  test('another house: no receipt, no agreement, no 交接单, no key record (404, no PDF bytes)', async () => {
    const a = await ownerWithReservation(t, 32, '2026-03-03')
    const b = await ownerOf(t, 33)
    const cashier = await staffLogin(t, 'cashier')
    const receipt = (
      await t.app.inject({ method: 'POST', url: '/api/staff/payments', headers: bearer(cashier), payload: { houseId: a.houseId, method: 'card', amountCents: 100, reference: 'POS123', idempotencyKey: idemKey() } })
    ).json().receipt
    const list = (await get('/api/owner/agreements', bearer(a.token))).json()
    const agreement = list.items[0]
    expect((await t.app.inject({ method: 'POST', url: `/api/owner/agreements/${agreement.id}/sign`, headers: bearer(a.token), payload: { signaturePng: dataUrl(signedPng(3)), readToEnd: true, version: agreement.version } })).statusCode).toBe(200)
    await inspectionSigned(t, a.caseId)
    await setPolicy(t, { fees: false, agreements: false })
    const reception = await staffLogin(t, 'reception')
    const handed = await t.app.inject({
      method: 'POST',
      url: `/api/staff/keys/${a.caseId}`,
      headers: bearer(reception),
      payload: { keys: [{ code: 'door_key', count: 3 }], ownerSignaturePng: signaturePng(1), staffSignaturePng: signaturePng(2), ownerConfirmedHouse: true }
    })
    expect(handed.statusCode).toBe(200)
    const urls = [`/api/owner/receipts/${receipt.id}/pdf`, `/api/owner/agreements/${agreement.id}/pdf`, '/api/owner/inspection/handover.pdf', '/api/owner/keys/record.pdf']
    // the owner of the house gets each of them
    for (const url of urls) {
      const own = await get(url, bearer(a.token))
      expect([url, own.statusCode, own.headers['content-type']]).toEqual([url, 200, 'application/pdf'])
    }
    // another owner gets none of them (for b the inspection and the keys are their own case: not signed, not handed)
    for (const url of urls) {
      const other = await get(url, b.headers)
      expect([url, other.statusCode]).toEqual([url, 404])
      expect(other.rawPayload.subarray(0, 4).toString('latin1')).not.toBe('%PDF')
    }
    // without a session: 401
    expect((await get(urls[0], {})).statusCode).toBe(401)

    const agreementText = pdfText((await get(urls[1], bearer(a.token))).rawPayload)
    expect(agreementText).toContain(agreement.title)
    expect(agreementText).toContain('SHA-256')
    const handoverText = pdfText((await get(urls[2], bearer(a.token))).rawPayload)
    expect(handoverText).toContain('房屋交接单')
    expect(handoverText).toContain('水表 12.5')
    const keyText = pdfText((await get(urls[3], bearer(a.token))).rawPayload)
    expect(keyText).toContain('入户门钥匙')
    expect(keyText).toContain('前台 林晓')
  })
})

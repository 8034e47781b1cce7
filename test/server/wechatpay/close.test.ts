/*
 * WeChat Pay v3 close order: POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close with
 * {"mchid"}: our request signature is checked with Node's own verifier (not our code), and the
 * sandbox answers as WeChat does.
 */
import { createVerify } from 'node:crypto'
import { RealWechatPayClient, SandboxWechatPay, generateSandboxKeys, signWechatpayHeaders, type SandboxKeys } from '../../../server/src/modules/payments/wechatpay'
import { APPID, MCHID, NOW, NOW_SEC, rsaPair } from './fixtures'

let keys: SandboxKeys
beforeAll(() => {
  keys = generateSandboxKeys()
})

const sandbox = () => new SandboxWechatPay({ mchid: MCHID, appid: APPID, keys, now: () => NOW, retryDelaysMs: [] })
let seq = 0
const place = async (s: SandboxWechatPay) => {
  const outTradeNo = `AJCLOSE${String(++seq).padStart(6, '0')}`
  await s.createJsapiOrder({ outTradeNo, description: '入伙费用', amountCents: 100, openid: 'o_payer', notifyUrl: 'http://127.0.0.1:9/notify' })
  return outTradeNo
}

describe('RealWechatPayClient.closeOrder', () => {
  it('POSTs {mchid} to …/{out_trade_no}/close, signed over METHOD\\nPATH\\nTIMESTAMP\\nNONCE\\nBODY\\n', async () => {
    const merchant = rsaPair()
    const platform = rsaPair()
    const seen: { url: string; method: string; body: string; auth: string }[] = []
    const client = new RealWechatPayClient({
      mchid: MCHID,
      appid: APPID,
      serialNo: 'ABC123',
      privateKeyPem: merchant.privateKeyPem,
      platformPublicKeys: new Map([['PLAT1', platform.publicKeyPem]]),
      now: () => NOW,
      fetch: async (input, init) => {
        seen.push({ url: String(input), method: init!.method!, body: String(init!.body), auth: (init!.headers as Record<string, string>).Authorization })
        return new Response(null, { status: 204, headers: signWechatpayHeaders({ body: '', platformPrivateKeyPem: platform.privateKeyPem, platformSerial: 'PLAT1', timestamp: NOW_SEC }) })
      }
    })
    await client.closeOrder('AJ2025060800000001')
    expect(seen).toHaveLength(1)
    const r = seen[0]
    expect(r.url).toBe('https://api.mch.weixin.qq.com/v3/pay/transactions/out-trade-no/AJ2025060800000001/close')
    expect(r.method).toBe('POST')
    expect(JSON.parse(r.body)).toEqual({ mchid: MCHID })
    const fields = Object.fromEntries([...r.auth.replace(/^WECHATPAY2-SHA256-RSA2048 /, '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))
    expect(fields.mchid).toBe(MCHID)
    const v = createVerify('RSA-SHA256')
    v.update(`POST\n/v3/pay/transactions/out-trade-no/AJ2025060800000001/close\n${fields.timestamp}\n${fields.nonce_str}\n${r.body}\n`)
    expect(v.verify(merchant.publicKeyPem, fields.signature, 'base64')).toBe(true)
  })

  it('refuses an unsigned 204 (a forged "closed" is not believed)', async () => {
    const client = new RealWechatPayClient({
      mchid: MCHID,
      appid: APPID,
      serialNo: 'ABC123',
      privateKeyPem: rsaPair().privateKeyPem,
      platformPublicKeys: new Map([['PLAT1', rsaPair().publicKeyPem]]),
      now: () => NOW,
      fetch: async () => new Response(null, { status: 204 })
    })
    await expect(client.closeOrder('AJ2025060800000002')).rejects.toMatchObject({ code: 'RESPONSE_SIGNATURE_INVALID' })
  })
})

describe('SandboxWechatPay close', () => {
  it('closes an unpaid order: the query says CLOSED and paying it fails', async () => {
    const s = sandbox()
    const no = await place(s)
    await s.closeOrder(no)
    expect((await s.queryOrder(no))?.trade_state).toBe('CLOSED')
    await expect(s.pay(no, { result: 'SUCCESS' })).rejects.toMatchObject({ code: 'ORDER_CLOSED' })
    await s.closeOrder(no) // closing again is fine
  })

  it('a paid order answers ORDERPAID and stays paid', async () => {
    const s = sandbox()
    const no = await place(s)
    await s.pay(no, { result: 'SUCCESS', notify: false })
    await expect(s.closeOrder(no)).rejects.toMatchObject({ status: 400, code: 'ORDERPAID' })
    expect((await s.queryOrder(no))?.trade_state).toBe('SUCCESS')
  })

  it('an unknown order is ORDER_NOT_EXIST', async () => {
    await expect(sandbox().closeOrder('AJNOSUCH0001')).rejects.toMatchObject({ status: 404, code: 'ORDER_NOT_EXIST' })
  })

  it('a payment and a close at once: exactly one wins', async () => {
    const s = sandbox()
    const no = await place(s)
    const [p, c] = await Promise.allSettled([s.pay(no, { result: 'SUCCESS', notify: false }), s.closeOrder(no)])
    const state = (await s.queryOrder(no))?.trade_state
    if (state === 'SUCCESS') expect(p.status).toBe('fulfilled')
    else expect([state, p.status, c.status]).toEqual(['CLOSED', 'rejected', 'fulfilled'])
  })
})

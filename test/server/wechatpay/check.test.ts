import { checkTransactionAgainstOrder } from '../../../server/src/modules/payments/wechatpay'
import { APPID, MCHID, paidTransaction } from './fixtures'

const order = { outTradeNo: 'AJ20250608000001', amountCents: 268800, mchid: MCHID, appid: APPID }

describe('checkTransactionAgainstOrder', () => {
  it('accepts the transaction of this order', () => {
    expect(checkTransactionAgainstOrder(paidTransaction(), order)).toEqual({ ok: true })
  })
  it('accepts a payer_total lowered by a WeChat coupon', () => {
    const tx = paidTransaction({ amount: { total: 268800, payer_total: 258800, currency: 'CNY' } })
    expect(checkTransactionAgainstOrder(tx, order)).toEqual({ ok: true })
  })
  it('refuses a different amount, even by one fen', () => {
    const tx = paidTransaction({ amount: { total: 268799, payer_total: 268799 } })
    expect(checkTransactionAgainstOrder(tx, order)).toEqual({ ok: false, reason: 'amount_mismatch' })
  })
  it('refuses another currency', () => {
    const tx = paidTransaction({ amount: { total: 268800, currency: 'USD' } })
    expect(checkTransactionAgainstOrder(tx, order)).toEqual({ ok: false, reason: 'amount_mismatch' })
  })
  it('refuses another order number', () => {
    const tx = paidTransaction({ out_trade_no: 'AJ20250608000002' })
    expect(checkTransactionAgainstOrder(tx, order)).toEqual({ ok: false, reason: 'order_mismatch' })
  })
  it('refuses another merchant or appid', () => {
    expect(checkTransactionAgainstOrder(paidTransaction({ mchid: '1900000110' }), order)).toEqual({ ok: false, reason: 'merchant_mismatch' })
    expect(checkTransactionAgainstOrder(paidTransaction({ appid: 'wx0000000000000000' }), order)).toEqual({ ok: false, reason: 'merchant_mismatch' })
  })
})
